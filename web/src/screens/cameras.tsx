// Camera administration (docs/design/0016-camera-admin.md): the list, the add/edit form with
// "test connection", and the zone editor on a live snapshot. Cameras of the config file are
// shown read-only (change them in the file); those added here are stored by the server and
// restart alone when saved. The server validates everything again and answers every problem
// at once; the form marks each field it names.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type Camera } from "../lib/api";
import { matches } from "../lib/text";
import { CamerasEditor, type AnalyticsDoc } from "../components/cameras_editor";
import { hasKey, t, type MessageKey } from "../i18n";

interface StreamDoc {
  url: string;
  username?: string;
  password?: string;
  password_set?: boolean;
  record?: boolean;
  [key: string]: unknown;
}
export interface CameraDoc {
  id: string;
  name?: string;
  area?: string;
  enabled?: boolean;
  retain_days?: number;
  main: StreamDoc;
  sub?: StreamDoc;
  analytics?: AnalyticsDoc;
  source?: "config" | "api";
  [key: string]: unknown;
}
interface TestResult {
  ok: boolean;
  reason: string;
  detail: string;
  video?: { codec: string; width: number; height: number; fps: number };
  audio: boolean;
}
interface Issue {
  key: string;
  message: string;
}

const EMPTY: CameraDoc = { id: "", name: "", area: "", enabled: true, retain_days: 30, main: { url: "", username: "", record: true }, analytics: { enabled: true, detector: "hog", zones: [], masks: [], privacy_masks: [], lines: [], rules: [] } };

// What the server gets: empty optional fields left out, so its defaults apply, and an
// unchanged password left out, so the stored one is kept.
export function toRequest(doc: CameraDoc, creating: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  delete out.source;
  if (!creating) delete out.id;
  for (const name of ["main", "sub"] as const) {
    const s = doc[name];
    if (!s) continue;
    if (name === "sub" && !s.url) {
      delete out.sub;
      continue;
    }
    const copy: Record<string, unknown> = { ...s };
    delete copy.password_set;
    if (!copy.password) delete copy.password;
    if (!copy.username) delete copy.username;
    out[name] = copy;
  }
  const a = doc.analytics;
  if (a) {
    const copy: Record<string, unknown> = { ...a };
    for (const k of ["zones", "masks", "privacy_masks", "lines", "rules"]) if (Array.isArray(copy[k]) && (copy[k] as unknown[]).length === 0) delete copy[k];
    out.analytics = copy;
  }
  return out;
}

function reasonText(reason: string): string {
  const key = "cameras.reason." + reason.replace(/ /g, "_");
  return hasKey(key) ? t(key) : reason;
}

function stateOf(c: Camera): string {
  const s = c.streams.find((x) => x.name === "main") ?? c.streams[0];
  if (!c.enabled) return t("cameras.disabled");
  return s ? `${s.state}${s.reason ? " (" + s.reason + ")" : ""}` : "";
}

export function Cameras() {
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<"new" | string | null>(null);
  const [doc, setDoc] = useState<CameraDoc>(EMPTY);
  const [tests, setTests] = useState<Record<string, TestResult | "running">>({});
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState("");
  const [message, setMessage] = useState("");
  const [snapshotAt, setSnapshotAt] = useState(0);

  const load = () => api<{ cameras: Camera[] }>("GET", "/api/v1/cameras").then((r) => setCameras(r.cameras));
  useEffect(() => {
    load().catch((e) => setError((e as Error).message));
  }, []);

  const open = async (id: string | null) => {
    setIssues([]);
    setError("");
    setMessage("");
    setTests({});
    if (id === null) {
      setDoc(structuredClone(EMPTY));
      setEditing("new");
      return;
    }
    try {
      const d = await api<CameraDoc>("GET", `/api/v1/cameras/${encodeURIComponent(id)}/config`);
      d.analytics = { zones: [], masks: [], privacy_masks: [], lines: [], rules: [], ...(d.analytics ?? {}) };
      setDoc(d);
      setEditing(id);
      setSnapshotAt(Date.now());
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const readOnly = doc.source === "config";
  const creating = editing === "new";
  const set = (patch: Partial<CameraDoc>) => setDoc({ ...doc, ...patch });
  const setStream = (name: "main" | "sub", patch: Partial<StreamDoc>) => setDoc({ ...doc, [name]: { url: "", ...(doc[name] ?? {}), ...patch } });
  const bad = (key: string) => (issues.some((i) => i.key === key || i.key.startsWith(key + ".")) ? "invalid" : "");
  // An analytics setting picked from a list; the first choice is the server's default.
  const choice = (key: "detector" | "decode", choices: string[]) => (
    <label class={bad(`analytics.${key}`)}>
      {t(`cameras.${key}`)}
      <select name={key} value={doc.analytics?.[key] ?? choices[0]} disabled={readOnly} onChange={(e) => set({ analytics: { ...doc.analytics, [key]: (e.target as HTMLSelectElement).value } })}>
        {choices.map((c) => (
          <option value={c}>{t(`cameras.${key}.${c}` as MessageKey)}</option>
        ))}
      </select>
    </label>
  );

  const test = async (name: "main" | "sub") => {
    const s = doc[name];
    if (!s?.url) return;
    setTests({ ...tests, [name]: "running" });
    try {
      const body: Record<string, string> = { url: s.url, stream: name };
      if (s.username) body.username = s.username;
      if (s.password) body.password = s.password;
      if (!creating) body.camera_id = doc.id;
      const r = await api<TestResult>("POST", "/api/v1/cameras/test", body);
      setTests((prev) => ({ ...prev, [name]: r }));
    } catch (e) {
      setTests((prev) => ({ ...prev, [name]: { ok: false, reason: (e as ApiError).code, detail: (e as Error).message, audio: false } }));
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setIssues([]);
    setError("");
    try {
      const body = toRequest(doc, creating);
      if (creating) await api("POST", "/api/v1/cameras", body);
      else await api("PUT", `/api/v1/cameras/${encodeURIComponent(doc.id)}`, body);
      setMessage(t("cameras.saved", { name: doc.name || doc.id }));
      await load();
      await open(doc.id);
      setMessage(t("cameras.saved", { name: doc.name || doc.id }));
    } catch (err) {
      const e2 = err as ApiError;
      setError(e2.message);
      // The server lists every problem (error.issues), each with its key.
      setIssues(e2.issues ?? []);
    }
  };

  const remove = async () => {
    if (!confirm(t("cameras.confirmDelete", { name: doc.name || doc.id }))) return;
    try {
      await api("DELETE", `/api/v1/cameras/${encodeURIComponent(doc.id)}`);
      setEditing(null);
      setMessage(t("cameras.deleted", { name: doc.name || doc.id }));
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const testLine = (name: "main" | "sub") => {
    const r = tests[name];
    if (!r) return null;
    if (r === "running") return <p class="muted" data-testid={`test-${name}`}>{t("cameras.testing")}</p>;
    return (
      <p class={r.ok ? "ok" : "error"} data-testid={`test-${name}`} data-ok={String(r.ok)}>
        {r.ok
          ? t("cameras.testOk", { codec: r.video?.codec ?? "", width: r.video?.width ?? 0, height: r.video?.height ?? 0, fps: Math.round(r.video?.fps ?? 0) })
          : `${t("cameras.testFailed")}: ${reasonText(r.reason)} — ${r.detail}`}
      </p>
    );
  };

  const streamFields = (name: "main" | "sub") => {
    const s = doc[name] ?? { url: "" };
    return (
      <fieldset class="card form-grid" data-stream={name}>
        <legend>{t(name === "main" ? "cameras.mainStream" : "cameras.subStream")}</legend>
        <label class={bad(`${name}.url`)}>
          {t("cameras.url")}
          <input name={`${name}-url`} value={s.url} placeholder="rtsp://192.168.1.64:554/Streaming/Channels/101" disabled={readOnly} required={name === "main"} onInput={(e) => setStream(name, { url: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          {t("cameras.username")}
          <input name={`${name}-username`} value={s.username ?? ""} autocomplete="off" disabled={readOnly} onInput={(e) => setStream(name, { username: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          {t("cameras.password")}
          <input name={`${name}-password`} type="password" autocomplete="new-password" value={s.password ?? ""} disabled={readOnly}
            placeholder={s.password_set ? t("cameras.passwordKept") : ""} onInput={(e) => setStream(name, { password: (e.target as HTMLInputElement).value })} />
        </label>
        <label class="inline">
          <input type="checkbox" name={`${name}-record`} checked={s.record ?? name === "main"} disabled={readOnly} onChange={(e) => setStream(name, { record: (e.target as HTMLInputElement).checked })} /> {t("cameras.record")}
        </label>
        <span>
          <button type="button" onClick={() => test(name)} disabled={!s.url || tests[name] === "running"} data-testid={`test-button-${name}`}>{t("cameras.test")}</button>
        </span>
        {testLine(name)}
      </fieldset>
    );
  };

  return (
    <section class="cameras-screen">
      <h1>{t("cameras.title")}</h1>
      <div class="toolbar">
        <input type="search" class="filter" placeholder={t("common.search")} value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <button class="primary" onClick={() => open(null)} data-testid="add-camera">{t("cameras.add")}</button>
      </div>
      {message && <p class="ok" role="status">{message}</p>}
      {error && (
        <div class="error" role="alert">
          <p>{error}</p>
          {issues.length > 0 && <ul data-testid="issues">{issues.map((i) => <li>{i.key}: {i.message}</li>)}</ul>}
        </div>
      )}
      {editing !== null && (
        <form class="cameras-form" onSubmit={save} data-testid="camera-form">
          {readOnly && <p class="warn">{t("cameras.fromFile")}</p>}
          <div class="card form-grid">
            <label class={bad("id")}>
              {t("cameras.id")}
              <input name="id" value={doc.id} disabled={!creating} required pattern="[a-z0-9][a-z0-9_\-]{0,62}" title={t("cameras.idHint")} onInput={(e) => set({ id: (e.target as HTMLInputElement).value })} />
            </label>
            <label class={bad("name")}>
              {t("cameras.name")}
              <input name="name" value={doc.name ?? ""} disabled={readOnly} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
            </label>
            <label class={bad("area")}>
              {t("cameras.area")}
              <input name="area" value={doc.area ?? ""} disabled={readOnly} placeholder="thon-dong" onInput={(e) => set({ area: (e.target as HTMLInputElement).value })} />
            </label>
            <label class={bad("retain_days")}>
              {t("cameras.retainDays")}
              <input name="retain_days" type="number" min="0" step="1" value={doc.retain_days ?? ""} disabled={readOnly} onInput={(e) => set({ retain_days: Number((e.target as HTMLInputElement).value) })} />
            </label>
            <label class="inline">
              <input type="checkbox" name="enabled" checked={doc.enabled ?? true} disabled={readOnly} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} /> {t("cameras.enabled")}
            </label>
          </div>
          {streamFields("main")}
          {streamFields("sub")}
          <fieldset class="card" data-testid="analytics">
            <legend>{t("cameras.analytics")}</legend>
            <div class="form-grid">
              <label class="inline">
                <input type="checkbox" name="analytics-enabled" checked={doc.analytics?.enabled ?? false} disabled={readOnly} onChange={(e) => set({ analytics: { ...doc.analytics, enabled: (e.target as HTMLInputElement).checked } })} /> {t("cameras.analyticsOn")}
              </label>
              {choice("detector", ["hog", "dnn", "none"])}
              {choice("decode", ["adaptive", "all", "keyframes"])}
            </div>
            {creating ? (
              <p class="muted">{t("cameras.saveToDraw")}</p>
            ) : (
              <CamerasEditor
                snapshot={doc.enabled === false ? null : `/api/v1/cameras/${encodeURIComponent(doc.id)}/snapshot.jpg?width=960#${snapshotAt}`}
                value={doc.analytics ?? {}}
                readOnly={readOnly}
                onChange={(a) => set({ analytics: a })}
              />
            )}
          </fieldset>
          {!readOnly && (
            <span>
              <button type="submit" class="primary" data-testid="save-camera">{t("common.save")}</button>{" "}
              <button type="button" onClick={() => setEditing(null)}>{t("common.cancel")}</button>{" "}
              {!creating && <button type="button" class="danger" onClick={remove}>{t("cameras.delete")}</button>}
            </span>
          )}
          {readOnly && <button type="button" onClick={() => setEditing(null)}>{t("common.close")}</button>}
        </form>
      )}
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr><th>{t("cameras.name")}</th><th>{t("cameras.id")}</th><th>{t("cameras.area")}</th><th>{t("cameras.state")}</th><th>{t("cameras.source")}</th><th></th></tr>
          </thead>
          <tbody>
            {cameras.filter((c) => matches(filter, c.name, c.id, c.area)).map((c) => (
              <tr data-camera={c.id}>
                <td>{c.name}</td>
                <td>{c.id}</td>
                <td>{c.area}</td>
                <td>{stateOf(c)}</td>
                <td>{c.editable ? t("cameras.sourceApi") : t("cameras.sourceFile")}</td>
                <td><button class="link" onClick={() => open(c.id)}>{c.editable ? t("cameras.edit") : t("cameras.view")}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
