// The timeline's arithmetic, kept apart from drawing so it is unit tested: the visible
// window and its zoom (a month down to seconds), pixel <-> time, ticks aligned to the site's
// local time, recorded spans and the gaps between them, and where playback goes next.
import { localParts, fromLocal, formatDate, formatTime } from "./time";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// Zoom limits: 31 days across the bar down to 20 seconds.
export const MAX_SPAN = 31 * DAY;
export const MIN_SPAN = 20 * SECOND;

export interface View {
  start: number; // ms, left edge
  end: number; // ms, right edge
}

export interface Interval {
  start: number;
  end: number;
}

export function span(v: View): number {
  return v.end - v.start;
}

export function timeToX(t: number, v: View, width: number): number {
  return ((t - v.start) / span(v)) * width;
}

export function xToTime(x: number, v: View, width: number): number {
  return v.start + (x / width) * span(v);
}

// Zooms by `factor` (< 1 zooms in) keeping `anchor` at the same place on the bar, clamped
// to [MIN_SPAN, MAX_SPAN].
export function zoomAt(v: View, anchor: number, factor: number): View {
  const old = span(v);
  const next = Math.min(MAX_SPAN, Math.max(MIN_SPAN, old * factor));
  const ratio = (anchor - v.start) / old;
  const start = anchor - ratio * next;
  return { start, end: start + next };
}

// A view of `width` ms centred on `t`.
export function centredOn(t: number, width: number): View {
  const w = Math.min(MAX_SPAN, Math.max(MIN_SPAN, width));
  return { start: t - w / 2, end: t + w / 2 };
}

export function pan(v: View, delta: number): View {
  return { start: v.start + delta, end: v.end + delta };
}

// Tick steps from a second to a week; the first that leaves `minPx` between ticks wins.
const STEPS = [
  SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE,
  HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY,
];

export function tickStep(v: View, width: number, minPx = 80): number {
  for (const s of STEPS) {
    if ((s / span(v)) * width >= minPx) return s;
  }
  return STEPS[STEPS.length - 1];
}

export interface Tick {
  t: number;
  label: string;
  major: boolean; // a local midnight: drawn stronger, labelled with the date
}

// Ticks at local multiples of the step (so hours fall on :00 in the site's zone, days on
// local midnight), labelled dd/mm at midnights and HH:mm(:ss) otherwise.
export function ticks(v: View, width: number, zone?: string, minPx = 80): Tick[] {
  const step = tickStep(v, width, minPx);
  const out: Tick[] = [];
  // Align in local time: take the local midnight before the view, then walk in steps
  // (days are 24 h in zones without daylight saving; for the rare others the label stays
  // right and a tick may sit an hour off).
  const p = localParts(v.start, zone);
  const midnight = fromLocal({ ...p, hour: 0, minute: 0, second: 0 }, zone);
  let t = midnight + Math.floor((v.start - midnight) / step) * step;
  if (step >= 7 * DAY) t = midnight;
  for (; t <= v.end && out.length < 500; t += step) {
    if (t < v.start) continue;
    const lp = localParts(t, zone);
    const isMidnight = lp.hour === 0 && lp.minute === 0 && lp.second === 0;
    const label = isMidnight
      ? formatDate(t, zone).slice(0, 5)
      : formatTime(t, zone, step < MINUTE);
    out.push({ t, label, major: isMidnight });
  }
  return out;
}

// Pixel runs to draw for the intervals inside the view: clipped, at least one pixel wide,
// and runs closer than a pixel merged (a month of 60-s segments is thousands of intervals
// but only a few hundred pixels).
export function toPixels(intervals: Interval[], v: View, width: number): { x: number; w: number }[] {
  const out: { x: number; w: number }[] = [];
  for (const iv of intervals) {
    if (iv.end <= v.start || iv.start >= v.end) continue;
    const x0 = Math.max(0, timeToX(iv.start, v, width));
    const x1 = Math.min(width, timeToX(iv.end, v, width));
    const last = out[out.length - 1];
    if (last && x0 - (last.x + last.w) < 1) {
      last.w = Math.max(last.w, x1 - last.x);
    } else {
      out.push({ x: x0, w: Math.max(1, x1 - x0) });
    }
  }
  return out;
}

// The holes between `spans` (sorted, disjoint) inside [from, to): what the bar draws as gaps.
export function holes(spans: Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let cursor = from;
  for (const s of spans) {
    if (s.end <= cursor) continue;
    if (s.start >= to) break;
    if (s.start > cursor) out.push({ start: cursor, end: Math.min(s.start, to) });
    cursor = Math.max(cursor, s.end);
  }
  if (cursor < to) out.push({ start: cursor, end: to });
  return out;
}

// Where playback of `t` starts: `t` itself when recorded, else the start of the next
// recorded span; null when nothing is recorded at or after `t`.
export function nextRecorded(t: number, spans: Interval[]): number | null {
  for (const s of spans) {
    if (t < s.end) return Math.max(t, s.start);
  }
  return null;
}

// The span containing `t`, if any.
export function spanAt(t: number, spans: Interval[]): Interval | null {
  for (const s of spans) {
    if (s.start <= t && t < s.end) return s;
  }
  return null;
}

// Several cameras played from one clock: the media time each video should show for the
// shared wall time, given where its loaded range starts. Drift beyond `tolerance` seconds
// is corrected by seeking; smaller drift is left alone (seeking stutters).
export function mediaTimeFor(wall: number, rangeStart: number): number {
  return (wall - rangeStart) / 1000;
}

export function needsResync(current: number, wanted: number, tolerance = 0.5): boolean {
  return Math.abs(current - wanted) > tolerance;
}

// Merges the spans of several cameras into one sorted union (for "jump to next recording"
// across the cameras shown together).
export function union(lists: Interval[][]): Interval[] {
  const all = lists.flat().slice().sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const iv of all) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}
