import { useEffect, useState } from "preact/hooks";
import { api, ApiError, isoMs, type Camera, type ExportJob, type VerifyReport } from "../lib/api";
import { formatDateTime, parseDateTime } from "../lib/time";
import { compareVi } from "../lib/text";
import { MINUTE } from "../lib/timeline";
import { hasKey, t } from "../i18n";

// Evidence export: a range of one camera, a reason (required, audited) and optionally a
// case; progress while the package is assembled; then download and the verification report.
export function Export() {
  const q = new URLSearchParams(location.search);
  const now = Date.now();
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [cases, setCases] = useState<string[]>([]);
  const [camera, setCamera] = useState(q.get("camera") ?? "");
  const [fromText, setFromText] = useState(formatDateTime(Number(q.get("from")) || now - 5 * MINUTE));
  const [toText, setToText] = useState(formatDateTime(Number(q.get("to")) || now - MINUTE));
  const [reason, setReason] = useState("");
  const [caseRef, setCaseRef] = useState("");
  const [job, setJob] = useState<ExportJob | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [jobs, setJobs] = useState<ExportJob[]>([]);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  const refreshJobs = () => api<{ exports: ExportJob[] }>("GET", "/api/v1/exports").then((r) => setJobs(r.exports.slice().reverse()), () => {});

  useEffect(() => {
    api<{ cameras: Camera[] }>("GET", "/api/v1/cameras").then((r) => {
      const list = r.cameras.slice().sort((a, b) => compareVi(a.name || a.id, b.name || b.id));
      setCameras(list);
      if (!camera && list[0]) setCamera(list[0].id);
    }, () => {});
    api<{ cases: { case_ref: string }[] }>("GET", "/api/v1/cases").then((r) => setCases(r.cases.map((c) => c.case_ref)), () => {});
    refreshJobs();
  }, []);

  // Follow the running job until it ends, then verify the package at once.
  useEffect(() => {
    if (!job || job.state === "done" || job.state === "failed" || job.state === "cancelled") return;
    const id = window.setTimeout(async () => {
      try {
        const j = await api<ExportJob>("GET", `/api/v1/exports/${job.id}`);
        setJob(j);
        if (j.state === "done") {
          refreshJobs();
          setReport(await api<VerifyReport>("GET", `/api/v1/exports/${j.id}/verify`));
        }
      } catch (e) {
        setError({ message: (e as Error).message });
      }
    }, 700);
    return () => window.clearTimeout(id);
  }, [job]);

  const start = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setReport(null);
    const from = parseDateTime(fromText);
    const to = parseDateTime(toText);
    if (from === null) return setError({ message: t("common.badDate"), field: "from" });
    if (to === null) return setError({ message: t("common.badDate"), field: "to" });
    if (!reason.trim()) return setError({ message: t("ex.needReason"), field: "reason" });
    try {
      const body: Record<string, string> = { camera_id: camera, from: isoMs(from), to: isoMs(to), reason: reason.trim() };
      if (caseRef.trim()) body.case_ref = caseRef.trim();
      setJob(await api<ExportJob>("POST", "/api/v1/exports", body));
    } catch (err) {
      const e2 = err as ApiError;
      setError({ message: e2.message, field: e2.field });
    }
  };

  const verify = async (id: string) => setReport(await api<VerifyReport>("GET", `/api/v1/exports/${id}/verify`));
  const cancel = async (id: string) => {
    await api("DELETE", `/api/v1/exports/${id}`).catch(() => {});
    setJob(await api<ExportJob>("GET", `/api/v1/exports/${id}`));
  };
  const stateLabel = (s: string) => (hasKey(`ex.state.${s}`) ? t(`ex.state.${s}` as any) : s);
  const bad = (f: string) => (error?.field === f ? "invalid" : "");

  return (
    <section class="export-screen">
      <h1>{t("ex.title")}</h1>
      <form class="card form-grid" onSubmit={start}>
        <label>
          {t("ex.camera")}
          <select name="camera" value={camera} onChange={(e) => setCamera((e.target as HTMLSelectElement).value)}>
            {cameras.map((c) => <option value={c.id}>{c.name || c.id}</option>)}
          </select>
        </label>
        <label class={bad("from")}>
          {t("common.from")}
          <input name="from" value={fromText} placeholder={t("common.dateHint")} onInput={(e) => setFromText((e.target as HTMLInputElement).value)} />
        </label>
        <label class={bad("to")}>
          {t("common.to")}
          <input name="to" value={toText} placeholder={t("common.dateHint")} onInput={(e) => setToText((e.target as HTMLInputElement).value)} />
        </label>
        <label class={bad("reason")}>
          {t("ex.reason")}
          <input name="reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
        </label>
        <label class={bad("case_ref")}>
          {t("ex.case")}
          <input name="case_ref" list="cases" value={caseRef} onInput={(e) => setCaseRef((e.target as HTMLInputElement).value)} />
          <datalist id="cases">{cases.map((c) => <option value={c} />)}</datalist>
        </label>
        <button type="submit" class="primary" disabled={!!job && (job.state === "queued" || job.state === "running")}>{t("ex.start")}</button>
      </form>
      {error && <p class="error" role="alert">{error.message}</p>}
      {job && (
        <div class="card job" data-state={job.state}>
          <p>
            {job.id.slice(0, 8)} · {stateLabel(job.state)} {job.phase && `· ${job.phase}`}
          </p>
          <progress max={100} value={job.percent} aria-label={t("ex.progress")} />
          <span> {Math.round(job.percent)}%</span>
          {job.error && <p class="error">{job.error.message}</p>}
          {(job.state === "queued" || job.state === "running") && <button onClick={() => cancel(job.id)}>{t("ex.cancel")}</button>}
          {job.state === "done" && (
            <p>
              <a class="button primary" data-testid="download" href={`/api/v1/exports/${job.id}/package.zip`} download="">
                {t("ex.download")}
              </a>{" "}
              <button onClick={() => verify(job.id)}>{t("ex.verify")}</button>
            </p>
          )}
        </div>
      )}
      {report && (
        <div class={`card verify ${report.ok ? "ok" : "bad"}`} data-testid="verify" data-ok={String(report.ok)}>
          <strong>{report.ok ? t("ex.verifyOk") : t("ex.verifyBad")}</strong>
          <p>{t("ex.signature", { valid: report.signature_valid ? t("common.yes") : t("common.no") })}</p>
          {report.findings.length > 0 && <ul>{report.findings.map((f) => <li>{f.file}: {f.message} ({f.kind})</li>)}</ul>}
        </div>
      )}
      <h2>{t("ex.history")}</h2>
      <table class="list">
        <tbody>
          {jobs.map((j) => (
            <tr>
              <td>{j.id.slice(0, 8)}</td>
              <td>{j.request.camera_id}</td>
              <td>{formatDateTime(j.request.from_ns / 1e6)} – {formatDateTime(j.request.to_ns / 1e6)}</td>
              <td>{j.request.reason}</td>
              <td>{stateLabel(j.state)}</td>
              <td>{j.state === "done" && <a href={`/api/v1/exports/${j.id}/package.zip`} download="">{t("ex.download")}</a>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
