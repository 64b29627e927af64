// The one place the console talks HTTP to anninh (docs/ref/api.md): JSON in and out, the
// CSRF token on every write made with the session cookie, errors as ApiError with the
// server's stable code, and one hook for "your session ended" so every screen handles
// expiry the same way (back to sign-in, the page kept for after).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    // Every problem of a camera document (POST/PUT /api/v1/cameras), each with its key.
    readonly issues?: { key: string; message: string }[],
  ) {
    super(message);
  }
}

let csrfToken = "";
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(f: () => void): void {
  onUnauthenticated = f;
}

// Routes where 401 is an answer (wrong password), not an expired session.
const AUTH_ROUTES = ["/api/v1/session", "/api/v1/setup"];

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  // A Blob (a File) is sent as itself: the upload convention, the file as the body.
  const raw = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = raw ? (body as Blob).type || "application/octet-stream" : "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch (e) {
    throw new ApiError(0, "network", String(e));
  }
  if (res.status === 401 && !(method === "POST" && AUTH_ROUTES.includes(path)) && !(method === "GET" && path === "/api/v1/session")) {
    onUnauthenticated();
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = json?.error ?? {};
    throw new ApiError(res.status, err.code ?? "http_" + res.status, err.message ?? res.statusText, err.field, err.issues);
  }
  return json as T;
}

// Every page of a list route that pages by cursor (`?limit=&cursor=`, answering
// `{<key>: [...], next}`; docs/ref/api.md) as one array, following `next` until it is null.
export async function apiAll<T>(path: string, params: URLSearchParams, key: string): Promise<T[]> {
  const all: T[] = [];
  const p = new URLSearchParams(params);
  if (!p.has("limit")) p.set("limit", "1000");
  for (;;) {
    const r = await api<Record<string, unknown>>("GET", `${path}?${p}`);
    all.push(...((r[key] as T[] | undefined) ?? []));
    const next = r.next as string | null | undefined;
    if (!next) return all;
    p.set("cursor", next);
  }
}

// An upload under the shared convention: the body is the raw file, its name in ?name=
// (the server checks the type by the file's bytes). Answers like api().
export async function apiUpload<T = unknown>(path: string, file: Blob, name: string): Promise<T> {
  const sep = path.includes("?") ? "&" : "?";
  const headers: Record<string, string> = { Accept: "application/json", "Content-Type": file.type || "application/octet-stream" };
  if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const res = await fetch(`${path}${sep}name=${encodeURIComponent(name)}`, { method: "POST", headers, body: file, credentials: "same-origin" });
  const json: any = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = json?.error ?? {};
    throw new ApiError(res.status, err.code ?? "http_" + res.status, err.message ?? res.statusText, err.field);
  }
  return json as T;
}

// Times go to the server as RFC 3339 UTC with milliseconds.
export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

// --- the shapes the console reads (docs/ref/openapi.yaml) ---

export interface SessionUser {
  id: number;
  username: string;
  display_name?: string;
  role: string;
  rights: string[];
  scope: "all" | "assigned";
  areas: string[];
  totp?: boolean; // the second factor is on (GET /api/v1/session)
}

export interface SessionInfo {
  user: SessionUser;
  csrf_token?: string;
  expires_at?: string;
}

export interface StreamInfo {
  name: string;
  state: string;
  reason: string;
  detail: string;
  since: string;
  since_ns: number;
  codec: string;
  width: number;
  height: number;
  live?: { available: boolean; codec: string; mime: string; viewers: number };
}

export interface Camera {
  id: string;
  name: string;
  area: string;
  enabled: boolean;
  editable?: boolean; // added through the API; the config file's cameras are read-only
  streams: StreamInfo[];
  view?: { grid: string; focus: string; transcode: boolean; note: string };
}

export interface TimelineCamera {
  id: string;
  stream: string;
  spans: { start: string; end: string }[];
  gaps: { start: string; end: string; reason: string }[];
  events?: { id: number; rule: string; zone: string; class: string; start: string; end: string | null }[];
}

export interface ExportJob {
  id: string;
  state: "queued" | "running" | "done" | "failed" | "cancelled";
  phase: string;
  percent: number;
  error: { code: string; message: string } | null;
  request: { camera_id: string; from_ns: number; to_ns: number; reason: string; case_ref?: string | null };
  package?: { name: string; archive_bytes: number; archive_sha256: string };
}

export interface VerifyReport {
  ok: boolean;
  signature_valid: boolean;
  findings: { kind: string; file: string; message: string }[];
}

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  areas: string[];
  grants: string[];
  disabled: boolean;
  totp: boolean;
  failed_logins: number;
  locked_until?: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  camera_id: string;
  from?: string;
  to?: string;
  detail: string;
  remote: string;
}
