// The award forms and the medal rules as data (docs/design/0014, "The catalogue and the rules
// as data"), for those with unit.manage: add a form, retire one (the server deletes it when
// no award names it), add the next circular's rule. The server validates everything — an
// overlapping rule comes back with the circular it overlaps — and this only shows the answer.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { type AwardForm } from "../lib/awards";
import { formatDay } from "../lib/time";
import { t } from "../i18n";

interface Rule {
  circular: string;
  effective_from: string;
  effective_to: string;
  leader_years: number;
  team_years_men: number;
  team_years_women: number;
}

const NEW_FORM = { code: "", name: "", issuer: "", recipients: "both" };
const NEW_RULE = { circular: "", effective_from: "", leader_years: "", team_years_men: "", team_years_women: "" };

export function AwardCatalogue() {
  const [allowed, setAllowed] = useState(false);
  const [forms, setForms] = useState<Array<AwardForm & { retired_on?: string }>>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [form, setForm] = useState({ ...NEW_FORM });
  const [rule, setRule] = useState({ ...NEW_RULE });
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");

  const load = () => {
    api<{ forms: Array<AwardForm & { retired_on?: string }> }>("GET", "/api/v1/award-forms").then((r) => setForms(r.forms), () => {});
    api<{ rules: Rule[] }>("GET", "/api/v1/awards/rules").then((r) => setRules(r.rules), () => {});
  };
  useEffect(() => {
    api<{ user: { rights: string[] } }>("GET", "/api/v1/session").then((s) => setAllowed(s.user.rights.includes("unit.manage")), () => {});
    load();
  }, []);
  if (!allowed) return null;

  const run = async (call: () => Promise<unknown>, done: string) => {
    setError("");
    setMessage("");
    try {
      await call();
      setMessage(done);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const addForm = (e: Event) => {
    e.preventDefault();
    run(() => api("POST", "/api/v1/award-forms", form), t("catalogue.saved")).then(() => setForm({ ...NEW_FORM }));
  };
  const addRule = (e: Event) => {
    e.preventDefault();
    const body: Record<string, string | number> = { circular: rule.circular, effective_from: rule.effective_from };
    for (const k of ["leader_years", "team_years_men", "team_years_women"] as const) {
      if (rule[k] !== "") body[k] = Number(rule[k]);
    }
    run(() => api("POST", "/api/v1/awards/rules", body), t("catalogue.saved"));
  };
  const input = (obj: Record<string, string>, setter: (v: any) => void, k: string) => (e: Event) =>
    setter({ ...obj, [k]: (e.target as HTMLInputElement).value });

  return (
    <section class="card" data-testid="award-catalogue">
      <h2>{t("catalogue.title")}</h2>
      {message && <p class="ok">{message}</p>}
      {error && <p class="error">{error}</p>}
      <table class="list">
        <tbody>
          {forms.map((f) => (
            <tr data-form={f.code} class={f.retired_on ? "muted" : ""}>
              <td>{f.name}</td>
              <td>{f.issuer}</td>
              <td>{f.retired_on ? t("catalogue.retiredOn", { date: formatDay(f.retired_on) }) : (
                <button type="button" onClick={() => run(() => api("DELETE", `/api/v1/award-forms/${f.code}`), t("catalogue.saved"))}>
                  {t("catalogue.retire")}
                </button>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="form-grid" onSubmit={addForm}>
        <label>{t("catalogue.code")}<input name="code" value={form.code} onInput={input(form, setForm, "code")} /></label>
        <label>{t("catalogue.name")}<input name="name" value={form.name} onInput={input(form, setForm, "name")} /></label>
        <label>{t("catalogue.issuer")}<input name="issuer" value={form.issuer} onInput={input(form, setForm, "issuer")} /></label>
        <label>
          {t("catalogue.recipients")}
          <select name="recipients" value={form.recipients} onChange={input(form, setForm, "recipients")}>
            <option value="both">{t("catalogue.both")}</option>
            <option value="person">{t("catalogue.person")}</option>
            <option value="collective">{t("catalogue.collective")}</option>
          </select>
        </label>
        <span><button type="submit">{t("catalogue.addForm")}</button></span>
      </form>
      <h3>{t("catalogue.rules")}</h3>
      <ul>
        {rules.map((r) => (
          <li data-rule={r.circular}>
            {r.circular}: {formatDay(r.effective_from)} → {formatDay(r.effective_to) || "…"} · {r.leader_years} / {r.team_years_men} / {r.team_years_women}
          </li>
        ))}
      </ul>
      <form class="form-grid" onSubmit={addRule}>
        <label>{t("catalogue.circular")}<input name="circular" value={rule.circular} onInput={input(rule, setRule, "circular")} /></label>
        <label>{t("catalogue.from")}<input type="date" name="effective_from" value={rule.effective_from} onInput={input(rule, setRule, "effective_from")} /></label>
        <label>{t("catalogue.leaderYears")}<input type="number" name="leader_years" value={rule.leader_years} onInput={input(rule, setRule, "leader_years")} /></label>
        <label>{t("catalogue.menYears")}<input type="number" name="team_years_men" value={rule.team_years_men} onInput={input(rule, setRule, "team_years_men")} /></label>
        <label>{t("catalogue.womenYears")}<input type="number" name="team_years_women" value={rule.team_years_women} onInput={input(rule, setRule, "team_years_women")} /></label>
        <span><button type="submit">{t("catalogue.addRule")}</button></span>
      </form>
    </section>
  );
}
