// "Liên kết website": the links shown on every public page (news.publish).
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { t } from "../i18n";

interface Link {
  id: number;
  title: string;
  url: string;
  position: number;
}

export function NewsLinks() {
  const [links, setLinks] = useState<Link[]>([]);
  const [form, setForm] = useState({ title: "", url: "https://", position: "0" });
  const [error, setError] = useState("");
  const reload = () =>
    api<{ links: Link[] }>("GET", "/api/v1/public/links")
      .then((r) => setLinks(r.links))
      .catch((e) => setError((e as Error).message));
  useEffect(() => {
    reload();
  }, []);
  const act = async (f: () => Promise<unknown>) => {
    setError("");
    try {
      await f();
      await reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h1>{t("news.links")}</h1>
      <form
        class="form-grid card"
        onSubmit={(e) => {
          e.preventDefault();
          act(async () => {
            await api("POST", "/api/v1/links", { title: form.title, url: form.url, position: Number(form.position) || 0 });
            setForm({ title: "", url: "https://", position: "0" });
          });
        }}
      >
        <label>{t("news.linkTitle")}<input value={form.title} onInput={(e) => setForm({ ...form, title: (e.target as HTMLInputElement).value })} /></label>
        <label>{t("news.linkUrl")}<input value={form.url} onInput={(e) => setForm({ ...form, url: (e.target as HTMLInputElement).value })} /></label>
        <label>{t("news.linkPosition")}<input type="number" min="0" value={form.position} onInput={(e) => setForm({ ...form, position: (e.target as HTMLInputElement).value })} /></label>
        <button class="primary" type="submit">{t("news.linkAdd")}</button>
      </form>
      {error && <p class="error">{error}</p>}
      <table class="list">
        <tbody>
          {links.map((l) => (
            <tr>
              <td>{l.position}</td>
              <td>{l.title}</td>
              <td><a href={l.url} target="_blank" rel="noopener noreferrer">{l.url}</a></td>
              <td><button onClick={() => act(() => api("DELETE", `/api/v1/links/${l.id}`))}>{t("news.linkRemove")}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
