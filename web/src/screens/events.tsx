import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, type Camera } from "../lib/api";
import { EMPTY_FILTER, filterQuery, flush, mergeChange, distinct, type EventChange, type EventFilter, type EventRow, type Merge } from "../lib/events";
import { formatDateTime, formatTime, parseDateTime } from "../lib/time";
import { compareVi } from "../lib/text";
import { navigate } from "../router";
import { t } from "../i18n";
import "../styles/console.css";

const PAGE = 50;

// Events review (docs/design/0012-web-console.md): filters as server queries with cursor
// pages; each event's thumbnail, snapshot and clip; mark reviewed; add to a case (an
// evidence hold tagged with the case); new events pushed by /api/v1/events/live without
// moving what the person is looking at (held in "N new" while scrolled down).
export function Events(props: { rights: Set<string> }) {
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [draft, setDraft] = useState({ camera: "", cls: "", zone: "", rule: "", reviewed: "" as EventFilter["reviewed"], from: "", to: "" });
  const [filter, setFilter] = useState<EventFilter>(EMPTY_FILTER);
  const [merge, setMerge] = useState<Merge>({ list: [], pending: [] });
  const [next, setNext] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [live, setLive] = useState(false);
  const [error, setError] = useState("");
  const listRef = useRef<HTMLDivElement>(null);
  const state = useRef({ filter, next });
  state.current = { filter, next };

  useEffect(() => {
    api<{ cameras: Camera[] }>("GET", "/api/v1/cameras").then(
      (r) => setCameras(r.cameras.slice().sort((a, b) => compareVi(a.name || a.id, b.name || b.id))),
      () => {},
    );
  }, []);

  const load = async (f: EventFilter, cursor?: string | null) => {
    setError("");
    try {
      const r = await api<{ events: EventRow[]; next: string | null }>("GET", `/api/v1/events?${filterQuery(f, PAGE, cursor)}`);
      setMerge((m) => (cursor ? { list: [...m.list, ...r.events.filter((e) => !m.list.some((x) => x.id === e.id))], pending: m.pending } : { list: r.events, pending: [] }));
      setNext(r.next);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    load(filter);
  }, [filter]);

  // The live feed: reconnects after a drop, every change merged with the current filter.
  useEffect(() => {
    let ws: WebSocket | null = null;
    let stopped = false;
    let retry = 0;
    const open = () => {
      ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/events/live`);
      ws.onopen = () => {
        retry = 0;
        setLive(true);
      };
      ws.onmessage = (m) => {
        let c: EventChange;
        try {
          c = JSON.parse(String(m.data));
        } catch {
          return;
        }
        if (c.type !== "event" || !c.event) return;
        const atTop = (listRef.current?.scrollTop ?? 0) < 40;
        setMerge((cur) => mergeChange(cur, c, state.current.filter, atTop, state.current.next === null));
      };
      ws.onclose = () => {
        setLive(false);
        if (!stopped) window.setTimeout(open, Math.min(15000, 1000 * 2 ** retry++));
      };
    };
    open();
    return () => {
      stopped = true;
      ws?.close();
    };
  }, []);

  const apply = () => {
    const from = draft.from.trim() ? parseDateTime(draft.from) : null;
    const to = draft.to.trim() ? parseDateTime(draft.to) : null;
    if ((draft.from.trim() && from === null) || (draft.to.trim() && to === null)) {
      setError(t("common.badDate"));
      return;
    }
    setSelected(null);
    setFilter({ cameras: draft.camera ? [draft.camera] : [], cls: draft.cls, zone: draft.zone, rule: draft.rule, reviewed: draft.reviewed, from, to });
  };

  const showPending = () => {
    setMerge(flush(merge));
    listRef.current?.scrollTo({ top: 0 });
  };

  const replace = (e: EventRow) => setMerge((m) => ({ list: m.list.map((x) => (x.id === e.id ? e : x)), pending: m.pending }));
  const camName = (id: string) => cameras.find((c) => c.id === id)?.name || id;
  const current = merge.list.find((e) => e.id === selected) ?? null;
  const input = (k: "cls" | "zone" | "rule" | "from" | "to", label: string, hint?: string, list?: string) => (
    <label>
      {label}
      <input name={`ev-${k}`} value={draft[k]} placeholder={hint} list={list} onInput={(e) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value })} onKeyDown={(e) => e.key === "Enter" && apply()} />
    </label>
  );

  return (
    <section class="events-screen">
      <div class="card form-grid ev-filters">
        <label>
          {t("common.camera")}
          <select name="ev-camera" value={draft.camera} onChange={(e) => setDraft({ ...draft, camera: (e.target as HTMLSelectElement).value })}>
            <option value="">{t("common.all")}</option>
            {cameras.map((c) => <option value={c.id}>{c.name || c.id}</option>)}
          </select>
        </label>
        {input("cls", t("console.ev.class"), "person", "ev-classes")}
        {input("zone", t("console.ev.zone"), undefined, "ev-zones")}
        {input("rule", t("console.ev.rule"), undefined, "ev-rules")}
        <label>
          {t("console.ev.reviewed")}
          <select name="ev-reviewed" value={draft.reviewed} onChange={(e) => setDraft({ ...draft, reviewed: (e.target as HTMLSelectElement).value as EventFilter["reviewed"] })}>
            <option value="">{t("common.all")}</option>
            <option value="false">{t("console.ev.notReviewed")}</option>
            <option value="true">{t("console.ev.reviewedOnly")}</option>
          </select>
        </label>
        {input("from", t("common.from"), t("common.dateHint"))}
        {input("to", t("common.to"), t("common.dateHint"))}
        <button class="primary" data-testid="ev-apply" onClick={apply}>{t("common.filter")}</button>
        <datalist id="ev-classes">{distinct(merge.list, "class").map((v) => <option value={v} />)}</datalist>
        <datalist id="ev-zones">{distinct(merge.list, "zone").map((v) => <option value={v} />)}</datalist>
        <datalist id="ev-rules">{distinct(merge.list, "rule").map((v) => <option value={v} />)}</datalist>
      </div>
      <div class="toolbar">
        <span class={`badge ${live ? "state-streaming" : "state-offline"}`} data-testid="ev-live">{live ? t("console.ev.live") : t("console.ev.notLive")}</span>
        <span class="muted">{t("console.ev.count", { count: merge.list.length })}</span>
        {merge.pending.length > 0 && (
          <button class="primary" data-testid="ev-pending" onClick={showPending}>{t("console.ev.newEvents", { count: merge.pending.length })}</button>
        )}
        <button onClick={() => load(filter)}>{t("common.refresh")}</button>
      </div>
      {error && <p class="error">{t("common.error", { message: error })}</p>}
      <div class="ev-layout">
        <div class="ev-list" ref={listRef} data-testid="ev-list">
          {merge.list.length === 0 && <p class="muted">{t("console.ev.none")}</p>}
          {merge.list.map((e) => (
            // Keyed: a row keeps its element when events arrive above it, so what is under the
            // pointer is still the same event.
            <button key={e.id} class={`ev-item ${e.id === selected ? "selected" : ""} ${e.reviewed ? "reviewed" : ""}`} data-event={e.id} onClick={() => setSelected(e.id)}>
              <img src={e.thumbnail_url} alt="" loading="lazy" onError={(x) => ((x.target as HTMLImageElement).style.visibility = "hidden")} />
              <span class="ev-text">
                <strong>{camName(e.camera_id)}</strong>
                <span>{[e.class, e.zone, e.rule].filter(Boolean).join(" · ")}</span>
                <span class="muted">
                  {formatDateTime(e.start_ns / 1e6)}
                  {e.end_ns ? ` – ${formatTime(e.end_ns / 1e6)}` : ` (${t("console.ev.open")})`}
                </span>
              </span>
              {e.reviewed && <span class="badge state-streaming">{t("console.ev.reviewedBadge")}</span>}
            </button>
          ))}
          {next && <button class="ev-more" onClick={() => load(filter, next)}>{t("audit.more")}</button>}
        </div>
        {current && <EventDetail key={current.id} event={current} camera={camName(current.camera_id)} rights={props.rights} onChange={replace} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}

function EventDetail(props: { event: EventRow; camera: string; rights: Set<string>; onChange: (e: EventRow) => void; onClose: () => void }) {
  const e = props.event;
  const [busy, setBusy] = useState(false);
  const [caseRef, setCaseRef] = useState("");
  const [reason, setReason] = useState("");
  const [cases, setCases] = useState<string[]>([]);
  const [msg, setMsg] = useState("");
  const [error, setError] = useState("");
  const canHold = props.rights.has("hold.manage") && !!e.clip;

  useEffect(() => {
    if (props.rights.has("export")) api<{ cases: { case_ref: string }[] }>("GET", "/api/v1/cases").then((r) => setCases(r.cases.map((c) => c.case_ref)), () => {});
  }, []);

  const review = async (reviewed: boolean) => {
    setBusy(true);
    setError("");
    try {
      props.onChange(await api<EventRow>("PATCH", `/api/v1/events/${e.id}`, { reviewed }));
    } catch (x) {
      setError((x as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const addToCase = async () => {
    if (!e.clip) return;
    if (!caseRef.trim()) {
      setError(t("console.ev.caseNeeded"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      await api("POST", "/api/v1/holds", {
        camera_id: e.camera_id,
        from: e.clip.from,
        to: e.clip.to,
        case_ref: caseRef.trim(),
        reason: reason.trim() || t("console.ev.caseReason", { id: e.id, rule: e.rule }),
      });
      setMsg(t("console.ev.caseAdded", { case: caseRef.trim() }));
    } catch (x) {
      setError(x instanceof ApiError && x.field ? `${x.field}: ${x.message}` : (x as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside class="card ev-detail" data-testid="ev-detail" data-event={e.id}>
      <div class="toolbar">
        <strong>{props.camera}</strong>
        <span>{[e.class, e.zone, e.rule, e.direction].filter(Boolean).join(" · ")}</span>
        <button class="ev-close" onClick={props.onClose} aria-label={t("common.close")}>×</button>
      </div>
      <p class="muted">
        {formatDateTime(e.start_ns / 1e6)}
        {e.end_ns ? ` – ${formatTime(e.end_ns / 1e6)}` : ` (${t("console.ev.open")})`} · {t("console.ev.confidence", { value: Math.round(e.peak_confidence * 100) })}
      </p>
      {props.rights.has("playback") && e.clip ? (
        <video class="ev-clip" controls autoplay muted playsInline poster={e.snapshot_url} src={e.clip.video_url} data-testid="ev-clip" />
      ) : (
        <img class="ev-snapshot" src={e.snapshot_url} alt={t("console.ev.snapshot")} />
      )}
      <div class="toolbar">
        <a class="button" href={e.snapshot_url} target="_blank" rel="noreferrer">{t("console.ev.snapshot")}</a>
        {props.rights.has("playback") && (
          <button onClick={() => navigate(`/playback?cameras=${encodeURIComponent(e.camera_id)}&at=${Math.round(e.start_ns / 1e6)}`)}>{t("console.ev.onTimeline")}</button>
        )}
        {props.rights.has("events.review") &&
          (e.reviewed ? (
            <button disabled={busy} data-testid="ev-unreview" onClick={() => review(false)}>{t("console.ev.markUnreviewed")}</button>
          ) : (
            <button class="primary" disabled={busy} data-testid="ev-review" onClick={() => review(true)}>{t("console.ev.markReviewed")}</button>
          ))}
      </div>
      {e.reviewed && <p class="ok" data-testid="ev-reviewed-by">{t("console.ev.reviewedBy", { who: e.reviewed_by, time: e.reviewed_at ? formatDateTime(Date.parse(e.reviewed_at)) : "" })}</p>}
      {canHold && (
        <div class="form-grid">
          <label>
            {t("console.ev.case")}
            <input name="ev-case" list="ev-cases" value={caseRef} onInput={(x) => setCaseRef((x.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t("console.ev.caseNote")}
            <input name="ev-case-reason" value={reason} onInput={(x) => setReason((x.target as HTMLInputElement).value)} />
          </label>
          <button disabled={busy} onClick={addToCase}>{t("console.ev.addToCase")}</button>
          <datalist id="ev-cases">{cases.map((c) => <option value={c} />)}</datalist>
        </div>
      )}
      {msg && <p class="ok">{msg}</p>}
      {error && <p class="error">{t("common.error", { message: error })}</p>}
    </aside>
  );
}
