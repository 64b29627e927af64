// The public pages (docs/design/0015-news-and-search.md): news list, one article, search,
// and the website links, readable without signing in. They call only the open routes
// (/api/v1/public/..., /api/v1/search); the server sends published articles only, and an
// article's `html` is already sanitised (cmark safe mode), so it is inserted as it comes.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { navigate } from "../router";
import { formatDate } from "../lib/time";
import { t, type MessageKey } from "../i18n";
import { Marked, type MarkedPart } from "../components/news_marked";

interface PublicArticle {
  id: number;
  title: string;
  summary: string;
  category: string;
  byline: string;
  published_at_ns: number;
  html?: string;
}

interface SearchResult {
  kind: string;
  id: string;
  title: MarkedPart[];
  snippet: MarkedPart[];
}

export const PUBLIC_PATHS = ["/tin-tuc", "/tim-kiem"];
export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.some((p) => path === p || path.startsWith(p + "/"));
}

function go(e: Event, to: string) {
  e.preventDefault();
  navigate(to);
}

function Byline({ a }: { a: PublicArticle }) {
  return (
    <p class="muted news-meta">
      {a.published_at_ns ? t("news.published", { date: formatDate(a.published_at_ns / 1e6) }) : ""}
      {a.category ? ` · ${a.category}` : ""}
      {a.byline ? ` · ${t("news.by", { name: a.byline })}` : ""}
    </p>
  );
}

function NewsList({ category }: { category: string }) {
  const [articles, setArticles] = useState<PublicArticle[] | null>(null);
  const [categories, setCategories] = useState<string[]>([]);
  const [error, setError] = useState("");
  useEffect(() => {
    const q = category ? `?category=${encodeURIComponent(category)}` : "";
    api<{ articles: PublicArticle[]; categories: string[] }>("GET", `/api/v1/public/news${q}`)
      .then((r) => {
        setArticles(r.articles);
        setCategories(r.categories);
      })
      .catch((e) => setError((e as Error).message));
  }, [category]);
  return (
    <section>
      <h1>{t("news.siteTitle")}</h1>
      <div class="toolbar">
        <button class={category ? "" : "active"} onClick={() => navigate("/tin-tuc")}>{t("news.all")}</button>
        {categories.map((c) => (
          <button class={c === category ? "active" : ""} onClick={() => navigate(`/tin-tuc?category=${encodeURIComponent(c)}`)}>
            {c}
          </button>
        ))}
      </div>
      {error && <p class="error">{error}</p>}
      {articles && articles.length === 0 && <p class="muted">{t("news.empty")}</p>}
      {articles?.map((a) => (
        <article class="card news-item" data-testid="news-item">
          <h2>
            <a href={`/tin-tuc/${a.id}`} onClick={(e) => go(e, `/tin-tuc/${a.id}`)}>{a.title}</a>
          </h2>
          <Byline a={a} />
          {a.summary && <p>{a.summary}</p>}
        </article>
      ))}
    </section>
  );
}

function ArticlePage({ id }: { id: string }) {
  const [a, setA] = useState<PublicArticle | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<PublicArticle>("GET", `/api/v1/public/news/${encodeURIComponent(id)}`)
      .then(setA)
      .catch((e) => setError((e as Error).message));
  }, [id]);
  return (
    <article class="news-article">
      <a href="/tin-tuc" onClick={(e) => go(e, "/tin-tuc")}>{t("news.back")}</a>
      {error && <p class="error">{error}</p>}
      {a && (
        <>
          <h1 data-testid="article-title">{a.title}</h1>
          <Byline a={a} />
          {a.summary && <p class="news-summary">{a.summary}</p>}
          {/* Sanitised on the server: raw HTML dropped, unsafe URLs emptied. */}
          <div class="news-body" dangerouslySetInnerHTML={{ __html: a.html ?? "" }} />
        </>
      )}
    </article>
  );
}

function SearchPage({ q }: { q: string }) {
  const [text, setText] = useState(q);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    setText(q);
    if (!q.trim()) {
      setResults(null);
      return;
    }
    api<{ results: SearchResult[] }>("GET", `/api/v1/search?q=${encodeURIComponent(q)}`)
      .then((r) => setResults(r.results))
      .catch((e) => setError((e as Error).message));
  }, [q]);
  const link = (r: SearchResult) => (r.kind === "news" ? `/tin-tuc/${r.id}` : "");
  return (
    <section>
      <h1>{t("news.searchTitle")}</h1>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/tim-kiem?q=${encodeURIComponent(text)}`);
        }}
      >
        <input
          class="filter"
          name="q"
          data-testid="search-input"
          placeholder={t("news.searchPlaceholder")}
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button class="primary" type="submit">{t("news.searchButton")}</button>
      </form>
      {error && <p class="error">{error}</p>}
      {results && results.length === 0 && <p class="muted">{t("news.noResults")}</p>}
      {results?.map((r) => (
        <div class="card search-result" data-testid="search-result">
          <span class="badge">{t(`news.kind.${r.kind}` as MessageKey)}</span>{" "}
          {link(r) ? (
            <a href={link(r)} onClick={(e) => go(e, link(r))}>
              <Marked parts={r.title} />
            </a>
          ) : (
            <strong>
              <Marked parts={r.title} />
            </strong>
          )}
          {r.snippet.length > 0 && (
            <p class="muted">
              <Marked parts={r.snippet} />
            </p>
          )}
        </div>
      ))}
    </section>
  );
}

function Links() {
  const [links, setLinks] = useState<{ id: number; title: string; url: string }[]>([]);
  useEffect(() => {
    api<{ links: { id: number; title: string; url: string }[] }>("GET", "/api/v1/public/links")
      .then((r) => setLinks(r.links))
      .catch(() => setLinks([]));
  }, []);
  if (links.length === 0) return null;
  return (
    <aside class="card news-links">
      <h2>{t("news.links")}</h2>
      <ul>
        {links.map((l) => (
          <li>
            <a href={l.url} target="_blank" rel="noopener noreferrer">{l.title}</a>
          </li>
        ))}
      </ul>
    </aside>
  );
}

// The public site: its own header (no sign-in needed), one of the pages, the links.
export function PublicSite({ path, query, langSwitch }: { path: string; query: URLSearchParams; langSwitch: unknown }) {
  const id = path.startsWith("/tin-tuc/") ? path.slice("/tin-tuc/".length) : "";
  return (
    <div class="public-site">
      <header class="topbar">
        <span class="brand">{t("app.name")}</span>
        <nav>
          <a href="/tin-tuc" class={path.startsWith("/tin-tuc") ? "active" : ""} onClick={(e) => go(e, "/tin-tuc")}>
            {t("news.siteTitle")}
          </a>
          <a href="/tim-kiem" class={path.startsWith("/tim-kiem") ? "active" : ""} onClick={(e) => go(e, "/tim-kiem")}>
            {t("news.searchNav")}
          </a>
          <a href="/api/v1/public/feed.atom">{t("news.feed")}</a>
        </nav>
        {langSwitch as any}
        <a class="button" href="/signin" onClick={(e) => go(e, "/signin")}>{t("news.signIn")}</a>
      </header>
      <main class="public-main">
        <div class="public-content">
          {path.startsWith("/tim-kiem") ? (
            <SearchPage q={query.get("q") ?? ""} />
          ) : id ? (
            <ArticlePage id={id} />
          ) : (
            <NewsList category={query.get("category") ?? ""} />
          )}
        </div>
        <Links />
      </main>
    </div>
  );
}
