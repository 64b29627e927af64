// A report job followed to its file (docs/design/0013-reports.md): start it with a POST, poll
// its progress at /api/v1/reports/{id} (backing off, and stopping when the screen goes), then
// offer the download. Shared by the movement's report builder and the award dossier.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../lib/api";
import { jobFinished, pollDelayMs, type ReportJob } from "../lib/movement";
import { t } from "../i18n";

export function useReportJob() {
  const [job, setJob] = useState<ReportJob | null>(null);
  const [error, setError] = useState("");
  const polling = useRef(0);
  useEffect(() => () => void (polling.current = -1), []);

  const poll = async (id: string, attempt: number, token: number) => {
    if (polling.current !== token) return;
    try {
      const j = await api<ReportJob>("GET", `/api/v1/reports/${id}`);
      if (polling.current !== token) return;
      setJob(j);
      if (!jobFinished(j)) setTimeout(() => poll(id, attempt + 1, token), pollDelayMs(attempt));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  // Starts the job; a refusal is thrown to the caller, which may tell a missing route apart.
  const start = async (path: string, body: unknown) => {
    setError("");
    setJob(null);
    const j = await api<ReportJob>("POST", path, body);
    setJob(j);
    const token = ++polling.current;
    if (!jobFinished(j)) setTimeout(() => poll(j.id, 0, token), pollDelayMs(0));
  };
  return { job, error, setError, start };
}

// The job's state and progress, its error, or the download once done. `testid` prefixes
// the elements' data-testid ("<testid>-job", "<testid>-download").
export function ReportJobCard({ job, testid, download }: { job: ReportJob; testid: string; download: (name: string) => string }) {
  return (
    <div class="card" data-testid={`${testid}-job`} data-state={job.state}>
      <p>{t(`mv.job.${job.state}` as any)} {job.state === "running" || job.state === "queued" ? `${job.percent}%` : ""}</p>
      {!jobFinished(job) && <progress max={100} value={job.percent} />}
      {job.state === "failed" && job.error && <p class="error">{job.error.message}</p>}
      {job.state === "done" && job.file && (
        <a class="button primary" href={`/api/v1/reports/${job.id}/file`} download={job.file.name} data-testid={`${testid}-download`}>
          {download(job.file.name)}
        </a>
      )}
    </div>
  );
}
