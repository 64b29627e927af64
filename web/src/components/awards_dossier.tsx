// The dossier's documents for the proposals ticked on the awards list (docs/design/0014, "The
// dossier documents"): pick the tờ trình or the danh sách trích ngang and a format, start the
// job (POST /api/v1/awards/dossier/documents), follow its progress on the report routes and
// download the file. The server checks the set (one form, one unit) and says what is wrong.
import { useState } from "preact/hooks";
import { jobFinished } from "../lib/movement";
import { ReportJobCard, useReportJob } from "./report_job";
import { t } from "../i18n";
import { dossierFormats, type DossierKind as Kind } from "../lib/awards";


export function AwardDossier({ ids }: { ids: number[] }) {
  const [kind, setKind] = useState<Kind>("to-trinh");
  const [format, setFormat] = useState<"docx" | "pdf" | "xlsx">("docx");
  const [number, setNumber] = useState("");
  const [signer, setSigner] = useState("");
  const { job, error, setError, start: startJob } = useReportJob();

  const start = (e: Event) => {
    e.preventDefault();
    startJob("/api/v1/awards/dossier/documents", { ids, kind, format, number, signer }).catch((err) =>
      setError((err as Error).message),
    );
  };
  const pickKind = (k: Kind) => {
    setKind(k);
    if (!dossierFormats(k).includes(format)) setFormat(dossierFormats(k)[0]);
  };

  return (
    <form class="card form-grid" data-testid="award-dossier" onSubmit={start}>
      <h2>{t("dossier.title", { n: ids.length })}</h2>
      <label>
        {t("dossier.kind")}
        <select name="kind" value={kind} onChange={(e) => pickKind((e.target as HTMLSelectElement).value as Kind)}>
          <option value="to-trinh">{t("dossier.toTrinh")}</option>
          <option value="trich-ngang">{t("dossier.trichNgang")}</option>
        </select>
      </label>
      <label>
        {t("dossier.format")}
        <select name="format" value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as "docx" | "pdf" | "xlsx")}>
          {dossierFormats(kind).map((f) => <option value={f}>{f.toUpperCase()}</option>)}
        </select>
      </label>
      <label>
        {t("dossier.number")}
        <input name="number" value={number} placeholder="27/TTr-BCĐ" onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t("dossier.signer")}
        <input name="signer" value={signer} onInput={(e) => setSigner((e.target as HTMLInputElement).value)} />
      </label>
      <span>
        <button type="submit" class="primary" data-testid="award-dossier-start" disabled={ids.length === 0 || (job !== null && !jobFinished(job))}>
          {t("dossier.start")}
        </button>
      </span>
      {error && <p class="error">{error}</p>}
      {job && <ReportJobCard job={job} testid="award-dossier" download={(name) => t("dossier.download", { name })} />}
    </form>
  );
}
