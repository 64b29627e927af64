import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { bytes, level, percent, short, type Health as HealthData, type HealthCamera } from "../lib/health";
import { formatDate, formatDateTime } from "../lib/time";
import { hasKey, t } from "../i18n";
import "../styles/console.css";

interface Note {
  id: number;
  author: string;
  text: string;
  at: string;
}

// Health (docs/design/0012-web-console.md): uptime per camera per day over 7 or 30 days as
// bar charts (GET /api/v1/health, record::Uptime on the server), what is offline now and
// why, storage and how many days of footage it will hold, and maintenance notes.
export function Health(props: { rights: Set<string> }) {
  const [days, setDays] = useState(7);
  const [data, setData] = useState<HealthData | null>(null);
  const [notesOf, setNotesOf] = useState<string | null>(null);
  const [error, setError] = useState("");

  const load = async () => {
    try {
      setData(await api<HealthData>("GET", `/api/v1/health?days=${days}`));
      setError("");
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    load();
    const id = window.setInterval(load, 30000);
    return () => window.clearInterval(id);
  }, [days]);

  const stateLabel = (s: string) => (hasKey(`state.${s}`) ? t(`state.${s}` as never) : s);
  return (
    <section class="health-screen">
      <div class="toolbar">
        <h1>{t("console.health.title")}</h1>
        <button class={days === 7 ? "active" : ""} data-testid="health-7" onClick={() => setDays(7)}>{t("console.health.days", { days: 7 })}</button>
        <button class={days === 30 ? "active" : ""} data-testid="health-30" onClick={() => setDays(30)}>{t("console.health.days", { days: 30 })}</button>
        <button onClick={load}>{t("common.refresh")}</button>
      </div>
      {error && <p class="error">{t("common.error", { message: error })}</p>}
      {data && (
        <>
          <div class="card">
            <h2>{t("console.health.offline")}</h2>
            {data.offline.length === 0 ? (
              <p class="ok" data-testid="health-all-online">{t("console.health.allOnline")}</p>
            ) : (
              <ul class="health-offline" data-testid="health-offline">
                {data.offline.map((o) => (
                  <li data-camera={o.camera_id}>
                    <strong>{o.name || o.camera_id}</strong> ({o.stream}): <span class={`badge state-${o.state}`}>{stateLabel(o.state)}</span>{" "}
                    {o.reason && t("state.reason", { reason: o.reason })}
                    {o.since && ` · ${t("state.since", { time: formatDateTime(Date.parse(o.since)) })}`}
                    {o.detail && <div class="muted">{o.detail}</div>}
                  </li>
                ))}
              </ul>
            )}
            {data.disk && (
              <p class="muted">
                {t("console.health.disk", { free: bytes(data.disk.free_bytes), total: bytes(data.disk.total_bytes) })}
                {data.disk.full_in_days !== null && ` · ${t("console.health.fullIn", { days: Math.floor(data.disk.full_in_days) })}`}
              </p>
            )}
          </div>
          <div class="health-grid">
            {data.cameras.map((c) => (
              <CameraHealth camera={c} days={data.days.map((d) => d.start_ns / 1e6)} onNotes={() => setNotesOf(notesOf === c.id ? null : c.id)} notesOpen={notesOf === c.id} rights={props.rights} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function CameraHealth(props: { camera: HealthCamera; days: number[]; onNotes: () => void; notesOpen: boolean; rights: Set<string> }) {
  const c = props.camera;
  const s = c.storage;
  return (
    <div class="card health-card" data-camera={c.id}>
      <div class="toolbar">
        <strong>{c.name || c.id}</strong>
        <span class={`badge state-${c.state === "online" ? "streaming" : c.state}`}>{c.state === "online" ? t("state.streaming") : hasKey(`state.${c.state}`) ? t(`state.${c.state}` as never) : c.state}</span>
        <span class={`uptime-total ${level(c.uptime_total)}`} data-testid="uptime-total">{t("console.health.uptime", { value: percent(c.uptime_total) })}</span>
      </div>
      <div class="uptime-chart" role="img" aria-label={t("console.health.chart", { name: c.name || c.id })}>
        {c.uptime.map((u, i) => (
          <span class="uptime-day" title={`${formatDate(props.days[i])}: ${u === null ? t("console.health.noData") : percent(u)}`}>
            <span class={`uptime-bar ${level(u)}`} style={{ height: `${u === null ? 0 : Math.max(2, Math.round(u * 100))}%` }} />
          </span>
        ))}
      </div>
      <div class="uptime-axis muted">
        <span>{props.days.length ? formatDate(props.days[0]) : ""}</span>
        <span>{props.days.length ? formatDate(props.days[props.days.length - 1]) : ""}</span>
      </div>
      <p class={short(s) ? "warn" : "muted"} data-testid="storage">
        {t("console.health.storage", { size: bytes(s.bytes), perDay: bytes(s.bytes_per_day), days: s.retained_days.toFixed(1) })}
        {" · "}
        {s.capacity_days === null
          ? t("console.health.capacityUnknown", { retention: s.retention_days })
          : t("console.health.capacity", { days: Math.floor(s.capacity_days), retention: s.retention_days })}
      </p>
      <button onClick={props.onNotes} data-testid="notes-toggle">{t("console.health.notes")}</button>
      {props.notesOpen && <Notes cameraId={c.id} canWrite={props.rights.has("camera.manage")} />}
    </div>
  );
}

function Notes(props: { cameraId: string; canWrite: boolean }) {
  const [notes, setNotes] = useState<Note[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const path = `/api/v1/cameras/${encodeURIComponent(props.cameraId)}/notes`;
  const load = () => api<{ notes: Note[] }>("GET", path).then((r) => setNotes(r.notes), (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, []);
  const add = async () => {
    if (!text.trim()) return;
    try {
      await api("POST", path, { text: text.trim() });
      setText("");
      setError("");
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div class="notes" data-testid="notes">
      {props.canWrite && (
        <div class="toolbar">
          <input class="filter" name="note-text" maxLength={2000} placeholder={t("console.health.notePlaceholder")} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} onKeyDown={(e) => e.key === "Enter" && add()} />
          <button onClick={add}>{t("console.health.addNote")}</button>
        </div>
      )}
      {notes.length === 0 && <p class="muted">{t("console.health.noNotes")}</p>}
      <ul>
        {notes.map((n) => (
          <li>
            <span class="muted">{formatDateTime(Date.parse(n.at))} · {n.author}:</span> {n.text}
          </li>
        ))}
      </ul>
      {error && <p class="error">{t("common.error", { message: error })}</p>}
    </div>
  );
}
