// A person's posts (docs/design/0011-movement-records.md, "People and posts"): each with its
// dates, dd/mm/yyyy, and for a model's leader or member the model by name; adding one (a model
// post picks its model from those the caller sees, not a typed id) and ending one today.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { vietnamToday, type Model, type Unit } from "../lib/movement";
import {
  isModelPost,
  modelChoices,
  POSITION_KINDS,
  postBody,
  postModelName,
  serving,
  type Person,
  type Position,
  type PositionKind,
  type PostDraft,
} from "../lib/movement_records";
import { formatDay } from "../lib/time";
import { Link } from "./movement_link";
import { t } from "../i18n";

export const positionLabel = (k: PositionKind) => t(`mvx.pos.${k}` as any);

function ModelPick(props: { value: string; onChange: (id: string) => void; models: Model[]; units: Unit[]; personUnit: string }) {
  const choices = modelChoices(props.models, props.units, props.personUnit);
  return (
    <select name="model_id" required value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
      <option value="">{choices.length ? t("mvx.people.pickModel") : t("mvx.people.noModels")}</option>
      {choices.map((c) => <option value={String(c.id)}>{c.label}</option>)}
    </select>
  );
}

export function PersonPosts(props: { person: Person; canEdit: boolean; models: Model[]; units: Unit[] }) {
  const path = `/api/v1/people/${props.person.id}`;
  const [posts, setPosts] = useState<Position[]>([]);
  const [draft, setDraft] = useState<PostDraft>({ kind: "committee_member", model_id: "", start_date: vietnamToday(), end_date: "" });
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const load = () => api<{ positions: Position[] }>("GET", path).then((r) => setPosts(r.positions), (e) => setError({ message: (e as Error).message }));
  useEffect(() => {
    load();
  }, [props.person.id]);
  const fail = (err: unknown) => setError({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined });

  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api("POST", `${path}/positions`, postBody(draft));
      await load();
    } catch (err) {
      fail(err);
    }
  };
  const end = async (p: Position) => {
    setError(null);
    try {
      await api("PATCH", `${path}/positions/${p.id}`, { end_date: vietnamToday() });
      await load();
    } catch (err) {
      fail(err);
    }
  };

  const today = vietnamToday();
  const inv = (f: string) => (error?.field === f ? "invalid" : "");
  return (
    <div data-testid="mvx-posts">
      <h3>{t("mvx.people.positions")}</h3>
      {error && <p class="error" data-testid="mvx-posts-error">{error.message}</p>}
      <ul>
        {posts.map((p) => (
          <li data-kind={p.kind} data-model={p.model_id ?? undefined}>
            {positionLabel(p.kind)} · {p.unit_code}
            {p.model_id ? <> · <Link href={`/movement/models/${p.model_id}`}>{postModelName(p.model_id, props.models)}</Link></> : ""}
            {" "}· {formatDay(p.start_date)} – {formatDay(p.end_date) || "…"}
            {serving(p, today) && <small class="muted"> ({t("mvx.people.serving")})</small>}
            {props.canEdit && serving(p, today) && p.start_date < today && (
              <>{" "}<button type="button" onClick={() => end(p)}>{t("mvx.people.endPost")}</button></>
            )}
          </li>
        ))}
        {posts.length === 0 && <li class="muted">{t("common.none")}</li>}
      </ul>
      {props.canEdit && (
        <form class="form-grid" data-testid="mvx-post-add" onSubmit={add}>
          <label class={inv("kind")}>
            {t("mvx.people.kind")}
            <select name="kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: (e.target as HTMLSelectElement).value as PositionKind })}>
              {POSITION_KINDS.map((k) => <option value={k}>{positionLabel(k)}</option>)}
            </select>
          </label>
          {isModelPost(draft.kind) && (
            <label class={inv("model_id")}>
              {t("mvx.people.model")}
              <ModelPick value={draft.model_id} onChange={(id) => setDraft({ ...draft, model_id: id })} models={props.models} units={props.units} personUnit={props.person.unit_code} />
            </label>
          )}
          <label class={inv("start_date")}>
            {t("mvx.people.start")}
            <input type="date" name="start_date" value={draft.start_date} onInput={(e) => setDraft({ ...draft, start_date: (e.target as HTMLInputElement).value })} />
          </label>
          <label class={inv("end_date")}>
            {t("mvx.people.end")}
            <input type="date" name="end_date" value={draft.end_date} onInput={(e) => setDraft({ ...draft, end_date: (e.target as HTMLInputElement).value })} />
          </label>
          <span><button type="submit" data-testid="mvx-post-submit">{t("mvx.people.addPosition")}</button></span>
        </form>
      )}
    </div>
  );
}
