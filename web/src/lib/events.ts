// The events review's logic, apart from drawing so it is unit tested: the filter as the
// server's query, the same filter applied to events the live feed pushes (so a pushed event
// appears only where a reload would show it), and merging pushed changes into the list
// without moving what the person is looking at.
import { fold } from "./text";

export interface EventRow {
  id: number;
  camera_id: string;
  rule: string;
  zone: string;
  class: string;
  direction: string;
  open: boolean;
  peak_confidence: number;
  start: string;
  start_ns: number;
  end: string | null;
  end_ns: number | null;
  clip?: { from: string; to: string; video_url: string };
  reviewed: boolean;
  reviewed_by: string;
  reviewed_at: string | null;
  snapshot_url: string;
  thumbnail_url: string;
}

export interface EventChange {
  type: "event";
  change: "opened" | "updated" | "closed";
  event: EventRow;
}

export interface EventFilter {
  cameras: string[]; // empty: every camera the person sees
  cls: string; // object class, "" any
  zone: string;
  rule: string;
  reviewed: "" | "true" | "false";
  from: number | null; // ms; events overlapping [from, to)
  to: number | null;
}

export const EMPTY_FILTER: EventFilter = { cameras: [], cls: "", zone: "", rule: "", reviewed: "", from: null, to: null };

// GET /api/v1/events parameters for the filter (docs/ref/api.md, "Events").
export function filterQuery(f: EventFilter, limit: number, cursor?: string | null): string {
  const p = new URLSearchParams();
  if (f.cameras.length) p.set("cameras", f.cameras.join(","));
  if (f.cls.trim()) p.set("class", f.cls.trim());
  if (f.zone.trim()) p.set("zone", f.zone.trim());
  if (f.rule.trim()) p.set("rule", f.rule.trim());
  if (f.reviewed) p.set("reviewed", f.reviewed);
  if (f.from !== null) p.set("from", new Date(f.from).toISOString());
  if (f.to !== null) p.set("to", new Date(f.to).toISOString());
  p.set("limit", String(limit));
  if (cursor) p.set("cursor", cursor);
  return p.toString();
}

const startMs = (e: EventRow) => e.start_ns / 1e6;

// The server's filter, on one event: exact class/zone/rule, the reviewed flag, and overlap
// with [from, to) where an open event reaches now.
export function matchesFilter(e: EventRow, f: EventFilter, now = Date.now()): boolean {
  if (f.cameras.length && !f.cameras.includes(e.camera_id)) return false;
  if (f.cls.trim() && e.class !== f.cls.trim()) return false;
  if (f.zone.trim() && e.zone !== f.zone.trim()) return false;
  if (f.rule.trim() && e.rule !== f.rule.trim()) return false;
  if (f.reviewed && String(e.reviewed) !== f.reviewed) return false;
  const end = e.end_ns === null || e.open ? now : e.end_ns / 1e6;
  if (f.to !== null && startMs(e) >= f.to) return false;
  if (f.from !== null && end < f.from) return false;
  return true;
}

// Newest first, as the server orders: by start, then id.
export function newerFirst(a: EventRow, b: EventRow): number {
  return b.start_ns - a.start_ns || b.id - a.id;
}

export interface Merge {
  list: EventRow[];
  // New events that belong above what is shown, held while the person is scrolled down
  // (applied with `flush`), so the rows under their eyes do not jump.
  pending: EventRow[];
}

// Applies one pushed change. A row already shown is updated in place (even when it no
// longer matches, e.g. just marked reviewed under "not reviewed": it stays until the next
// reload rather than vanishing under the pointer). A new event that matches goes in its
// place by start when `atTop`, else into `pending`. Events older than the last loaded row
// are left for paging when more pages remain (`complete` false).
export function mergeChange(m: Merge, c: EventChange, f: EventFilter, atTop: boolean, complete: boolean): Merge {
  const e = c.event;
  const at = m.list.findIndex((x) => x.id === e.id);
  if (at >= 0) {
    const list = m.list.slice();
    list[at] = e;
    return { list, pending: m.pending };
  }
  const held = m.pending.findIndex((x) => x.id === e.id);
  if (held >= 0) {
    const pending = m.pending.slice();
    pending[held] = e;
    return { list: m.list, pending };
  }
  if (!matchesFilter(e, f)) return m;
  const last = m.list[m.list.length - 1];
  if (!complete && last && newerFirst(e, last) > 0) return m; // older than what is loaded
  if (!atTop && m.list.length > 0 && newerFirst(e, m.list[0]) < 0) return { list: m.list, pending: [...m.pending, e] };
  return { list: [...m.list, e].sort(newerFirst), pending: m.pending };
}

export function flush(m: Merge): Merge {
  if (!m.pending.length) return m;
  const ids = new Set(m.list.map((e) => e.id));
  return { list: [...m.list, ...m.pending.filter((e) => !ids.has(e.id))].sort(newerFirst), pending: [] };
}

// Distinct values of a field over the loaded events, for the filter's suggestions.
export function distinct(list: EventRow[], key: "class" | "zone" | "rule"): string[] {
  const seen = new Map<string, string>();
  for (const e of list) {
    const v = e[key];
    if (v && !seen.has(fold(v))) seen.set(fold(v), v);
  }
  return [...seen.values()].sort();
}
