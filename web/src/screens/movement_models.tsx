// The model list: type, status and unit filters go to the server (a unit means it and
// everything under it, which only the server's unit history knows); the search runs here
// as you type, ignoring diacritics ("thon dong" finds "Thôn Đông"). Editors add models.
import { useEffect, useState } from "preact/hooks";
import { api, apiAll, ApiError } from "../lib/api";
import { filterModels, MODEL_STATUSES, type Model, type ModelType } from "../lib/movement";
import { navigate, useLocation } from "../router";
import { Link } from "../components/movement_link";
import { statusLabel } from "../components/movement_labels";
import { UnitPick, useDefaultUnit } from "../components/movement_unit_pick";
import { t } from "../i18n";

interface Draft {
  name: string;
  type: string;
  unit_code: string;
  points: string;
  teams: string;
  goals: string;
}

export function MovementModels(props: { canEdit: boolean; areas: string[] }) {
  const loc = useLocation();
  const [models, setModels] = useState<Model[]>([]);
  const [types, setTypes] = useState<ModelType[]>([]);
  const [q, setQ] = useState(loc.query.get("q") ?? "");
  const [type, setType] = useState(loc.query.get("type") ?? "");
  const [status, setStatus] = useState(loc.query.get("status") ?? "");
  const [unit, setUnit] = useState(loc.query.get("unit") ?? "");
  const [, , units] = useDefaultUnit(props.areas);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  useEffect(() => {
    api<{ types: ModelType[] }>("GET", "/api/v1/model-types").then((r) => setTypes(r.types), () => {});
  }, []);

  useEffect(() => {
    setError(null);
    const p = new URLSearchParams();
    if (unit) p.set("unit", unit);
    if (type) p.set("type", type);
    if (status) p.set("status", status);
    apiAll<Model>("/api/v1/models", p, "models").then(setModels, (e) => setError({ message: (e as Error).message }));
  }, [unit, type, status]);

  const typeName = (code: string) => types.find((x) => x.code === code)?.name ?? code;
  const shown = filterModels(models, { q, type: "", status: "" });

  const create = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    setError(null);
    try {
      const m = await api<Model>("POST", "/api/v1/models", {
        name: draft.name.trim(),
        type: draft.type,
        unit_code: draft.unit_code.trim(),
        points: Number(draft.points || 0),
        teams: Number(draft.teams || 0),
        goals: draft.goals,
      });
      navigate(`/movement/models/${m.id}`);
    } catch (err) {
      setError({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined });
    }
  };
  const inv = (f: string) => (error?.field === f ? "invalid" : "");
  const set = (k: keyof Draft) => (e: Event) => draft && setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });

  return (
    <div class="mv-models">
      <h1>{t("mv.models.title")}</h1>
      <form class="card form-grid" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("common.search")}
          <input type="search" name="q" value={q} placeholder={t("mv.models.searchHint")} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t("mv.type")}
          <select name="type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="">{t("common.all")}</option>
            {types.map((x) => <option value={x.code}>{x.name}</option>)}
          </select>
        </label>
        <label>
          {t("mv.status")}
          <select name="status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="">{t("common.all")}</option>
            {MODEL_STATUSES.map((s) => <option value={s}>{statusLabel(s)}</option>)}
          </select>
        </label>
        <UnitPick value={unit} onChange={setUnit} units={units} name="filter-unit" />
        {props.canEdit && !draft && (
          <span>
            <button type="button" class="primary" data-testid="mv-new-model" onClick={() => setDraft({ name: "", type: types[0]?.code ?? "", unit_code: unit || props.areas[0] || "", points: "1", teams: "1", goals: "" })}>
              {t("mv.models.new")}
            </button>
          </span>
        )}
      </form>
      {draft && (
        <form class="card form-grid" data-testid="mv-model-form" onSubmit={create}>
          <label class={inv("name")}>
            {t("mv.name")}
            <input name="name" required value={draft.name} onInput={set("name")} />
          </label>
          <label class={inv("type")}>
            {t("mv.type")}
            <select name="type" value={draft.type} onChange={set("type")}>
              {types.map((x) => <option value={x.code}>{x.name}</option>)}
            </select>
          </label>
          <label class={inv("unit_code")}>
            {t("mv.unit")}
            <input name="unit_code" list="units-filter-unit" required value={draft.unit_code} onInput={set("unit_code")} />
          </label>
          <label class={inv("points")}>
            {t("mv.kpi.points")}
            <input name="points" type="number" min="0" value={draft.points} onInput={set("points")} />
          </label>
          <label class={inv("teams")}>
            {t("mv.kpi.teams")}
            <input name="teams" type="number" min="0" value={draft.teams} onInput={set("teams")} />
          </label>
          <label class={inv("goals")}>
            {t("mv.goals")}
            <textarea name="goals" value={draft.goals} onInput={set("goals")} />
          </label>
          <span>
            <button type="submit" class="primary">{t("common.save")}</button>{" "}
            <button type="button" onClick={() => setDraft(null)}>{t("common.cancel")}</button>
          </span>
        </form>
      )}
      {error && <p class="error" data-testid="mv-error">{error.message}</p>}
      <div class="table-wrap">
        <table class="list" data-testid="mv-model-list">
          <thead>
            <tr><th>{t("mv.name")}</th><th>{t("mv.type")}</th><th>{t("mv.unit")}</th><th>{t("mv.status")}</th></tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr data-model={m.id}>
                <td><Link href={`/movement/models/${m.id}`}>{m.name}</Link></td>
                <td>{typeName(m.type)}</td>
                <td>{m.unit_code}</td>
                <td><span class={`badge st-${m.status}`}>{statusLabel(m.status)}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p class="muted">{t("mv.none")}</p>}
    </div>
  );
}
