import { useEffect, useRef, useState } from "preact/hooks";
import { api, isoMs, type Camera, type TimelineCamera } from "../lib/api";
import { centredOn, DAY, HOUR, MINUTE, nextRecorded, pan, union, zoomAt, type Interval, type View } from "../lib/timeline";
import { formatDate, formatDateTime, parseDateTime, startOfDay } from "../lib/time";
import { compareVi, matches } from "../lib/text";
import { navigate } from "../router";
import { t } from "../i18n";
import { TimelineBar, type TimelineRow } from "../components/timeline_bar";
import { PlaybackVideo, type SyncTarget } from "../components/playback_video";
import { adjacentEvent } from "../lib/timeline_extras";

const SPEEDS = [0.5, 1, 2, 4, 8];

// Timeline and synchronised playback of several cameras: one clock (the cursor) drives
// every video; the bar scrubs across days and zooms from a month to seconds.
export function Playback(props: { rights: Set<string> }) {
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [filter, setFilter] = useState("");
  // ?at=<ms> (from the events review) opens on that moment.
  const startAt = Number(new URLSearchParams(location.search).get("at")) || 0;
  const [view, setView] = useState<View>(() => {
    if (startAt) return centredOn(startAt, 10 * MINUTE);
    const now = Date.now();
    return { start: now - HOUR, end: now + 5 * MINUTE };
  });
  const [rows, setRows] = useState<TimelineRow[]>([]);
  const [cursor, setCursor] = useState(() => startAt || Date.now() - MINUTE);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [goText, setGoText] = useState("");
  const [markIn, setMarkIn] = useState<number | null>(null);
  const [markOut, setMarkOut] = useState<number | null>(null);
  const [error, setError] = useState("");

  const clock = useRef({ wall: cursor, playing: false, speed: 1, last: performance.now() });
  const targets = useRef(new Map<string, SyncTarget>());
  const rowsRef = useRef<TimelineRow[]>([]);
  rowsRef.current = rows;

  useEffect(() => {
    api<{ cameras: Camera[] }>("GET", "/api/v1/cameras").then(
      (r) => {
        const list = r.cameras.filter((c) => c.streams.some((s) => s.name === "main")).sort((a, b) => compareVi(a.name || a.id, b.name || b.id));
        setCameras(list);
        const fromQuery = new URLSearchParams(location.search).get("cameras")?.split(",").filter((id) => list.some((c) => c.id === id));
        setSelected(fromQuery && fromQuery.length ? fromQuery : list.slice(0, 4).map((c) => c.id));
      },
      (e) => setError((e as Error).message),
    );
  }, []);

  // While the view reaches the present, the timeline is fetched again every 10 s, so what
  // is being recorded grows on it (and a camera that just started shows up) without a reload.
  const [liveTick, setLiveTick] = useState(0);
  const reachesNow = view.end >= Date.now() - MINUTE;
  useEffect(() => {
    if (!reachesNow) return;
    const id = window.setInterval(() => setLiveTick((n) => n + 1), 10_000);
    return () => window.clearInterval(id);
  }, [reachesNow]);

  // The timeline of what is shown, fetched again when the view or the cameras change.
  useEffect(() => {
    if (selected.length === 0) {
      setRows([]);
      return;
    }
    const id = window.setTimeout(async () => {
      try {
        const r = await api<{ cameras: TimelineCamera[] }>(
          "GET",
          `/api/v1/timeline?cameras=${selected.map(encodeURIComponent).join(",")}&from=${isoMs(view.start)}&to=${isoMs(view.end)}`,
        );
        setRows(
          r.cameras.map((c) => ({
            id: c.id,
            label: cameras.find((x) => x.id === c.id)?.name || c.id,
            spans: c.spans.map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end) })),
            gaps: c.gaps.map((g) => ({ start: Date.parse(g.start), end: Date.parse(g.end), reason: g.reason })),
            events: (c.events ?? []).map((e) => ({
              id: e.id,
              start: Date.parse(e.start),
              end: e.end ? Date.parse(e.end) : null,
              label: [e.class, e.zone, e.rule].filter(Boolean).join(" · "),
            })),
          })),
        );
        setError("");
      } catch (e) {
        setError((e as Error).message);
      }
    }, 150);
    return () => window.clearTimeout(id);
  }, [view.start, view.end, selected.join(","), cameras.length, liveTick]);

  // One clock for every camera: advanced by real time × speed while playing, pushed to the
  // videos a few times a second (they seek only when they drift).
  useEffect(() => {
    let raf = 0;
    let lastPush = 0;
    const tick = (now: number) => {
      const c = clock.current;
      const dt = now - c.last;
      c.last = now;
      if (c.playing) {
        c.wall += dt * c.speed;
        const all = [...targets.current.values()];
        if (all.length > 0 && !all.some((s) => s.hasFootage(c.wall))) {
          // Nobody has footage here: skip the hole to the next recording of any camera.
          const next = nextRecorded(c.wall, union(rowsRef.current.map((r) => r.spans)));
          if (next !== null && next - c.wall > 2000) c.wall = next;
        }
      }
      if (now - lastPush > 250) {
        lastPush = now;
        for (const s of targets.current.values()) s.sync(c.wall, c.playing, c.speed);
        setCursor(c.wall);
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, []);

  // Keep the cursor in view while playing.
  useEffect(() => {
    if (playing && (cursor > view.end || cursor < view.start)) setView(pan(view, cursor - (view.start + view.end) / 2));
  }, [cursor]);

  const seek = (t2: number) => {
    clock.current.wall = t2;
    setCursor(t2);
    for (const s of targets.current.values()) s.sync(t2, clock.current.playing, clock.current.speed);
  };
  const setPlay = (p: boolean) => {
    clock.current.playing = p;
    clock.current.last = performance.now();
    setPlaying(p);
  };
  const changeSpeed = (s: number) => {
    clock.current.speed = s;
    setSpeed(s);
  };
  const zoomTo = (width: number) => setView(centredOn(cursor, width));
  const go = () => {
    const t2 = parseDateTime(goText);
    if (t2 === null) {
      setError(t("common.badDate"));
      return;
    }
    setError("");
    seek(t2);
    setView(centredOn(t2, Math.max(view.end - view.start, 2 * MINUTE)));
  };
  const day = (delta: number) => {
    const start = startOfDay(cursor) + delta * DAY;
    setView({ start, end: start + DAY });
    const first = nextRecorded(start, union(rows.map((r) => r.spans)));
    seek(first !== null && first < start + DAY ? first : start);
  };
  // Next/previous event of the shown cameras: the events the bar already has when one is
  // in view that way, else a month of the timeline that way (up to 2000 events a camera).
  const jumpEvent = async (dir: 1 | -1) => {
    const shown = rows.flatMap((r) => (r.events ?? []).map((e) => e.start));
    let target = adjacentEvent(shown, cursor, dir);
    const inView = target !== null && target >= view.start && target <= view.end;
    if (!inView && selected.length) {
      const from = dir === 1 ? cursor : cursor - 31 * DAY;
      const to = dir === 1 ? Math.min(Date.now() + MINUTE, cursor + 31 * DAY) : cursor;
      if (to > from) {
        try {
          const r = await api<{ cameras: TimelineCamera[] }>(
            "GET",
            `/api/v1/timeline?cameras=${selected.map(encodeURIComponent).join(",")}&from=${isoMs(from)}&to=${isoMs(to)}`,
          );
          target = adjacentEvent(r.cameras.flatMap((c) => (c.events ?? []).map((e) => Date.parse(e.start))), cursor, dir);
        } catch (e) {
          setError((e as Error).message);
          return;
        }
      }
    }
    if (target === null) {
      setError(t("console.pb.noEvent"));
      return;
    }
    setError("");
    seek(target);
    if (target < view.start || target > view.end) setView(centredOn(target, view.end - view.start));
  };
  const toggle = (id: string) => setSelected(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  const mark: Interval | null = markIn !== null && markOut !== null && markOut > markIn ? { start: markIn, end: markOut } : null;

  return (
    <section class="playback-screen">
      <details class="camera-pick" open={cameras.length <= 8}>
        <summary>{t("pb.pickCameras")} ({selected.length})</summary>
        <input type="search" class="filter" placeholder={t("common.search")} value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <div class="checks">
          {cameras.filter((c) => matches(filter, c.name, c.id, c.area)).map((c) => (
            <label>
              <input type="checkbox" checked={selected.includes(c.id)} onChange={() => toggle(c.id)} data-camera={c.id} />
              {c.name || c.id}
            </label>
          ))}
        </div>
      </details>
      <div class={`grid grid-${selected.length <= 1 ? 1 : selected.length <= 4 ? 4 : selected.length <= 9 ? 9 : 16}`}>
        {selected.map((id) => (
          <PlaybackVideo
            key={id}
            cameraId={id}
            label={cameras.find((c) => c.id === id)?.name || id}
            register={(cid, s) => (s ? targets.current.set(cid, s) : targets.current.delete(cid))}
          />
        ))}
      </div>
      <div class="toolbar controls">
        <button class="primary" data-testid="play" onClick={() => setPlay(!playing)}>{playing ? t("pb.pause") : t("pb.play")}</button>
        <label>
          {t("pb.speed")}{" "}
          <select value={String(speed)} onChange={(e) => changeSpeed(Number((e.target as HTMLSelectElement).value))}>
            {SPEEDS.map((s) => <option value={String(s)}>{s}×</option>)}
          </select>
        </label>
        <button data-testid="prev-event" onClick={() => jumpEvent(-1)}>‹ {t("console.pb.prevEvent")}</button>
        <button data-testid="next-event" onClick={() => jumpEvent(1)}>{t("console.pb.nextEvent")} ›</button>
        <button data-testid="next-recording" onClick={() => { const n = nextRecorded(cursor + 1000, union(rows.map((r) => r.spans))); if (n !== null) seek(n); }}>{t("pb.nextRecording")}</button>
        <span class="cursor-time" data-testid="cursor" data-ms={Math.round(cursor)}>{t("pb.cursor")}: {formatDateTime(cursor)}</span>
      </div>
      <div class="toolbar">
        <button onClick={() => day(-1)} aria-label={t("pb.prevDay")}>‹ {t("pb.prevDay")}</button>
        <span>{formatDate(cursor)}</span>
        <button onClick={() => day(1)} aria-label={t("pb.nextDay")}>{t("pb.nextDay")} ›</button>
        <input class="date-input" placeholder={t("common.dateHint")} value={goText} onInput={(e) => setGoText((e.target as HTMLInputElement).value)} onKeyDown={(e) => e.key === "Enter" && go()} />
        <button onClick={go}>{t("pb.go")}</button>
        <span class="zoom">
          <button onClick={() => setView(zoomAt(view, cursor, 0.5))} aria-label={t("pb.zoomIn")}>+</button>
          <button onClick={() => setView(zoomAt(view, cursor, 2))} aria-label={t("pb.zoomOut")}>-</button>
          <button onClick={() => zoomTo(30 * DAY)}>{t("pb.zoomMonth")}</button>
          <button onClick={() => zoomTo(DAY)}>{t("pb.zoomDay")}</button>
          <button onClick={() => zoomTo(HOUR)}>{t("pb.zoomHour")}</button>
          <button onClick={() => zoomTo(MINUTE)} data-testid="zoom-minute">{t("pb.zoomMinute")}</button>
        </span>
      </div>
      <TimelineBar view={view} rows={rows} cursor={cursor} mark={mark} onScrub={(t2) => seek(t2)} onView={setView} thumbnails />
      {props.rights.has("export") && (
        <div class="toolbar">
          <button onClick={() => setMarkIn(cursor)}>{t("pb.markIn")}</button>
          <span>{markIn !== null ? formatDateTime(markIn) : "—"}</span>
          <button onClick={() => setMarkOut(cursor)}>{t("pb.markOut")}</button>
          <span>{markOut !== null ? formatDateTime(markOut) : "—"}</span>
          <button
            disabled={!mark || selected.length === 0}
            onClick={() => mark && navigate(`/export?camera=${encodeURIComponent(selected[0])}&from=${Math.round(mark.start)}&to=${Math.round(mark.end)}`)}
          >
            {t("pb.exportRange")}
          </button>
        </div>
      )}
      {error && <p class="error">{t("common.error", { message: error })}</p>}
    </section>
  );
}
