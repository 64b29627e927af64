import { describe, expect, it } from "vitest";
import { distinct, EMPTY_FILTER, filterQuery, flush, matchesFilter, mergeChange, type EventRow } from "./events";

const T0 = Date.UTC(2026, 10, 29, 2, 0, 0);

function ev(id: number, startMs: number, over: Partial<EventRow> = {}): EventRow {
  return {
    id, camera_id: "cong", rule: "vao-san", zone: "san", class: "person", direction: "", open: false,
    peak_confidence: 0.9, start: new Date(startMs).toISOString(), start_ns: startMs * 1e6,
    end: new Date(startMs + 5000).toISOString(), end_ns: (startMs + 5000) * 1e6, reviewed: false,
    reviewed_by: "", reviewed_at: null, snapshot_url: `/api/v1/events/${id}/snapshot.jpg`,
    thumbnail_url: `/api/v1/events/${id}/thumbnail.jpg`, ...over,
  };
}

describe("filterQuery", () => {
  it("sends only what is set, times as RFC 3339 UTC, the cursor last", () => {
    expect(filterQuery(EMPTY_FILTER, 50)).toBe("limit=50");
    const q = new URLSearchParams(
      filterQuery({ cameras: ["cong", "cho"], cls: " person ", zone: "", rule: "vao-san", reviewed: "false", from: T0, to: null }, 20, "abc"),
    );
    expect(q.get("cameras")).toBe("cong,cho");
    expect(q.get("class")).toBe("person");
    expect(q.has("zone")).toBe(false);
    expect(q.get("rule")).toBe("vao-san");
    expect(q.get("reviewed")).toBe("false");
    expect(q.get("from")).toBe("2026-11-29T02:00:00.000Z");
    expect(q.get("cursor")).toBe("abc");
  });
});

describe("matchesFilter", () => {
  it("applies the server's rules to a pushed event", () => {
    const e = ev(1, T0);
    expect(matchesFilter(e, EMPTY_FILTER)).toBe(true);
    expect(matchesFilter(e, { ...EMPTY_FILTER, cameras: ["cho"] })).toBe(false);
    expect(matchesFilter(e, { ...EMPTY_FILTER, cls: "car" })).toBe(false);
    expect(matchesFilter(e, { ...EMPTY_FILTER, reviewed: "true" })).toBe(false);
    expect(matchesFilter(e, { ...EMPTY_FILTER, reviewed: "false" })).toBe(true);
    // Overlap with [from, to): ends at T0+5 s.
    expect(matchesFilter(e, { ...EMPTY_FILTER, from: T0 + 4000 })).toBe(true);
    expect(matchesFilter(e, { ...EMPTY_FILTER, from: T0 + 6000 })).toBe(false);
    expect(matchesFilter(e, { ...EMPTY_FILTER, to: T0 })).toBe(false);
    // An open event reaches now.
    expect(matchesFilter(ev(2, T0, { open: true, end: null, end_ns: null }), { ...EMPTY_FILTER, from: T0 + 60_000 }, T0 + 120_000)).toBe(true);
  });
});

describe("mergeChange", () => {
  const list = [ev(3, T0 + 3000), ev(2, T0 + 2000), ev(1, T0 + 1000)];
  it("puts a new event in order when the person is at the top", () => {
    const m = mergeChange({ list, pending: [] }, { type: "event", change: "opened", event: ev(9, T0 + 9000) }, EMPTY_FILTER, true, true);
    expect(m.list.map((e) => e.id)).toEqual([9, 3, 2, 1]);
    expect(m.pending).toEqual([]);
  });
  it("holds a new event while the person is scrolled down, and flush brings it in", () => {
    const m = mergeChange({ list, pending: [] }, { type: "event", change: "opened", event: ev(9, T0 + 9000) }, EMPTY_FILTER, false, true);
    expect(m.list.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(m.pending.map((e) => e.id)).toEqual([9]);
    // Its later change updates the held copy, not a second one.
    const closed = mergeChange(m, { type: "event", change: "closed", event: ev(9, T0 + 9000, { peak_confidence: 0.99 }) }, EMPTY_FILTER, false, true);
    expect(closed.pending.length).toBe(1);
    expect(closed.pending[0].peak_confidence).toBe(0.99);
    expect(flush(closed).list.map((e) => e.id)).toEqual([9, 3, 2, 1]);
    expect(flush(closed).pending).toEqual([]);
  });
  it("updates a shown row in place even when it stops matching", () => {
    const f = { ...EMPTY_FILTER, reviewed: "false" as const };
    const m = mergeChange({ list, pending: [] }, { type: "event", change: "updated", event: ev(2, T0 + 2000, { reviewed: true }) }, f, false, true);
    expect(m.list.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(m.list[1].reviewed).toBe(true);
  });
  it("ignores events outside the filter, and older ones while pages remain", () => {
    const other = mergeChange({ list, pending: [] }, { type: "event", change: "opened", event: ev(8, T0 + 8000, { camera_id: "cho" }) }, { ...EMPTY_FILTER, cameras: ["cong"] }, true, true);
    expect(other.list.length).toBe(3);
    const old = ev(0, T0 - 60_000);
    expect(mergeChange({ list, pending: [] }, { type: "event", change: "closed", event: old }, EMPTY_FILTER, true, false).list.length).toBe(3);
    expect(mergeChange({ list, pending: [] }, { type: "event", change: "closed", event: old }, EMPTY_FILTER, true, true).list.map((e) => e.id)).toEqual([3, 2, 1, 0]);
  });
});

describe("distinct", () => {
  it("lists each value once, ignoring case and marks", () => {
    expect(distinct([ev(1, T0, { zone: "Sân" }), ev(2, T0, { zone: "sân" }), ev(3, T0, { zone: "cổng" })], "zone")).toEqual(["Sân", "cổng"]);
  });
});
