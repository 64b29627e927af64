// A festival's photos: thumbnails, and an upload that sends the raw file (the upload
// convention: the body is the file, its name in ?name=). The server decides JPEG or PNG by
// content and refuses anything else.
import { useState } from "preact/hooks";
import { api } from "../lib/api";
import { type Festival } from "../lib/awards";
import { t } from "../i18n";

export function FestivalPhotos({ festival, onAdded }: { festival: Festival; onAdded: () => void }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const upload = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError("");
    setBusy(true);
    try {
      // The session's CSRF token, as every write made with the cookie carries it.
      const session = await api<{ csrf_token?: string }>("GET", "/api/v1/session");
      const res = await fetch(`/api/v1/festivals/${festival.id}/photos?name=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "Content-Type": file.type || "application/octet-stream", "X-CSRF-Token": session.csrf_token ?? "", Accept: "application/json" },
        body: file,
        credentials: "same-origin",
      });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error(body?.error?.message ?? res.statusText);
      }
      input.value = "";
      onAdded();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card festival-photos">
      <h2>{t("awards.photos")}</h2>
      {error && <p class="error" role="alert" data-testid="photo-error">{error}</p>}
      <label>
        {t("awards.addPhoto")} <input type="file" name="photo" accept="image/jpeg,image/png" onChange={upload} disabled={busy} />
      </label>
      <div class="photo-grid">
        {(festival.photos ?? []).map((p) => (
          <a href={`/api/v1/festivals/${festival.id}/photos/${p.id}`} target="_blank" rel="noopener" data-photo={p.id}>
            <img src={`/api/v1/festivals/${festival.id}/photos/${p.id}/thumbnail`} alt={p.name} width={160} loading="lazy" />
          </a>
        ))}
      </div>
    </div>
  );
}
