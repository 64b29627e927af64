// The newsroom for signed-in staff (news.read / news.edit / news.publish): every article in
// every state, the editor (Markdown body, pictures, a server-rendered preview), and the
// workflow buttons — only the moves the server says this person may make.
import { useEffect, useState } from "preact/hooks";
import { api, apiUpload } from "../lib/api";
import { formatDateTime } from "../lib/time";
import { t, type MessageKey } from "../i18n";

interface Fields {
  title: string;
  summary: string;
  body: string;
  category: string;
  unit_code: string;
  byline: string;
}

interface ArticleRow extends Fields {
  id: number;
  state: string;
  updated_at_ns: number;
  updated_by: string;
}

interface ArticleDetail extends ArticleRow {
  html: string;
  next_states: string[];
  images: { name: string; url: string }[];
  history: { from: string; to: string; note: string; by: string; at_ns: number }[];
}

const EMPTY: Fields = { title: "", summary: "", body: "", category: "", unit_code: "", byline: "" };
const STATES = ["draft", "review", "published", "unpublished"];

function Editor({ id, onChanged }: { id: number | null; onChanged: (id: number) => void }) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [detail, setDetail] = useState<ArticleDetail | null>(null);
  const [note, setNote] = useState("");
  const [msg, setMsg] = useState("");
  const [error, setError] = useState("");

  const load = async (which: number) => {
    const d = await api<ArticleDetail>("GET", `/api/v1/news/${which}`);
    setDetail(d);
    setFields({ title: d.title, summary: d.summary, body: d.body, category: d.category, unit_code: d.unit_code, byline: d.byline });
  };
  useEffect(() => {
    setMsg("");
    setError("");
    if (id === null) {
      setDetail(null);
      setFields(EMPTY);
    } else {
      load(id).catch((e) => setError((e as Error).message));
    }
  }, [id]);

  const run = async (f: () => Promise<void>) => {
    setMsg("");
    setError("");
    try {
      await f();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const save = () =>
    run(async () => {
      const saved = detail
        ? await api<ArticleRow>("PATCH", `/api/v1/news/${detail.id}`, fields)
        : await api<ArticleRow>("POST", "/api/v1/news", fields);
      await load(saved.id);
      setMsg(t("news.saved"));
      onChanged(saved.id);
    });
  const move = (to: string) =>
    run(async () => {
      if (!detail) return;
      await api("POST", `/api/v1/news/${detail.id}/transitions`, { to, note });
      setNote("");
      await load(detail.id);
      onChanged(detail.id);
    });
  const upload = (file: File) =>
    run(async () => {
      if (!detail) return;
      const img = await apiUpload<{ url: string; name: string }>(`/api/v1/news/${detail.id}/images`, file, file.name);
      // The picture goes into the body being edited (saved with the next Save); only the
      // list of pictures is reloaded, so unsaved edits are kept.
      setDetail(await api<ArticleDetail>("GET", `/api/v1/news/${detail.id}`));
      setFields((f) => ({ ...f, body: `${f.body}\n\n![${img.name}](${img.url})\n` }));
    });

  const field = (k: keyof Fields, label: MessageKey, wide = false) => (
    <label class={wide ? "wide" : ""}>
      {t(label)}
      <input name={k} value={fields[k]} onInput={(e) => setFields({ ...fields, [k]: (e.target as HTMLInputElement).value })} />
    </label>
  );

  return (
    <div class="card news-editor">
      {detail && <p class="muted">#{detail.id} · <span class="badge" data-testid="article-state">{t(`news.state.${detail.state}` as MessageKey)}</span></p>}
      <div class="form-grid">
        {field("title", "news.title", true)}
        {field("summary", "news.summary", true)}
        {field("category", "news.category")}
        {field("unit_code", "news.unit")}
        {field("byline", "news.byline")}
      </div>
      <label class="news-body-input">
        {t("news.body")}
        <textarea name="body" rows={12} value={fields.body} onInput={(e) => setFields({ ...fields, body: (e.target as HTMLTextAreaElement).value })} />
      </label>
      <div class="toolbar">
        <button class="primary" data-testid="news-save" onClick={save}>{t("news.save")}</button>
        {detail && (
          <label class="button">
            {t("news.addImage")}
            <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden onChange={(e) => {
              const f = (e.target as HTMLInputElement).files?.[0];
              if (f) upload(f);
            }} />
          </label>
        )}
        {msg && <span class="ok">{msg}</span>}
        {error && <span class="error">{error}</span>}
      </div>
      {detail && detail.next_states.length > 0 && (
        <div class="toolbar">
          <input class="filter" placeholder={t("news.note")} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          {detail.next_states.map((s) => (
            <button data-testid={`news-to-${s}`} class={s === "published" ? "primary" : ""} onClick={() => move(s)}>
              {t(`news.to.${s}` as MessageKey)}
            </button>
          ))}
        </div>
      )}
      {detail && (
        <>
          <h2>{t("news.preview")}</h2>
          <div class="news-body preview" dangerouslySetInnerHTML={{ __html: detail.html }} />
          <h2>{t("news.history")}</h2>
          <ul class="news-history">
            {detail.history.map((h) => (
              <li>
                {formatDateTime(h.at_ns / 1e6)} · {h.by} · {h.from ? `${h.from} → ` : ""}{h.to}{h.note ? ` · ${h.note}` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function NewsEditor({ rights }: { rights: Set<string> }) {
  const [rows, setRows] = useState<ArticleRow[]>([]);
  const [state, setState] = useState("");
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState("");
  const canEdit = rights.has("news.edit");

  const reload = () =>
    api<{ articles: ArticleRow[] }>("GET", `/api/v1/news${state ? `?state=${state}` : ""}`)
      .then((r) => setRows(r.articles))
      .catch((e) => setError((e as Error).message));
  useEffect(() => {
    reload();
  }, [state]);

  return (
    <section class="news-admin">
      <h1>{t("news.editorTitle")}</h1>
      <div class="toolbar">
        <select aria-label={t("news.stateFilter")} value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
          <option value="">{t("news.all")}</option>
          {STATES.map((s) => (
            <option value={s}>{t(`news.state.${s}` as MessageKey)}</option>
          ))}
        </select>
        {canEdit && <button data-testid="news-new" onClick={() => setSelected(null)}>{t("news.new")}</button>}
        {error && <span class="error">{error}</span>}
      </div>
      <div class="news-columns">
        <table class="list">
          <tbody>
            {rows.map((r) => (
              <tr class={r.id === selected ? "selected" : ""} onClick={() => setSelected(r.id)}>
                <td>{r.title}</td>
                <td><span class="badge">{t(`news.state.${r.state}` as MessageKey)}</span></td>
                <td class="muted">{formatDateTime(r.updated_at_ns / 1e6)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit || selected !== null ? (
          <Editor id={selected} onChanged={(id) => { setSelected(id); reload(); }} />
        ) : null}
      </div>
    </section>
  );
}
