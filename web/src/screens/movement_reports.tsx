// The report builder: a unit, a period (the report counts that period's evaluations) or a
// date to draw it on, a format (XLSX, or DOCX/PDF in the form of Nghị định 30/2020) → a
// background job on the server (POST /api/v1/reports), its progress polled, then the file.
// The report engine is the reports engineer's (docs/ref/openapi.yaml); a server without it
// answers "no such route" and the builder says the engine is not there, rather than failing.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { jobFinished, periodOf, periodsUpTo, reportsUnavailable, vietnamToday, type Rollup } from "../lib/movement";
import { ReportJobCard, useReportJob } from "../components/report_job";
import { UnitPick, useDefaultUnit } from "../components/movement_unit_pick";
import { classLabel } from "../components/movement_labels";
import { EVAL_CLASSES } from "../lib/movement";
import { t } from "../i18n";

export function MovementReports(props: { areas: string[] }) {
  const [unit, setUnit, units] = useDefaultUnit(props.areas);
  const [mode, setMode] = useState<"period" | "as_of">("period");
  const [period, setPeriod] = useState(periodOf("H", vietnamToday()));
  const [asOf, setAsOf] = useState(vietnamToday());
  const [format, setFormat] = useState<"xlsx" | "docx" | "pdf">("xlsx");
  const { job, error, setError, start: startJob } = useReportJob();
  const [unavailable, setUnavailable] = useState(false);
  const [preview, setPreview] = useState<Rollup | null>(null);

  // The indicators the report will hold, from the roll-up the dashboard uses.
  useEffect(() => {
    if (!unit) return;
    const p = new URLSearchParams({ unit });
    if (mode === "period") p.set("period", period);
    else p.set("as_of", asOf);
    api<Rollup>("GET", `/api/v1/reports/rollup?${p}`).then(setPreview, () => setPreview(null));
  }, [unit, mode, period, asOf]);

  const start = async (e: Event) => {
    e.preventDefault();
    try {
      const body: Record<string, string> = { unit, format };
      if (mode === "period") body.period = period;
      else body.as_of = asOf;
      await startJob("/api/v1/reports", body);
    } catch (err) {
      if (reportsUnavailable(err)) setUnavailable(true);
      else setError((err as Error).message);
    }
  };

  const periods = [...periodsUpTo("H", vietnamToday(), 4), ...periodsUpTo("Y", vietnamToday(), 2), ...periodsUpTo("Q", vietnamToday(), 4)];
  return (
    <div class="mv-reports">
      <h1>{t("mv.reports.title")}</h1>
      <form class="card form-grid" data-testid="mv-report-form" onSubmit={start}>
        <UnitPick value={unit} onChange={setUnit} units={units} />
        <label>
          {t("mv.reports.mode")}
          <select name="mode" value={mode} onChange={(e) => setMode((e.target as HTMLSelectElement).value as "period" | "as_of")}>
            <option value="period">{t("mv.reports.byPeriod")}</option>
            <option value="as_of">{t("mv.reports.byDate")}</option>
          </select>
        </label>
        {mode === "period" ? (
          <label>
            {t("mv.period")}
            <select name="period" value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)}>
              {periods.map((p) => <option value={p}>{p}</option>)}
            </select>
          </label>
        ) : (
          <label>
            {t("mv.asOf")}
            <input type="date" name="as_of" value={asOf} onChange={(e) => setAsOf((e.target as HTMLInputElement).value || vietnamToday())} />
          </label>
        )}
        <label>
          {t("mv.reports.format")}
          <select name="format" value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as "xlsx" | "docx" | "pdf")}>
            <option value="xlsx">Excel (XLSX)</option>
            <option value="docx">Word (DOCX)</option>
            <option value="pdf">PDF</option>
          </select>
        </label>
        <span><button type="submit" class="primary" data-testid="mv-report-start" disabled={!unit || (job !== null && !jobFinished(job))}>{t("mv.reports.start")}</button></span>
      </form>
      {unavailable && <p class="warn card" data-testid="mv-report-unavailable">{t("mv.reports.unavailable")}</p>}
      {error && <p class="error">{error}</p>}
      {job && <ReportJobCard job={job} testid="mv-report" download={(name) => t("mv.reports.download", { name })} />}
      {preview && (
        <div class="card" data-testid="mv-report-preview" data-models={preview.totals.models}>
          <h2>{t("mv.reports.preview", { unit: preview.unit.name })}</h2>
          <p>
            {t("mv.kpi.models")}: <b>{preview.totals.models}</b> · {t("mv.kpi.points")}: {preview.totals.points} · {t("mv.kpi.teams")}: {preview.totals.teams} · {t("mv.kpi.members")}: {preview.totals.members}
          </p>
          <p>{EVAL_CLASSES.map((c) => `${classLabel(c)}: ${preview.totals.evaluations[c] ?? 0}`).join(" · ")}</p>
        </div>
      )}
    </div>
  );
}
