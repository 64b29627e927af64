// The dashboard: a unit's indicators on a date (GET /api/v1/reports/rollup, rolled up
// village → commune → province across merges), models by type and by status, evaluations by
// class over the last six quarters (one roll-up per quarter), and the flagged models one
// click away.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { bars, EVAL_CLASSES, MODEL_STATUSES, periodsUpTo, vietnamToday, type FlaggedModel, type ModelType, type Rollup } from "../lib/movement";
import { BarChart, StackedColumns, type Column } from "../components/movement_chart";
import { UnitPick, useDefaultUnit } from "../components/movement_unit_pick";
import { Link } from "../components/movement_link";
import { classLabel, statusLabel } from "../components/movement_labels";
import { reconciledShare } from "../lib/movement_records";
import { formatDay } from "../lib/time";
import { t } from "../i18n";

export function MovementDashboard(props: { areas: string[] }) {
  const [unit, setUnit, units] = useDefaultUnit(props.areas);
  const [asOf, setAsOf] = useState(vietnamToday());
  const [rollup, setRollup] = useState<Rollup | null>(null);
  const [columns, setColumns] = useState<Column[]>([]);
  const [flagged, setFlagged] = useState<number | null>(null);
  const [types, setTypes] = useState<ModelType[]>([]);
  const [error, setError] = useState("");

  useEffect(() => {
    api<{ types: ModelType[] }>("GET", "/api/v1/model-types").then((r) => setTypes(r.types), () => {});
  }, []);

  useEffect(() => {
    if (!unit) return;
    setError("");
    const q = (more: string) => `/api/v1/reports/rollup?unit=${encodeURIComponent(unit)}&as_of=${asOf}${more}`;
    api<Rollup>("GET", q("")).then(setRollup, (e) => {
      setRollup(null);
      setError((e as Error).message);
    });
    api<{ models: FlaggedModel[] }>("GET", `/api/v1/reports/flagged?unit=${encodeURIComponent(unit)}`).then((r) => setFlagged(r.models.length), () => setFlagged(null));
    Promise.all(
      periodsUpTo("Q", asOf, 6).map((p) =>
        api<Rollup>("GET", q(`&period=${p}`)).then(
          (r): Column => ({ key: p, parts: EVAL_CLASSES.map((c) => ({ key: c, value: r.totals.evaluations[c] ?? 0 })) }),
          (): Column => ({ key: p, parts: EVAL_CLASSES.map((c) => ({ key: c, value: 0 })) }),
        ),
      ),
    ).then(setColumns);
  }, [unit, asOf]);

  const typeName = (code: string) => types.find((x) => x.code === code)?.name ?? code;
  const tot = rollup?.totals;
  return (
    <div class="mv-dashboard">
      <form class="card form-grid" onSubmit={(e) => e.preventDefault()}>
        <UnitPick value={unit} onChange={setUnit} units={units} />
        <label>
          {t("mv.asOf")}
          <input type="date" name="as_of" value={asOf} onChange={(e) => setAsOf((e.target as HTMLInputElement).value || vietnamToday())} />
        </label>
      </form>
      {error && <p class="error">{error}</p>}
      {rollup && tot && (
        <>
          <h1 data-testid="mv-dashboard-unit">{rollup.unit.name}</h1>
          <div class="mv-kpis">
            <div class="card kpi" data-testid="mv-kpi-models" data-value={tot.models}><b>{tot.models}</b>{t("mv.kpi.models")}</div>
            <div class="card kpi"><b>{tot.points}</b>{t("mv.kpi.points")}</div>
            <div class="card kpi"><b>{tot.teams}</b>{t("mv.kpi.teams")}</div>
            <div class="card kpi"><b>{tot.members}</b>{t("mv.kpi.members")}</div>
            <div class="card kpi" data-testid="mvx-kpi-mediation" data-value={tot.mediation_handled}><b>{tot.mediation_handled}</b>{t("mvx.kpi.mediation", { from: formatDay(rollup.from) })}</div>
            <div class="card kpi" data-testid="mvx-kpi-reconciled" data-value={tot.mediation_reconciled}><b>{reconciledShare(tot.mediation_handled, tot.mediation_reconciled)}</b>{t("mvx.kpi.reconciled")}</div>
            <Link href={`/movement/flagged?unit=${encodeURIComponent(unit)}`} class={`card kpi ${flagged ? "warn" : ""}`} testid="mv-kpi-flagged">
              <b data-value={flagged ?? ""}>{flagged ?? "–"}</b>
              {t("mv.kpi.flagged")}
            </Link>
          </div>
          <div class="mv-charts">
            <div class="card">
              <h2>{t("mv.chart.byType")}</h2>
              <BarChart bars={bars(tot.by_type, types.map((x) => x.code))} label={typeName} testid="mv-chart-type" />
            </div>
            <div class="card">
              <h2>{t("mv.chart.byStatus")}</h2>
              <BarChart bars={bars(tot.by_status, MODEL_STATUSES)} label={statusLabel} barClass={(k) => `st-${k}`} testid="mv-chart-status" />
            </div>
            <div class="card">
              <h2>{t("mv.chart.evaluations")}</h2>
              <StackedColumns columns={columns} label={classLabel} testid="mv-chart-evaluations" />
            </div>
          </div>
          {rollup.children.length > 0 && (
            <div class="table-wrap card">
              <table class="list" data-testid="mv-children">
                <thead>
                  <tr><th>{t("mv.unit")}</th><th>{t("mv.kpi.models")}</th><th>{t("mv.kpi.points")}</th><th>{t("mv.kpi.teams")}</th><th>{t("mv.kpi.members")}</th><th>{classLabel("yeu")}</th><th>{t("mvx.med.title")}</th><th>{t("mvx.kpi.reconciled")}</th></tr>
                </thead>
                <tbody>
                  {rollup.children.map((c) => (
                    <tr>
                      <td><a href="#" onClick={(e) => { e.preventDefault(); setUnit(c.unit.code); }}>{c.unit.name}</a> <small class="muted">{c.unit.code}</small></td>
                      <td>{c.totals.models}</td>
                      <td>{c.totals.points}</td>
                      <td>{c.totals.teams}</td>
                      <td>{c.totals.members}</td>
                      <td>{c.totals.evaluations["yeu"] ?? 0}</td>
                      <td>{c.totals.mediation_handled}</td>
                      <td>{c.totals.mediation_reconciled}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
