// The evaluation form: a period (quarter, 6 months — sơ kết, year — tổng kết), a criteria
// set, a 0-100 score per criterion with the weighted score and class shown as you type (the
// server's own arithmetic, lib/movement.ts), comments and evidence. For a "camera giám sát
// ANTT" model the evidence is pre-filled from what the camera system recorded over the
// period (GET /api/v1/models/{id}/evaluations/prefill, docs/ref/openapi.yaml); a server
// without that route says so and the form works without it.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { classFor, periodOf, periodsUpTo, reportsUnavailable, vietnamToday, weightedScoreX10, type CriteriaSet, type EvaluationPrefill, type ModelDetail, type PeriodKind } from "../lib/movement";
import { navigate } from "../router";
import { classLabel } from "../components/movement_labels";
import { t } from "../i18n";

export function MovementEvaluate(props: { id: number }) {
  const [detail, setDetail] = useState<ModelDetail | null>(null);
  const [sets, setSets] = useState<CriteriaSet[]>([]);
  const [kind, setKind] = useState<PeriodKind>("Q");
  const [period, setPeriod] = useState(periodOf("Q", vietnamToday()));
  const [setId, setSetId] = useState(1);
  const [scores, setScores] = useState<Record<string, number | undefined>>({});
  const [comments, setComments] = useState("");
  const [evidence, setEvidence] = useState("");
  const [prefill, setPrefill] = useState<EvaluationPrefill | null>(null);
  const [prefillNote, setPrefillNote] = useState("");
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  const path = `/api/v1/models/${props.id}`;
  useEffect(() => {
    api<ModelDetail>("GET", path).then(setDetail, (e) => setError({ message: (e as Error).message }));
    api<{ criteria_sets: CriteriaSet[] }>("GET", "/api/v1/criteria-sets").then((r) => {
      setSets(r.criteria_sets);
      if (r.criteria_sets[0]) setSetId(r.criteria_sets[0].id);
    }, (e) => setError({ message: (e as Error).message }));
  }, [props.id]);

  // The camera model's figures for the chosen period.
  useEffect(() => {
    if (detail?.model.type !== "camera") return;
    setPrefill(null);
    setPrefillNote("");
    api<EvaluationPrefill>("GET", `${path}/evaluations/prefill?period=${period}`).then(
      (p) => {
        setPrefill(p);
        setEvidence(p.evidence);
      },
      (e) => setPrefillNote(reportsUnavailable(e) ? t("mv.prefill.unavailable") : (e as Error).message),
    );
  }, [detail?.model.type, period]);

  if (!detail) return error ? <p class="error">{error.message}</p> : <p class="loading">{t("common.loading")}</p>;
  const set = sets.find((s) => s.id === setId);
  const x10 = set ? weightedScoreX10(set, scores) : null;
  const options = periodsUpTo(kind, vietnamToday(), kind === "Y" ? 3 : 6).reverse();

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api("POST", `${path}/evaluations`, { period, criteria_set_id: setId, scores, comments, evidence });
      navigate(`/movement/models/${props.id}`);
    } catch (err) {
      setError({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined });
    }
  };
  const inv = (f: string) => (error?.field === f ? "invalid" : "");

  return (
    <form class="mv-evaluate card form-grid" data-testid="mv-evaluate-form" onSubmit={submit}>
      <h1>{t("mv.evaluateTitle", { name: detail.model.name })}</h1>
      <label>
        {t("mv.periodKind")}
        <select name="kind" value={kind} onChange={(e) => { const k = (e.target as HTMLSelectElement).value as PeriodKind; setKind(k); setPeriod(periodOf(k, vietnamToday())); }}>
          <option value="Q">{t("mv.kind.Q")}</option>
          <option value="H">{t("mv.kind.H")}</option>
          <option value="Y">{t("mv.kind.Y")}</option>
        </select>
      </label>
      <label class={inv("period")}>
        {t("mv.period")}
        <select name="period" value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)}>
          {options.map((p) => <option value={p}>{p}</option>)}
        </select>
      </label>
      <label class={inv("criteria_set_id")}>
        {t("mv.criteriaSet")}
        <select name="criteria_set_id" value={setId} onChange={(e) => { setSetId(Number((e.target as HTMLSelectElement).value)); setScores({}); }}>
          {sets.map((s) => <option value={s.id}>{s.name}</option>)}
        </select>
      </label>
      {set?.criteria.map((c) => (
        <label class={inv("scores")}>
          {c.name} <small class="muted">({t("mv.weight")} {c.weight})</small>
          <input
            type="number"
            min="0"
            max="100"
            step="1"
            required
            name={`score-${c.key}`}
            value={scores[c.key] ?? ""}
            onInput={(e) => {
              const v = (e.target as HTMLInputElement).value;
              setScores({ ...scores, [c.key]: v === "" ? undefined : Number(v) });
            }}
          />
        </label>
      ))}
      <p class="mv-preview" data-testid="mv-preview">
        {set && x10 !== null ? (
          <>
            {t("mv.score")}: <b>{(x10 / 10).toFixed(1)}</b> — <span class={`badge cls-${classFor(set, x10)}`} data-class={classFor(set, x10)}>{classLabel(classFor(set, x10))}</span>
          </>
        ) : (
          <span class="muted">{t("mv.previewHint")}</span>
        )}
      </p>
      {detail.model.type === "camera" && (
        <div class="mv-prefill" data-testid="mv-prefill">
          <h2>{t("mv.prefill.title")}</h2>
          {prefill ? (
            <p>
              {t("mv.prefill.summary", {
                cameras: prefill.totals.cameras,
                working: prefill.totals.working_pct.toFixed(1),
                offline: prefill.totals.offline_now,
                events: prefill.totals.events,
                exports: prefill.totals.case_exports,
              })}
            </p>
          ) : (
            <p class="muted">{prefillNote || t("common.loading")}</p>
          )}
        </div>
      )}
      <label class={inv("comments")}>
        {t("mv.comments")}
        <textarea name="comments" value={comments} onInput={(e) => setComments((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label class={inv("evidence")}>
        {t("mv.evidence")}
        <textarea name="evidence" value={evidence} onInput={(e) => setEvidence((e.target as HTMLTextAreaElement).value)} />
      </label>
      {error && <p class="error" data-testid="mv-error">{error.message}</p>}
      <span>
        <button type="submit" class="primary" data-testid="mv-evaluate-submit">{t("common.save")}</button>{" "}
        <button type="button" onClick={() => navigate(`/movement/models/${props.id}`)}>{t("common.cancel")}</button>
      </span>
    </form>
  );
}
