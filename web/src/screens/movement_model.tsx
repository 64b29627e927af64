// One model: its record, status history and the lifecycle steps the server allows next
// (next_statuses); evaluations with a link to the evaluation form; activities and
// attachments. Only editors see the actions, and the server still decides: a refused step
// is shown with the server's own reason (it says why, in Vietnamese and English).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import type { Attachment, ModelDetail, ModelStatus, ModelType } from "../lib/movement";
import { vietnamToday } from "../lib/movement";
import { formatDay } from "../lib/time";
import { Link } from "../components/movement_link";
import { classLabel, statusLabel } from "../components/movement_labels";
import { MediationCases } from "../components/movement_mediation";
import { ModelCameras } from "../components/movement_cameras";
import { t } from "../i18n";

interface Step {
  to: ModelStatus;
  on_date: string;
  reason: string;
  decision_no: string;
  decision_date: string;
  decision_issuer: string;
  spawned: string;
}

// Which fields a step asks for: a launch has its decision, a retirement its reason and
// decision, a replication the models it spawned.
function stepFields(to: ModelStatus): (keyof Step)[] {
  if (to === "launched") return ["on_date", "decision_no", "decision_date", "decision_issuer"];
  if (to === "retired") return ["on_date", "reason", "decision_no", "decision_date", "decision_issuer"];
  if (to === "replicated") return ["on_date", "decision_no", "decision_date", "decision_issuer", "spawned"];
  return ["on_date", "reason"];
}

export function MovementModel(props: { id: number; canEdit: boolean }) {
  const [detail, setDetail] = useState<ModelDetail | null>(null);
  const [types, setTypes] = useState<ModelType[]>([]);
  const [step, setStep] = useState<Step | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; field?: string } | null>(null);
  const [notFound, setNotFound] = useState("");
  const [activity, setActivity] = useState({ on_date: vietnamToday(), text: "" });
  const [uploading, setUploading] = useState(false);

  const path = `/api/v1/models/${props.id}`;
  const load = () =>
    api<ModelDetail>("GET", path).then(setDetail, (e) => setNotFound((e as Error).message));
  useEffect(() => {
    load();
    api<{ types: ModelType[] }>("GET", "/api/v1/model-types").then((r) => setTypes(r.types), () => {});
  }, [props.id]);

  if (notFound) return <p class="error" data-testid="mv-not-found">{notFound}</p>;
  if (!detail) return <p class="loading">{t("common.loading")}</p>;
  const m = detail.model;

  const submitStep = async (e: Event) => {
    e.preventDefault();
    if (!step) return;
    setRefusal(null);
    const body: Record<string, unknown> = { to: step.to };
    for (const f of stepFields(step.to)) {
      const v = step[f].trim();
      if (!v) continue;
      body[f] = f === "spawned" ? v.split(/[\s,]+/).filter(Boolean).map(Number) : v;
    }
    try {
      await api("POST", `${path}/transitions`, body);
      setStep(null);
      await load();
    } catch (err) {
      setRefusal({ message: (err as Error).message, field: err instanceof ApiError ? err.field : undefined });
    }
  };

  const addActivity = async (e: Event) => {
    e.preventDefault();
    setRefusal(null);
    try {
      await api("POST", `${path}/activities`, activity);
      setActivity({ on_date: activity.on_date, text: "" });
      await load();
    } catch (err) {
      setRefusal({ message: (err as Error).message });
    }
  };

  // The file itself is the body (the upload convention), its name in ?name=.
  const upload = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setRefusal(null);
    setUploading(true);
    try {
      await api("POST", `${path}/attachments?name=${encodeURIComponent(file.name)}`, file);
      await load();
    } catch (err) {
      setRefusal({ message: (err as Error).message });
    } finally {
      setUploading(false);
      input.value = "";
    }
  };

  const typeName = types.find((x) => x.code === m.type)?.name ?? m.type;
  const editable = props.canEdit && m.status !== "retired";
  const evaluable = props.canEdit && m.status !== "proposed" && m.status !== "retired";
  const inv = (f: string) => (refusal?.field === f ? "invalid" : "");

  return (
    <div class="mv-model" data-testid="mv-model" data-status={m.status}>
      <h1>{m.name}</h1>
      <div class="card mv-facts">
        <span><b>{t("mv.type")}:</b> {typeName}</span>
        <span><b>{t("mv.unit")}:</b> {m.unit_code}</span>
        <span><b>{t("mv.status")}:</b> <span class={`badge st-${m.status}`} data-testid="mv-status">{statusLabel(m.status)}</span></span>
        <span><b>{t("mv.kpi.points")}:</b> {m.points}</span>
        <span><b>{t("mv.kpi.teams")}:</b> {m.teams}</span>
        {m.decision.no && <span><b>{t("mv.decision")}:</b> {m.decision.no} ({formatDay(m.decision.date)}, {m.decision.issuer})</span>}
        {m.goals && <p>{m.goals}</p>}
      </div>

      {props.canEdit && detail.next_statuses.length > 0 && (
        <div class="card" data-testid="mv-actions">
          <h2>{t("mv.lifecycle")}</h2>
          <div class="toolbar">
            {detail.next_statuses.map((to) => (
              <button data-testid={`mv-to-${to}`} class={step?.to === to ? "active" : ""} onClick={() => { setRefusal(null); setStep({ to, on_date: vietnamToday(), reason: "", decision_no: "", decision_date: "", decision_issuer: "", spawned: "" }); }}>
                {t("mv.moveTo", { status: statusLabel(to) })}
              </button>
            ))}
          </div>
          {step && (
            <form class="form-grid" data-testid="mv-step-form" onSubmit={submitStep}>
              {stepFields(step.to).map((f) => (
                <label class={inv(f)}>
                  {t(`mv.step.${f}` as any)}
                  <input name={f} type={f.endsWith("date") ? "date" : "text"} value={step[f]} onInput={(e) => setStep({ ...step, [f]: (e.target as HTMLInputElement).value })} />
                </label>
              ))}
              <span>
                <button type="submit" class="primary" data-testid="mv-step-submit">{t("mv.confirm")}</button>{" "}
                <button type="button" onClick={() => setStep(null)}>{t("common.cancel")}</button>
              </span>
            </form>
          )}
        </div>
      )}
      {refusal && <p class="error" data-testid="mv-refusal">{refusal.message}</p>}

      <div class="card">
        <h2>{t("mv.evaluations")}</h2>
        {evaluable && <Link href={`/movement/models/${m.id}/evaluate`} class="button primary" testid="mv-evaluate">{t("mv.evaluate")}</Link>}
        <div class="table-wrap">
          <table class="list" data-testid="mv-evaluations">
            <thead><tr><th>{t("mv.period")}</th><th>{t("mv.score")}</th><th>{t("mv.class")}</th><th>{t("mv.comments")}</th><th>{t("mv.by")}</th></tr></thead>
            <tbody>
              {detail.evaluations.map((e) => (
                <tr data-class={e.class}>
                  <td>{e.period}</td>
                  <td>{e.score.toFixed(1)}</td>
                  <td><span class={`badge cls-${e.class}`}>{classLabel(e.class)}</span></td>
                  <td>{e.comments}{e.evidence && <small class="muted"> · {e.evidence}</small>}</td>
                  <td>{e.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {m.type === "tu_hoa_giai" && <MediationCases modelId={m.id} canEdit={editable} />}
      {m.type === "camera" && <ModelCameras modelId={m.id} canEdit={editable} />}

      <div class="card">
        <h2>{t("mv.history")}</h2>
        <ol class="mv-history" data-testid="mv-history">
          {detail.history.map((h) => (
            <li>
              {formatDay(h.on_date)}: {h.from ? `${statusLabel(h.from)} → ` : ""}{statusLabel(h.to)}
              {h.decision_no && ` (${h.decision_no})`}{h.reason && ` — ${h.reason}`} <small class="muted">{h.by}</small>
            </li>
          ))}
        </ol>
        {detail.spawned.length > 0 && (
          <p>{t("mv.spawned")}: {detail.spawned.map((id) => <Link href={`/movement/models/${id}`}>#{id} </Link>)}</p>
        )}
      </div>

      <div class="card">
        <h2>{t("mv.activities")}</h2>
        <ul data-testid="mv-activities">
          {detail.activities.map((a) => <li>{formatDay(a.on_date)}: {a.text} <small class="muted">{a.by}</small></li>)}
        </ul>
        {editable && (
          <form class="form-grid" onSubmit={addActivity}>
            <label>{t("mv.step.on_date")}<input type="date" name="activity_date" value={activity.on_date} onInput={(e) => setActivity({ ...activity, on_date: (e.target as HTMLInputElement).value })} /></label>
            <label>{t("mv.activity")}<input name="activity_text" required value={activity.text} onInput={(e) => setActivity({ ...activity, text: (e.target as HTMLInputElement).value })} /></label>
            <span><button type="submit">{t("mv.addActivity")}</button></span>
          </form>
        )}
      </div>

      <div class="card">
        <h2>{t("mv.attachments")}</h2>
        <ul data-testid="mv-attachments">
          {detail.attachments.map((f: Attachment) => (
            <li>
              <a href={`${path}/attachments/${f.id}`} download={f.name}>{f.name}</a> <small class="muted">{(f.bytes / 1024).toFixed(0)} KB · SHA-256 {f.sha256.slice(0, 12)}… · {f.by}</small>
            </li>
          ))}
        </ul>
        {editable && (
          <label class="button">
            {uploading ? t("common.loading") : t("mv.attach")}
            <input type="file" class="visually-hidden" name="attachment" accept=".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx,.odt,.ods" onChange={upload} />
          </label>
        )}
      </div>
    </div>
  );
}
