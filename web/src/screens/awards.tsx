// Commendations (docs/design/0014-awards-and-festival.md): proposals and their steps to a
// decision, hand-over and revocation, the medal's eligibility shown with its reasons, and a
// person's full history. The server checks every rule and right; this screen only asks.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { type Award, type AwardForm, type Festival, vietnamToday } from "../lib/awards";
import { formatDay } from "../lib/time";
import { navigate, useLocation } from "../router";
import { t } from "../i18n";
import { AwardSteps } from "../components/awards_steps";
import { PersonAwards } from "../components/awards_person";
import { AwardDossier } from "../components/awards_dossier";
import { AwardCatalogue } from "../components/awards_catalogue";

interface Person {
  id: number;
  name: string;
  unit_code: string;
}

const EMPTY = {
  form_code: "knc_bv_antq",
  kind: "person",
  person_id: "",
  model_id: "",
  unit_code: "",
  team_name: "",
  proposing_unit: "",
  achievement: "",
  period: "",
  proposed_on: "",
};

export function Awards() {
  const loc = useLocation();
  const parts = loc.path.split("/").filter(Boolean); // ["awards", ...]
  if (parts[1] === "people" && parts[2]) return <PersonAwards id={parts[2]} />;
  if (parts[1]) return <AwardDetail id={parts[1]} />;
  return <AwardList />;
}

function AwardList() {
  const [awards, setAwards] = useState<Award[]>([]);
  const [forms, setForms] = useState<AwardForm[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [draft, setDraft] = useState({ ...EMPTY });
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [message, setMessage] = useState("");
  const [check, setCheck] = useState<{ verdict: string; reasons_vi: string[]; circular: string } | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const togglePick = (id: number) => setPicked(picked.includes(id) ? picked.filter((x) => x !== id) : [...picked, id]);

  const load = () => api<{ awards: Award[] }>("GET", "/api/v1/awards?limit=1000").then((r) => setAwards(r.awards));
  useEffect(() => {
    load().catch((e) => setError({ message: (e as Error).message }));
    api<{ forms: AwardForm[] }>("GET", "/api/v1/award-forms").then((r) => setForms(r.forms), () => {});
    api<{ people: Person[] }>("GET", "/api/v1/people?limit=1000").then((r) => setPeople(r.people), () => {});
  }, []);
  const formName = (code: string) => forms.find((f) => f.code === code)?.name ?? code;
  const set = (k: keyof typeof EMPTY) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const bad = (f: string) => (error?.field === f ? "invalid" : "");

  const checkMedal = async () => {
    setCheck(null);
    if (!draft.person_id) return;
    const date = draft.proposed_on || vietnamToday();
    try {
      setCheck(await api("GET", `/api/v1/awards/eligibility?person=${draft.person_id}&date=${date}`));
    } catch (err) {
      setError({ message: (err as Error).message });
    }
  };

  const propose = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setMessage("");
    const recipient: Record<string, unknown> = { kind: draft.kind };
    if (draft.kind === "person") recipient.person_id = Number(draft.person_id);
    if (draft.kind === "model") recipient.model_id = Number(draft.model_id);
    if (draft.kind === "unit" || draft.kind === "team") recipient.unit_code = draft.unit_code.trim();
    if (draft.kind === "team") recipient.team_name = draft.team_name.trim();
    const body: Record<string, unknown> = {
      form_code: draft.form_code,
      recipient,
      proposing_unit: draft.proposing_unit.trim(),
      achievement: draft.achievement,
      period: draft.period,
    };
    if (draft.proposed_on) body.proposed_on = draft.proposed_on;
    try {
      const made = await api<Award>("POST", "/api/v1/awards", body);
      setMessage(t("awards.proposed", { name: made.recipient.name }));
      setOpen(false);
      setDraft({ ...EMPTY });
      setCheck(null);
      await load();
    } catch (err) {
      const e2 = err as ApiError;
      setError({ message: e2.message, field: e2.field });
    }
  };

  return (
    <section class="awards-screen">
      <h1>{t("awards.title")}</h1>
      <div class="toolbar">
        <button class="primary" data-testid="award-new" onClick={() => { setOpen(true); setError(null); }}>{t("awards.propose")}</button>
        <a href="/festivals" onClick={(e) => { e.preventDefault(); navigate("/festivals"); }}>{t("awards.navFestivals")}</a>
      </div>
      {message && <p class="ok" role="status">{message}</p>}
      {error && <p class="error" role="alert" data-testid="award-error">{error.message}</p>}
      {open && (
        <form class="card form-grid" onSubmit={propose} data-testid="award-form">
          <label class={bad("form_code")}>
            {t("awards.form")}
            <select name="form_code" value={draft.form_code} onChange={set("form_code")}>
              {forms.map((f) => <option value={f.code}>{f.name}</option>)}
            </select>
          </label>
          <label class={bad("recipient.kind")}>
            {t("awards.recipientKind")}
            <select name="kind" value={draft.kind} onChange={set("kind")}>
              {(["person", "unit", "model", "team"] as const).map((k) => <option value={k}>{t(`awards.kind.${k}`)}</option>)}
            </select>
          </label>
          {draft.kind === "person" && (
            <label class={bad("recipient.person_id")}>
              {t("awards.person")}
              <select name="person_id" value={draft.person_id} onChange={(e) => { set("person_id")(e); setCheck(null); }} required>
                <option value="">—</option>
                {people.map((p) => <option value={String(p.id)}>{p.name} ({p.unit_code})</option>)}
              </select>
            </label>
          )}
          {draft.kind === "model" && (
            <label class={bad("recipient.model_id")}>
              {t("awards.modelId")}
              <input name="model_id" value={draft.model_id} onInput={set("model_id")} inputMode="numeric" required />
            </label>
          )}
          {(draft.kind === "unit" || draft.kind === "team") && (
            <label class={bad("recipient.unit_code")}>
              {t("awards.unitCode")}
              <input name="unit_code" value={draft.unit_code} onInput={set("unit_code")} required />
            </label>
          )}
          {draft.kind === "team" && (
            <label class={bad("recipient.team_name")}>
              {t("awards.teamName")}
              <input name="team_name" value={draft.team_name} onInput={set("team_name")} required />
            </label>
          )}
          <label class={bad("proposing_unit")}>
            {t("awards.proposingUnit")}
            <input name="proposing_unit" value={draft.proposing_unit} onInput={set("proposing_unit")} required />
          </label>
          <label class={bad("achievement")}>
            {t("awards.achievement")}
            <textarea name="achievement" value={draft.achievement} onInput={set("achievement")} required />
          </label>
          <label class={bad("period")}>
            {t("awards.period")}
            <input name="period" value={draft.period} onInput={set("period")} placeholder="2010-2025" required />
          </label>
          <label class={bad("proposed_on")}>
            {t("awards.proposedOn")}
            <input name="proposed_on" type="date" value={draft.proposed_on} onInput={set("proposed_on")} />
          </label>
          <span>
            <button type="submit" class="primary">{t("awards.submit")}</button>{" "}
            {draft.kind === "person" && forms.find((f) => f.code === draft.form_code)?.medal && (
              <button type="button" data-testid="award-check" onClick={checkMedal}>{t("awards.check")}</button>
            )}{" "}
            <button type="button" onClick={() => setOpen(false)}>{t("common.cancel")}</button>
          </span>
          {check && (
            <div class={check.verdict === "eligible" ? "ok" : "warn"} data-testid="award-eligibility">
              <strong>{t(`awards.verdict.${check.verdict}` as any)}</strong> ({check.circular})
              <ul>{check.reasons_vi.map((r) => <li>{r}</li>)}</ul>
            </div>
          )}
        </form>
      )}
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr>
              <th title={t("dossier.pick")}>✓</th>
              <th>{t("awards.form")}</th>
              <th>{t("awards.recipient")}</th>
              <th>{t("awards.proposingUnit")}</th>
              <th>{t("awards.proposedOn")}</th>
              <th>{t("awards.status")}</th>
            </tr>
          </thead>
          <tbody>
            {awards.map((a) => (
              <tr data-award={a.id} data-status={a.status}>
                <td><input type="checkbox" aria-label={t("dossier.pick")} checked={picked.includes(a.id)} onChange={() => togglePick(a.id)} /></td>
                <td>
                  <a href={`/awards/${a.id}`} onClick={(e) => { e.preventDefault(); navigate(`/awards/${a.id}`); }}>{formName(a.form_code)}</a>
                </td>
                <td>
                  {a.recipient.kind === "person" ? (
                    <a href={`/awards/people/${a.recipient.person_id}`} onClick={(e) => { e.preventDefault(); navigate(`/awards/people/${a.recipient.person_id}`); }}>{a.recipient.name}</a>
                  ) : (
                    a.recipient.name
                  )}
                </td>
                <td>{a.proposing_unit}</td>
                <td>{formatDay(a.proposed_on)}</td>
                <td class={a.counts ? "" : "muted"}>{a.status_name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {picked.length > 0 && <AwardDossier ids={picked} />}
      <AwardCatalogue />
    </section>
  );
}

function AwardDetail({ id }: { id: string }) {
  const [award, setAward] = useState<Award | null>(null);
  const [forms, setForms] = useState<AwardForm[]>([]);
  const [festivals, setFestivals] = useState<Festival[]>([]);
  const [error, setError] = useState("");
  const load = () => api<Award>("GET", `/api/v1/awards/${id}`).then(setAward, (e) => setError((e as Error).message));
  useEffect(() => {
    load();
    api<{ forms: AwardForm[] }>("GET", "/api/v1/award-forms").then((r) => setForms(r.forms), () => {});
    api<{ festivals: Festival[] }>("GET", "/api/v1/festivals?limit=1000").then((r) => setFestivals(r.festivals), () => {});
  }, [id]);
  if (!award) return <section>{error ? <p class="error" role="alert">{error}</p> : <p class="loading">{t("common.loading")}</p>}</section>;
  const a = award;
  return (
    <section class="award-detail" data-testid="award-detail" data-status={a.status}>
      <p><a href="/awards" onClick={(e) => { e.preventDefault(); navigate("/awards"); }}>← {t("awards.title")}</a></p>
      <h1>{forms.find((f) => f.code === a.form_code)?.name ?? a.form_code}</h1>
      <dl class="card">
        <dt>{t("awards.recipient")}</dt>
        <dd>{a.recipient.kind === "person" ? <a href={`/awards/people/${a.recipient.person_id}`} onClick={(e) => { e.preventDefault(); navigate(`/awards/people/${a.recipient.person_id}`); }}>{a.recipient.name}</a> : a.recipient.name}</dd>
        <dt>{t("awards.status")}</dt>
        <dd data-testid="award-status">{a.status_name}</dd>
        <dt>{t("awards.achievement")}</dt>
        <dd>{a.achievement} ({a.period})</dd>
        <dt>{t("awards.proposingUnit")}</dt>
        <dd>{a.proposing_unit}, {formatDay(a.proposed_on)}</dd>
        {a.eligibility && (<><dt>{t("awards.eligibility")}</dt><dd>{t(`awards.verdict.${a.eligibility.verdict}` as any)} ({a.eligibility.circular})</dd></>)}
        {a.decision && (<><dt>{t("awards.decision")}</dt><dd>{a.decision.number}, {formatDay(a.decision.date)}, {a.decision.signer} — {a.decision.issuing_body}</dd></>)}
        {a.handed_on && (<><dt>{t("awards.handedOn")}</dt><dd>{formatDay(a.handed_on)}{a.festival_id ? <> — <a href={`/festivals/${a.festival_id}`} onClick={(e) => { e.preventDefault(); navigate(`/festivals/${a.festival_id}`); }}>{t("awards.festival")}</a></> : null}</dd></>)}
        {a.revocation && (<><dt>{t("awards.revoked")}</dt><dd>{formatDay(a.revocation.on_date)}: {a.revocation.reason} ({a.revocation.decision_no})</dd></>)}
      </dl>
      <AwardSteps award={a} festivals={festivals} onDone={load} />
      <h2>{t("awards.history")}</h2>
      <ol class="steps">
        {(a.steps ?? []).map((s) => <li>{formatDay(s.on_date)} — {t(`awards.status.${s.status}` as any)}{s.note ? `: ${s.note}` : ""} <span class="muted">({s.by})</span></li>)}
      </ol>
    </section>
  );
}
