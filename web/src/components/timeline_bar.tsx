import { useEffect, useRef, useState } from "preact/hooks";
import { holes, ticks, timeToX, toPixels, xToTime, zoomAt, type Interval, type View } from "../lib/timeline";
import { formatDateTime } from "../lib/time";
import { t } from "../i18n";
import { hoverMoment, recordedAt } from "../lib/timeline_extras";
import "../styles/console.css";

export interface TimelineRow {
  id: string;
  label: string;
  spans: Interval[];
  gaps: (Interval & { reason: string })[];
  events?: { id: number; start: number; end: number | null; label: string }[];
}

// The bar: a ruler with local-time ticks, one row per camera with recorded spans, recorder
// gaps (with their reason) and holes, the cursor, and the marked export range. Click or
// drag to scrub, wheel to zoom around the pointer, drag the ruler to pan.
export function TimelineBar(props: {
  view: View;
  rows: TimelineRow[];
  cursor: number;
  mark?: Interval | null;
  onScrub: (t: number, done: boolean) => void;
  onView: (v: View) => void;
  // Show a recorded picture above the pointer (GET /api/v1/cameras/{id}/thumbnail.jpg).
  thumbnails?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const drag = useRef<{ mode: "scrub" | "pan"; x: number; view: View } | null>(null);
  // Where the hover picture goes: fixed to the window, above the bar, because the bar clips
  // what overflows it.
  const [hover, setHover] = useState<{ camera: string; x: number; at: number; left: number; top: number } | null>(null);

  useEffect(() => {
    const el = ref.current!;
    const ro = new ResizeObserver(() => setWidth(Math.max(100, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(100, el.clientWidth));
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const anchor = xToTime(e.clientX - rect.left, viewRef.current, rect.width);
      onViewRef.current(zoomAt(viewRef.current, anchor, e.deltaY > 0 ? 1.25 : 0.8));
    };
    el.addEventListener("wheel", wheel, { passive: false });
    return () => {
      ro.disconnect();
      el.removeEventListener("wheel", wheel);
    };
  }, []);
  const viewRef = useRef(props.view);
  viewRef.current = props.view;
  const onViewRef = useRef(props.onView);
  onViewRef.current = props.onView;

  const v = props.view;
  const xOf = (e: PointerEvent) => e.clientX - ref.current!.getBoundingClientRect().left;
  const down = (e: PointerEvent) => {
    const ruler = (e.target as HTMLElement).closest(".ruler") !== null;
    drag.current = { mode: ruler ? "pan" : "scrub", x: xOf(e), view: v };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    if (!ruler) props.onScrub(xToTime(xOf(e), v, width), false);
  };
  const move = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) {
      if (!props.thumbnails || e.pointerType === "touch") return;
      const rowEl = (e.target as HTMLElement).closest(".row") as HTMLElement | null;
      const row = rowEl ? props.rows.find((r) => r.id === rowEl.dataset.camera) : undefined;
      const x = xOf(e);
      const at = xToTime(x, v, width);
      if (!row || !recordedAt(row.spans, at)) return setHover(null);
      const moment = hoverMoment(at, v, width);
      const rect = ref.current!.getBoundingClientRect();
      const left = Math.min(Math.max(e.clientX - 80, 0), Math.max(0, window.innerWidth - 168));
      const top = Math.max(0, rect.top - 122);
      if (!hover || hover.camera !== row.id || hover.at !== moment || Math.abs(hover.x - x) > 2) setHover({ camera: row.id, x, at: moment, left, top });
      return;
    }
    if (d.mode === "pan") {
      const dt = ((d.x - xOf(e)) / width) * (d.view.end - d.view.start);
      props.onView({ start: d.view.start + dt, end: d.view.end + dt });
    } else {
      props.onScrub(xToTime(Math.min(width, Math.max(0, xOf(e))), v, width), false);
    }
  };
  const up = (e: PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    if (d?.mode === "scrub") props.onScrub(xToTime(Math.min(width, Math.max(0, xOf(e))), v, width), true);
  };

  const cursorX = timeToX(props.cursor, v, width);
  return (
    <div
      class="timeline"
      ref={ref}
      data-start={v.start}
      data-end={v.end}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => (drag.current = null)}
      onPointerLeave={() => setHover(null)}
    >
      <div class="ruler">
        {ticks(v, width).map((tk) => (
          <span class={`tick ${tk.major ? "major" : ""}`} style={{ left: `${timeToX(tk.t, v, width)}px` }}>
            {tk.label}
          </span>
        ))}
      </div>
      {props.rows.map((row) => (
        <div class="row" data-camera={row.id}>
          <span class="row-label">{row.label}</span>
          {toPixels(holes(row.spans, v.start, v.end), v, width).map((p) => (
            <span class="hole" style={{ left: `${p.x}px`, width: `${p.w}px` }} />
          ))}
          {toPixels(row.spans, v, width).map((p) => (
            <span class="span" style={{ left: `${p.x}px`, width: `${p.w}px` }} />
          ))}
          {(row.events ?? []).map((ev) => {
            const x = timeToX(ev.start, v, width);
            if (x < -4 || x > width + 4) return null;
            const w = ev.end === null ? 3 : Math.max(3, timeToX(ev.end, v, width) - x);
            return <span class="event-mark" data-event={ev.id} title={`${formatDateTime(ev.start)} · ${ev.label}`} style={{ left: `${x}px`, width: `${w}px` }} />;
          })}
          {row.gaps.map((g) =>
            toPixels([g], v, width).map((p) => (
              <span class="gap" title={t("pb.gap", { reason: g.reason })} style={{ left: `${p.x}px`, width: `${p.w}px` }} />
            )),
          )}
        </div>
      ))}
      {props.mark && (
        <span
          class="mark"
          style={{
            left: `${Math.max(0, timeToX(props.mark.start, v, width))}px`,
            width: `${Math.max(2, timeToX(props.mark.end, v, width) - Math.max(0, timeToX(props.mark.start, v, width)))}px`,
          }}
        />
      )}
      {hover && (
        <span class="tl-hover" data-testid="tl-hover" style={{ left: `${hover.left}px`, top: `${hover.top}px` }}>
          <img
            src={`/api/v1/cameras/${encodeURIComponent(hover.camera)}/thumbnail.jpg?at=${new Date(hover.at).toISOString()}&width=160`}
            alt=""
            width={160}
            onError={(e) => ((e.target as HTMLImageElement).style.visibility = "hidden")}
            onLoad={(e) => ((e.target as HTMLImageElement).style.visibility = "visible")}
          />
          <span>{formatDateTime(hover.at)}</span>
        </span>
      )}
      {cursorX >= 0 && cursorX <= width && (
        <span class="cursor" style={{ left: `${cursorX}px` }} title={formatDateTime(props.cursor)} />
      )}
    </div>
  );
}
