// The unit list's CSV import (POST /api/v1/units/import, unit.manage): a dry run first,
// whose changes the server works out in a transaction it rolls back, shown as a table; then
// "Áp dụng" sends the same text for real. Editing the text after a dry run asks for a new
// one, so what is applied is what was shown. Each change is worded here, in the console's
// language and date format, from the facts the server sends. A refused file lists every
// bad line (in the server's English: not yet worded here).
import { useState } from "preact/hooks";
import { api } from "../lib/api";
import { describeImportChange, importActionLabel, importRows, importSummary, type ImportReport } from "../lib/movement_records";
import { t } from "../i18n";

export function UnitImport(props: { onApplied: () => void }) {
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<{ csv: string; report: ImportReport } | null>(null);
  const [applied, setApplied] = useState<ImportReport | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const run = async (dry: boolean) => {
    setError("");
    setBusy(true);
    try {
      const report = await api<ImportReport>("POST", "/api/v1/units/import", { csv, dry_run: dry });
      if (dry) {
        setPreview({ csv, report });
        setApplied(null);
      } else {
        setPreview(null);
        setApplied(report);
        props.onApplied();
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const pickFile = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) {
      setCsv(await file.text());
      setPreview(null);
    }
    input.value = "";
  };

  const rows = preview ? importRows(preview.report) : [];
  return (
    <div class="card" data-testid="mvx-import">
      <h2>{t("mvx.imp.title")}</h2>
      <p class="muted">{t("mvx.imp.hint")}</p>
      <label class="button">
        {t("mvx.imp.file")}
        <input type="file" class="visually-hidden" name="csv_file" accept=".csv,text/csv" onChange={pickFile} />
      </label>
      <textarea name="csv" rows={6} class="mvx-csv" value={csv} onInput={(e) => { setCsv((e.target as HTMLTextAreaElement).value); setPreview(null); }} />
      <div class="toolbar">
        <button type="button" data-testid="mvx-import-dry" disabled={busy || !csv.trim()} onClick={() => run(true)}>{t("mvx.imp.dryRun")}</button>
        <button type="button" class="primary" data-testid="mvx-import-apply" disabled={busy || !preview || preview.csv !== csv} onClick={() => run(false)}>{t("mvx.imp.apply")}</button>
      </div>
      {error && <pre class="error" data-testid="mvx-import-error">{error}</pre>}
      {applied && <p data-testid="mvx-import-applied">{t("mvx.imp.applied", { rows: applied.rows })}</p>}
      {preview && (
        <>
          <p>
            {t("mvx.imp.rows", { rows: preview.report.rows })}{" "}
            {importSummary(preview.report).map((s) => <span class="badge" data-action={s.action}>{importActionLabel(s.action, t)}: {s.count} </span>)}
          </p>
          {rows.length === 0 ? (
            <p class="muted">{t("mvx.imp.nothing")}</p>
          ) : (
            <div class="table-wrap">
              <table class="list" data-testid="mvx-import-changes">
                <thead><tr><th>{t("mvx.imp.line")}</th><th>{t("mvx.imp.code")}</th><th>{t("mvx.imp.action")}</th><th>{t("mvx.imp.detail")}</th></tr></thead>
                <tbody>
                  {rows.map((c) => (
                    <tr data-action={c.action}><td>{c.line}</td><td>{c.code}</td><td>{importActionLabel(c.action, t)}</td><td>{describeImportChange(c, t)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
