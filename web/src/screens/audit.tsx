import { useEffect, useState } from "preact/hooks";
import { api, isoMs, type AuditEntry } from "../lib/api";
import { formatDateTime, parseDateTime } from "../lib/time";
import { matches } from "../lib/text";
import { t } from "../i18n";

interface VerifyResult {
  ok: boolean;
  entries: number;
  findings: { seq: number; problem: string }[];
}

// The hash-chained audit log: server-side filters (actor, action prefix, camera, range),
// paging with next_before, a quick local filter on what is loaded, and chain verification.
export function Audit() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [q, setQ] = useState({ actor: "", action: "", camera: "", from: "", to: "" });
  const [local, setLocal] = useState("");
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [error, setError] = useState("");

  const query = (before?: number) => {
    const p = new URLSearchParams();
    if (q.actor.trim()) p.set("actor", q.actor.trim());
    if (q.action.trim()) p.set("action", q.action.trim());
    if (q.camera.trim()) p.set("camera", q.camera.trim());
    for (const k of ["from", "to"] as const) {
      if (q[k].trim()) {
        const ms = parseDateTime(q[k]);
        if (ms === null) throw new Error(t("common.badDate"));
        p.set(k, isoMs(ms));
      }
    }
    if (before) p.set("before", String(before));
    p.set("limit", "100");
    return p.toString();
  };

  const load = async (more = false) => {
    setError("");
    try {
      const r = await api<{ entries: AuditEntry[]; next_before?: number }>("GET", `/api/v1/audit?${query(more ? next ?? undefined : undefined)}`);
      setEntries(more ? [...entries, ...r.entries] : r.entries);
      setNext(r.next_before ?? null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    load();
  }, []);

  const field = (k: keyof typeof q, label: string, hint?: string) => (
    <label>
      {label}
      <input name={k} value={q[k]} placeholder={hint} onInput={(e) => setQ({ ...q, [k]: (e.target as HTMLInputElement).value })} />
    </label>
  );

  return (
    <section class="audit-screen">
      <h1>{t("audit.title")}</h1>
      <form class="card form-grid" onSubmit={(e) => { e.preventDefault(); load(); }}>
        {field("actor", t("audit.actor"))}
        {field("action", t("audit.action"))}
        {field("camera", t("common.camera"))}
        {field("from", t("common.from"), t("common.dateHint"))}
        {field("to", t("common.to"), t("common.dateHint"))}
        <span>
          <button type="submit" class="primary">{t("common.filter")}</button>{" "}
          <button type="button" data-testid="verify-audit" onClick={async () => setVerify(await api<VerifyResult>("GET", "/api/v1/audit/verify"))}>{t("audit.verify")}</button>
        </span>
      </form>
      {error && <p class="error">{error}</p>}
      {verify && (
        <div class={`card verify ${verify.ok ? "ok" : "bad"}`} data-testid="audit-verify" data-ok={String(verify.ok)}>
          {verify.ok ? t("audit.verifyOk", { entries: verify.entries }) : t("audit.verifyBad", { count: verify.findings.length })}
          {!verify.ok && <ul>{verify.findings.map((f) => <li>#{f.seq}: {f.problem}</li>)}</ul>}
        </div>
      )}
      <input type="search" class="filter" placeholder={t("common.search")} value={local} onInput={(e) => setLocal((e.target as HTMLInputElement).value)} />
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr><th>#</th><th>{t("audit.time")}</th><th>{t("audit.actor")}</th><th>{t("audit.action")}</th><th>{t("common.camera")}</th><th>{t("audit.detail")}</th><th>{t("audit.remote")}</th></tr>
          </thead>
          <tbody>
            {entries.filter((e) => matches(local, e.actor, e.action, e.camera_id, e.detail)).map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>{formatDateTime(Date.parse(e.at))}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.camera_id}</td>
                <td>{e.from ? `${formatDateTime(Date.parse(e.from))} – ${e.to ? formatDateTime(Date.parse(e.to)) : ""} ` : ""}{e.detail}</td>
                <td>{e.remote}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next !== null && <button onClick={() => load(true)}>{t("audit.more")}</button>}
    </section>
  );
}
