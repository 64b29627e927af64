// The register of people (docs/design/0011-movement-records.md, "People and posts"): a list
// searched without diacritics ("nguyen thi lan" finds "Nguyễn Thị Lan": the server folds),
// filtered by unit; adding and editing the least the work needs (name, birth year, gender,
// unit, an optional phone — never religion); and each person's posts with the dates served.
import { useEffect, useState } from "preact/hooks";
import { api, apiAll, ApiError } from "../lib/api";
import type { Model } from "../lib/movement";
import type { Person } from "../lib/movement_records";
import { UnitPick, useDefaultUnit } from "../components/movement_unit_pick";
import { PersonPosts } from "../components/movement_person_posts";
import { t } from "../i18n";

interface Draft {
  id: number; // 0: a new person
  name: string;
  birth_year: string;
  gender: Person["gender"];
  unit_code: string;
  phone: string;
}

const GENDERS: Person["gender"][] = ["", "nam", "nu", "khac"];
const genderLabel = (g: Person["gender"]) => t(`mvx.people.gender.${g || "none"}` as any);

export function MovementPeople(props: { canEdit: boolean; areas: string[] }) {
  const [unit, setUnit, units] = useDefaultUnit(props.areas);
  const [q, setQ] = useState("");
  const [people, setPeople] = useState<Person[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [picked, setPicked] = useState<Person | null>(null);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [models, setModels] = useState<Model[]>([]);

  const load = async () => {
    const p = new URLSearchParams();
    if (unit) p.set("unit", unit);
    if (q.trim()) p.set("q", q.trim());
    try {
      setPeople(await apiAll<Person>("/api/v1/people", p, "people"));
    } catch (e) {
      setError({ message: (e as Error).message });
    }
  };
  // Every model the caller sees, once: a model post picks one by name and the posts list
  // names them. Without the list (an error) posts still show "#id" and the server still
  // checks whatever id is sent.
  useEffect(() => {
    apiAll<Model>("/api/v1/models", new URLSearchParams(), "models").then(setModels, () => {});
  }, []);
  useEffect(() => {
    const timer = setTimeout(load, 200); // as you type, without a request per key
    return () => clearTimeout(timer);
  }, [unit, q]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    setError(null);
    const body = { name: draft.name, birth_year: Number(draft.birth_year) || 0, gender: draft.gender, unit_code: draft.unit_code, phone: draft.phone };
    try {
      const saved = draft.id ? await api<Person>("PATCH", `/api/v1/people/${draft.id}`, body) : await api<Person>("POST", "/api/v1/people", body);
      setDraft(null);
      setPicked(saved);
      await load();
    } catch (err) {
      setError({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined });
    }
  };

  const edit = (p: Person | null) =>
    setDraft(p ? { id: p.id, name: p.name, birth_year: p.birth_year ? String(p.birth_year) : "", gender: p.gender, unit_code: p.unit_code, phone: p.phone } : { id: 0, name: "", birth_year: "", gender: "", unit_code: unit, phone: "" });
  const inv = (f: string) => (error?.field === f ? "invalid" : "");

  return (
    <div class="mvx-people">
      <h1>{t("mvx.people.title")}</h1>
      <form class="card form-grid" onSubmit={(e) => e.preventDefault()}>
        <UnitPick value={unit} onChange={setUnit} units={units} />
        <label>
          {t("common.search")}
          <input type="search" name="q" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} data-testid="mvx-people-q" />
        </label>
        {props.canEdit && <span><button type="button" class="primary" data-testid="mvx-people-new" onClick={() => edit(null)}>{t("mvx.people.add")}</button></span>}
      </form>
      {error && <p class="error" data-testid="mvx-people-error">{error.message}</p>}
      {draft && (
        <form class="card form-grid" data-testid="mvx-person-form" onSubmit={save}>
          <label class={inv("name")}>
            {t("mvx.people.name")}
            <input name="name" required value={draft.name} onInput={(e) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })} />
          </label>
          <label class={inv("birth_year")}>
            {t("mvx.people.birthYear")}
            <input name="birth_year" inputMode="numeric" value={draft.birth_year} onInput={(e) => setDraft({ ...draft, birth_year: (e.target as HTMLInputElement).value })} />
          </label>
          <label class={inv("gender")}>
            {t("mvx.people.gender")}
            <select name="gender" value={draft.gender} onChange={(e) => setDraft({ ...draft, gender: (e.target as HTMLSelectElement).value as Person["gender"] })}>
              {GENDERS.map((g) => <option value={g}>{genderLabel(g)}</option>)}
            </select>
          </label>
          <span class={inv("unit_code")}><UnitPick value={draft.unit_code} onChange={(c) => setDraft({ ...draft, unit_code: c })} units={units} name="person_unit" /></span>
          <label class={inv("phone")}>
            {t("mvx.people.phone")}
            <input name="phone" type="tel" value={draft.phone} onInput={(e) => setDraft({ ...draft, phone: (e.target as HTMLInputElement).value })} />
          </label>
          <small class="muted">{t("mvx.people.noReligion")}</small>
          <span>
            <button type="submit" class="primary" data-testid="mvx-person-save">{t("common.save")}</button>{" "}
            <button type="button" onClick={() => setDraft(null)}>{t("common.cancel")}</button>
          </span>
        </form>
      )}
      <div class="mv-split">
        <div class="card table-wrap">
          <table class="list" data-testid="mvx-people">
            <thead><tr><th>{t("mvx.people.name")}</th><th>{t("mvx.people.birthYear")}</th><th>{t("mvx.people.gender")}</th><th>{t("mv.unit")}</th></tr></thead>
            <tbody>
              {(people ?? []).map((p) => (
                <tr class={picked?.id === p.id ? "active" : ""} data-person={p.id}>
                  <td><a href="#" onClick={(e) => { e.preventDefault(); setPicked(p); }}>{p.name}</a></td>
                  <td>{p.birth_year || ""}</td>
                  <td>{genderLabel(p.gender)}</td>
                  <td>{p.unit_code}</td>
                </tr>
              ))}
              {people && people.length === 0 && <tr><td colSpan={4} class="muted">{t("mvx.people.none")}</td></tr>}
            </tbody>
          </table>
        </div>
        {picked && (
          <div class="card" data-testid="mvx-person">
            <h2>{picked.name} <small class="muted">{picked.unit_code}</small></h2>
            <p>{picked.birth_year || "—"} · {genderLabel(picked.gender)}{picked.phone && ` · ${picked.phone}`}</p>
            {props.canEdit && <button type="button" data-testid="mvx-person-edit" onClick={() => edit(picked)}>{t("common.edit")}</button>}
            <PersonPosts person={picked} canEdit={props.canEdit} models={models} units={units} />
          </div>
        )}
      </div>
    </div>
  );
}
