import { useEffect, useState } from "preact/hooks";
import { api, type Camera } from "../lib/api";
import { matches, compareVi } from "../lib/text";
import { t } from "../i18n";
import { LiveTile } from "../components/live_tile";

const LAYOUTS = [1, 4, 9, 16];

// Live grid 1/4/9/16 on each camera's grid stream; a click focuses one camera on its focus
// stream (main, unless the server says the sub stream plays better: view.focus).
export function Live(props: { rights: Set<string> }) {
  const [cameras, setCameras] = useState<Camera[] | null>(null);
  const [error, setError] = useState("");
  const [layout, setLayout] = useState(() => Number(localStorage.getItem("anninh.layout")) || 4);
  const [page, setPage] = useState(0);
  const [filter, setFilter] = useState("");
  const [focus, setFocus] = useState<string | null>(null);
  const canSnapshot = props.rights.has("snapshot");

  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const r = await api<{ cameras: Camera[] }>("GET", "/api/v1/cameras");
        if (!stop) setCameras(r.cameras.slice().sort((a, b) => compareVi(a.name || a.id, b.name || b.id)));
      } catch (e) {
        if (!stop) setError(String((e as Error).message));
      }
    };
    load();
    const id = window.setInterval(load, 5000);
    return () => {
      stop = true;
      window.clearInterval(id);
    };
  }, []);

  const pick = (n: number) => {
    setLayout(n);
    setPage(0);
    localStorage.setItem("anninh.layout", String(n));
  };

  if (error) return <p class="error">{t("common.error", { message: error })}</p>;
  if (!cameras) return <p class="loading">{t("common.loading")}</p>;
  const shown = cameras.filter((c) => matches(filter, c.name, c.id, c.area));
  const focused = focus ? cameras.find((c) => c.id === focus) : undefined;

  if (focused) {
    return (
      <section class="live focus-view">
        <div class="toolbar">
          <button onClick={() => setFocus(null)}>← {t("live.back")}</button>
          {focused.view?.note && <small class="muted">{focused.view.note}</small>}
        </div>
        <LiveTile camera={focused} stream={focused.view?.focus ?? "main"} focused canSnapshot={canSnapshot} />
      </section>
    );
  }

  const pages = Math.max(1, Math.ceil(shown.length / layout));
  const current = Math.min(page, pages - 1);
  const visible = shown.slice(current * layout, current * layout + layout);
  return (
    <section class="live">
      <div class="toolbar">
        <span>{t("live.layout")}:</span>
        {LAYOUTS.map((n) => (
          <button class={n === layout ? "active" : ""} aria-pressed={n === layout} onClick={() => pick(n)} data-layout={n}>
            {n}
          </button>
        ))}
        <input class="filter" type="search" placeholder={t("common.search")} value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        {pages > 1 && (
          <span class="pager">
            <button disabled={current === 0} onClick={() => setPage(current - 1)} aria-label={t("live.prev")}>‹</button>
            {t("live.page", { page: current + 1, pages })}
            <button disabled={current >= pages - 1} onClick={() => setPage(current + 1)} aria-label={t("live.next")}>›</button>
          </span>
        )}
      </div>
      {visible.length === 0 ? (
        <p class="muted">{t("live.noCameras")}</p>
      ) : (
        // Fewer cameras than cells: the smallest layout that holds them, so one camera on a
        // phone fills the width instead of a quarter of it.
        <div class={`grid grid-${Math.min(layout, LAYOUTS.find((n) => n >= visible.length) ?? layout)}`}>
          {visible.map((c) => (
            <LiveTile key={c.id} camera={c} stream={c.view?.grid ?? "main"} focused={false} canSnapshot={canSnapshot} onClick={() => setFocus(c.id)} />
          ))}
        </div>
      )}
    </section>
  );
}
