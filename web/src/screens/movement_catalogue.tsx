// The site's catalogue (unit.manage): model types beyond the eight built in, and weighted
// criteria sets with their class thresholds. Both are only added: a set is never edited, so
// an evaluation keeps the meaning it was scored with (docs/design/0011-movement-records.md).
// The draft is checked here for quick feedback (criteriaFromDraft); the server checks again.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import type { CriteriaSet, ModelType } from "../lib/movement";
import { criteriaFromDraft, type CriterionDraft } from "../lib/movement_records";
import { t } from "../i18n";

export function MovementCatalogue() {
  const [types, setTypes] = useState<ModelType[]>([]);
  const [sets, setSets] = useState<CriteriaSet[]>([]);
  const [type, setType] = useState({ code: "", name: "" });
  const [setName, setSetName] = useState("");
  const [rows, setRows] = useState<CriterionDraft[]>([{ key: "", name: "", weight: "" }]);
  const [mins, setMins] = useState({ good_min: "80", fair_min: "65", average_min: "50" });
  const [error, setError] = useState<{ message: string; field?: string; where: "type" | "set" } | null>(null);

  const load = () => {
    api<{ types: ModelType[] }>("GET", "/api/v1/model-types").then((r) => setTypes(r.types), () => {});
    api<{ criteria_sets: CriteriaSet[] }>("GET", "/api/v1/criteria-sets").then((r) => setSets(r.criteria_sets), () => {});
  };
  useEffect(load, []);

  const fail = (err: unknown, where: "type" | "set") =>
    setError({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined, where });

  const addType = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api("POST", "/api/v1/model-types", type);
      setType({ code: "", name: "" });
      load();
    } catch (err) {
      fail(err, "type");
    }
  };

  const addSet = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const checked = criteriaFromDraft(rows);
    if (!checked.ok) return setError({ message: t(checked.problem as any, { row: checked.row + 1 }), field: "criteria", where: "set" });
    try {
      await api("POST", "/api/v1/criteria-sets", {
        name: setName,
        criteria: checked.criteria,
        good_min: Number(mins.good_min),
        fair_min: Number(mins.fair_min),
        average_min: Number(mins.average_min),
      });
      setSetName("");
      setRows([{ key: "", name: "", weight: "" }]);
      load();
    } catch (err) {
      fail(err, "set");
    }
  };

  const row = (i: number, patch: Partial<CriterionDraft>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <div class="mvx-catalogue">
      <div class="card" data-testid="mvx-types">
        <h2>{t("mvx.cat.types")}</h2>
        <ul>
          {types.map((x) => <li>{x.name} <small class="muted">{x.code}{x.builtin && ` · ${t("mvx.cat.builtin")}`}</small></li>)}
        </ul>
        <form class="form-grid" onSubmit={addType}>
          <label class={error?.where === "type" && error.field === "code" ? "invalid" : ""}>
            {t("mvx.cat.code")}
            <input name="type_code" required pattern="[a-z0-9_]{1,32}" value={type.code} onInput={(e) => setType({ ...type, code: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            {t("mvx.cat.name")}
            <input name="type_name" required value={type.name} onInput={(e) => setType({ ...type, name: (e.target as HTMLInputElement).value })} />
          </label>
          <span><button type="submit" data-testid="mvx-type-add">{t("mvx.cat.addType")}</button></span>
        </form>
        {error?.where === "type" && <p class="error">{error.message}</p>}
      </div>

      <div class="card" data-testid="mvx-sets">
        <h2>{t("mvx.cat.sets")}</h2>
        <p class="muted">{t("mvx.cat.setsHint")}</p>
        <ul>
          {sets.map((s) => (
            <li>
              <b>{s.name}</b>: {s.criteria.map((c) => `${c.name} (${c.weight})`).join(", ")} <small class="muted">· {s.good_min}/{s.fair_min}/{s.average_min}</small>
            </li>
          ))}
        </ul>
        <form onSubmit={addSet}>
          <label>
            {t("mvx.cat.name")}
            <input name="set_name" required value={setName} onInput={(e) => setSetName((e.target as HTMLInputElement).value)} />
          </label>
          <table class="list">
            <thead><tr><th>{t("mvx.cat.code")}</th><th>{t("mvx.cat.name")}</th><th>{t("mvx.cat.weight")}</th><th></th></tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr>
                  <td><input name={`crit_key_${i}`} value={r.key} onInput={(e) => row(i, { key: (e.target as HTMLInputElement).value })} /></td>
                  <td><input name={`crit_name_${i}`} value={r.name} onInput={(e) => row(i, { name: (e.target as HTMLInputElement).value })} /></td>
                  <td><input name={`crit_weight_${i}`} inputMode="numeric" size={4} value={r.weight} onInput={(e) => row(i, { weight: (e.target as HTMLInputElement).value })} /></td>
                  <td>{rows.length > 1 && <button type="button" onClick={() => setRows(rows.filter((_, k) => k !== i))}>{t("mvx.cat.removeRow")}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setRows([...rows, { key: "", name: "", weight: "" }])}>{t("mvx.cat.addRow")}</button>
          <fieldset class="form-grid">
            <legend>{t("mvx.cat.thresholds")}</legend>
            {(["good_min", "fair_min", "average_min"] as const).map((k) => (
              <input name={k} inputMode="numeric" size={4} value={mins[k]} onInput={(e) => setMins({ ...mins, [k]: (e.target as HTMLInputElement).value })} />
            ))}
          </fieldset>
          <button type="submit" class="primary" data-testid="mvx-set-add">{t("mvx.cat.addSet")}</button>
        </form>
        {error?.where === "set" && <p class="error" data-testid="mvx-set-error">{error.message}</p>}
      </div>
    </div>
  );
}
