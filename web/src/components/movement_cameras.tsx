// The cameras a "camera giám sát ANTT" model watches with (PUT /api/v1/models/{id}/cameras),
// picked from the cameras the caller may see, from a date: the server keeps each link's
// dates, so a report or an evaluation pre-fill for an earlier period uses the cameras linked
// then. A linked camera the caller cannot see stays listed (and linked) rather than being
// dropped by a save.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { vietnamToday } from "../lib/movement";
import { cameraChoices, type ModelCameras as Links } from "../lib/movement_records";
import { formatDay } from "../lib/time";
import { t } from "../i18n";

export function ModelCameras(props: { modelId: number; canEdit: boolean }) {
  const path = `/api/v1/models/${props.modelId}/cameras`;
  const [links, setLinks] = useState<Links | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [onDate, setOnDate] = useState(vietnamToday());
  const [refusal, setRefusal] = useState<{ message: string; field?: string } | null>(null);

  const load = () =>
    api<Links>("GET", path).then(
      (r) => {
        setLinks(r);
        setPicked(new Set(r.camera_ids));
      },
      (e) => setRefusal({ message: (e as Error).message }),
    );
  useEffect(() => {
    load();
  }, [props.modelId]);

  const save = async (e: Event) => {
    e.preventDefault();
    setRefusal(null);
    try {
      const r = await api<Links>("PUT", path, { camera_ids: [...picked].sort(), on_date: onDate });
      setLinks(r);
      setPicked(new Set(r.camera_ids));
    } catch (err) {
      setRefusal({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined });
    }
  };

  if (!links) return refusal ? <p class="error">{refusal.message}</p> : null;
  // links.choices: the cameras this account may see (a village head: their village's).
  const choices = cameraChoices(links.choices.map((c) => ({ id: c.id, name: c.name || c.id })), links.camera_ids);
  return (
    <div class="card" data-testid="mvx-cameras">
      <h2>{t("mvx.cam.title")}</h2>
      {refusal && <p class="error" data-testid="mvx-cam-refusal">{refusal.message}</p>}
      <form onSubmit={save}>
        <ul class="mvx-checklist">
          {choices.map((c) => (
            <li>
              <label>
                <input
                  type="checkbox"
                  name="camera"
                  value={c.id}
                  disabled={!props.canEdit}
                  checked={picked.has(c.id)}
                  onChange={(e) => {
                    const next = new Set(picked);
                    if ((e.target as HTMLInputElement).checked) next.add(c.id);
                    else next.delete(c.id);
                    setPicked(next);
                  }}
                />{" "}
                {c.name} <small class="muted">{c.id}{!c.visible && ` · ${t("mvx.cam.notVisible")}`}</small>
              </label>
            </li>
          ))}
          {choices.length === 0 && <li class="muted">{t("common.none")}</li>}
        </ul>
        {props.canEdit && (
          <div class="form-grid">
            <label class={refusal?.field === "on_date" ? "invalid" : ""}>
              {t("mvx.cam.from")}
              <input type="date" name="on_date" value={onDate} onInput={(e) => setOnDate((e.target as HTMLInputElement).value)} />
            </label>
            <span><button type="submit" class="primary" data-testid="mvx-cam-save">{t("mvx.cam.save")}</button></span>
          </div>
        )}
      </form>
      {links.history.length > 0 && (
        <>
          <h3>{t("mvx.cam.history")}</h3>
          <ul data-testid="mvx-cam-history">
            {links.history.map((l) => (
              <li>{l.camera_id}: {formatDay(l.linked_from)} – {formatDay(l.linked_to) || t("mvx.cam.now")}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
