// The next steps of an award, each with the fields it needs (a decision's number, date,
// signer and issuing body; the festival it is handed over at; the reason it is revoked).
import { useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { type Award, type Festival, NEXT_STEPS } from "../lib/awards";
import { formatDay } from "../lib/time";
import { t } from "../i18n";

export function AwardSteps({ award, festivals, onDone }: { award: Award; festivals: Festival[]; onDone: () => void }) {
  const [to, setTo] = useState<Award["status"] | "">("");
  const [f, setF] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const next = NEXT_STEPS[award.status];
  if (next.length === 0) return null;
  const set = (k: string) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const bad = (k: string) => (error?.field === k ? "invalid" : "");

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const body: Record<string, unknown> = { to };
    for (const [k, v] of Object.entries(f)) {
      if (v === "") continue;
      body[k] = k === "festival_id" ? Number(v) : v;
    }
    try {
      await api("POST", `/api/v1/awards/${award.id}/steps`, body);
      setTo("");
      setF({});
      onDone();
    } catch (err) {
      const e2 = err as ApiError;
      setError({ message: e2.message, field: e2.field });
    }
  };

  return (
    <div class="card award-steps">
      <div class="toolbar">
        {next.map((s) => (
          <button type="button" data-step={s} class={to === s ? "primary" : ""} onClick={() => { setTo(s); setF({}); setError(null); }}>
            {t(`awards.step.${s}` as any)}
          </button>
        ))}
      </div>
      {error && <p class="error" role="alert" data-testid="step-error">{error.message}</p>}
      {to && (
        <form class="form-grid" onSubmit={submit} data-testid="step-form">
          {to === "decided" && (
            <>
              <label class={bad("decision_no")}>{t("awards.decisionNo")}<input name="decision_no" value={f.decision_no ?? ""} onInput={set("decision_no")} required /></label>
              <label class={bad("decision_date")}>{t("awards.decisionDate")}<input name="decision_date" type="date" value={f.decision_date ?? ""} onInput={set("decision_date")} required /></label>
              <label class={bad("signer")}>{t("awards.signer")}<input name="signer" value={f.signer ?? ""} onInput={set("signer")} required /></label>
              <label class={bad("issuing_body")}>{t("awards.issuingBody")}<input name="issuing_body" value={f.issuing_body ?? ""} onInput={set("issuing_body")} required /></label>
            </>
          )}
          {to === "handed_over" && (
            <label class={bad("festival_id")}>
              {t("awards.festival")}
              <select name="festival_id" value={f.festival_id ?? ""} onChange={set("festival_id")}>
                <option value="">{t("awards.notAtFestival")}</option>
                {festivals.map((x) => <option value={String(x.id)}>{x.unit_code} — {formatDay(x.held_on)}</option>)}
              </select>
            </label>
          )}
          {(to === "reviewed" || to === "rejected" || to === "revoked") && (
            <label class={bad("note")}>{to === "reviewed" ? t("awards.note") : t("awards.reason")}<input name="note" value={f.note ?? ""} onInput={set("note")} required={to !== "reviewed"} /></label>
          )}
          {to === "revoked" && (
            <label class={bad("decision_no")}>{t("awards.revokeDecision")}<input name="decision_no" value={f.decision_no ?? ""} onInput={set("decision_no")} required /></label>
          )}
          <label class={bad("on_date")}>{t("awards.onDate")}<input name="on_date" type="date" value={f.on_date ?? ""} onInput={set("on_date")} /></label>
          <span><button type="submit" class="primary">{t("common.save")}</button></span>
        </form>
      )}
    </div>
  );
}
