// A "tự hòa giải" model's mediation cases (docs/design/0011-movement-records.md, "Mediation"):
// received, then closed with an outcome and its date. Only the date, a short neutral subject
// and the outcome are kept — never the parties' names — and the form says so. The server
// checks every rule (dates, outcome with its date, rights); a refusal is shown as it says.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { vietnamToday } from "../lib/movement";
import { closeBody, MEDIATION_OUTCOMES, type MediationCase, type MediationOutcome } from "../lib/movement_records";
import { formatDay } from "../lib/time";
import { t } from "../i18n";

export function outcomeLabel(o: MediationOutcome): string {
  return t(`mvx.med.outcome.${o}` as any);
}

export function MediationCases(props: { modelId: number; canEdit: boolean }) {
  const path = `/api/v1/models/${props.modelId}/mediation-cases`;
  const [cases, setCases] = useState<MediationCase[] | null>(null);
  const [draft, setDraft] = useState({ received_on: vietnamToday(), subject: "" });
  const [closing, setClosing] = useState<{ id: number; outcome: MediationOutcome; closed_on: string } | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; field?: string } | null>(null);

  const load = () => api<{ cases: MediationCase[] }>("GET", `${path}?limit=500`).then((r) => setCases(r.cases), (e) => setRefusal({ message: (e as Error).message }));
  useEffect(() => {
    load();
  }, [props.modelId]);

  const fail = (err: unknown) => setRefusal({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined });

  const add = async (e: Event) => {
    e.preventDefault();
    setRefusal(null);
    try {
      await api("POST", path, draft);
      setDraft({ received_on: draft.received_on, subject: "" });
      await load();
    } catch (err) {
      fail(err);
    }
  };

  const close = async (e: Event) => {
    e.preventDefault();
    if (!closing) return;
    const body = closeBody(closing.outcome, closing.closed_on);
    if (!body) return setRefusal({ message: t("mvx.med.needDate"), field: "closed_on" });
    setRefusal(null);
    try {
      await api("PATCH", `${path}/${closing.id}`, body);
      setClosing(null);
      await load();
    } catch (err) {
      fail(err);
    }
  };

  const inv = (f: string) => (refusal?.field === f ? "invalid" : "");
  return (
    <div class="card" data-testid="mvx-mediation">
      <h2>{t("mvx.med.title")}</h2>
      {refusal && <p class="error" data-testid="mvx-med-refusal">{refusal.message}</p>}
      <div class="table-wrap">
        <table class="list" data-testid="mvx-med-cases">
          <thead>
            <tr><th>{t("mvx.med.received")}</th><th>{t("mvx.med.subject")}</th><th>{t("mvx.med.outcome")}</th><th>{t("mvx.med.closed")}</th>{props.canEdit && <th></th>}</tr>
          </thead>
          <tbody>
            {(cases ?? []).map((c) => (
              <tr data-outcome={c.outcome}>
                <td>{formatDay(c.received_on)}</td>
                <td>{c.subject}</td>
                <td>{outcomeLabel(c.outcome)}</td>
                <td>{formatDay(c.closed_on)}</td>
                {props.canEdit && (
                  <td>
                    <button type="button" data-testid={`mvx-med-close-${c.id}`} onClick={() => setClosing({ id: c.id, outcome: c.outcome === "pending" ? "reconciled" : c.outcome, closed_on: c.closed_on || vietnamToday() })}>
                      {t("mvx.med.close")}
                    </button>
                  </td>
                )}
              </tr>
            ))}
            {cases && cases.length === 0 && <tr><td colSpan={5} class="muted">{t("common.none")}</td></tr>}
          </tbody>
        </table>
      </div>
      {props.canEdit && closing && (
        <form class="form-grid" data-testid="mvx-med-close-form" onSubmit={close}>
          <label>
            {t("mvx.med.outcome")}
            <select name="outcome" value={closing.outcome} onChange={(e) => setClosing({ ...closing, outcome: (e.target as HTMLSelectElement).value as MediationOutcome })}>
              {MEDIATION_OUTCOMES.map((o) => <option value={o}>{outcomeLabel(o)}</option>)}
            </select>
          </label>
          {closing.outcome !== "pending" && (
            <label class={inv("closed_on")}>
              {t("mvx.med.closed")}
              <input type="date" name="closed_on" value={closing.closed_on} onInput={(e) => setClosing({ ...closing, closed_on: (e.target as HTMLInputElement).value })} />
            </label>
          )}
          <span>
            <button type="submit" class="primary" data-testid="mvx-med-close-submit">{t("common.save")}</button>{" "}
            <button type="button" onClick={() => setClosing(null)}>{t("common.cancel")}</button>
          </span>
        </form>
      )}
      {props.canEdit && (
        <form class="form-grid" data-testid="mvx-med-add" onSubmit={add}>
          <label class={inv("received_on")}>
            {t("mvx.med.received")}
            <input type="date" name="received_on" value={draft.received_on} onInput={(e) => setDraft({ ...draft, received_on: (e.target as HTMLInputElement).value })} />
          </label>
          <label class={inv("subject")}>
            {t("mvx.med.subject")}
            <input name="subject" required maxLength={300} value={draft.subject} onInput={(e) => setDraft({ ...draft, subject: (e.target as HTMLInputElement).value })} />
            <small class="muted">{t("mvx.med.hint")}</small>
          </label>
          <span><button type="submit" data-testid="mvx-med-add-submit">{t("mvx.med.add")}</button></span>
        </form>
      )}
    </div>
  );
}
