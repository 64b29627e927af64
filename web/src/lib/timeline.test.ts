import { describe, expect, it } from "vitest";
import {
  DAY, HOUR, MAX_SPAN, MIN_SPAN, MINUTE, SECOND, centredOn, holes, mediaTimeFor, needsResync, nextRecorded,
  pan, spanAt, tickStep, ticks, timeToX, toPixels, union, xToTime, zoomAt,
} from "./timeline";

const T0 = Date.UTC(2026, 10, 28, 17, 0, 0); // 29/11/2026 00:00 in Vietnam

describe("pixels and time", () => {
  const v = { start: T0, end: T0 + HOUR };
  it("maps both ways", () => {
    expect(timeToX(T0 + 30 * MINUTE, v, 1200)).toBe(600);
    expect(xToTime(300, v, 1200)).toBe(T0 + 15 * MINUTE);
    expect(xToTime(timeToX(T0 + 1234567, v, 997), v, 997)).toBeCloseTo(T0 + 1234567, 3);
  });
});

describe("zoom", () => {
  it("keeps the anchor under the pointer", () => {
    const v = { start: T0, end: T0 + DAY };
    const anchor = T0 + 6 * HOUR;
    const z = zoomAt(v, anchor, 0.1);
    expect(z.end - z.start).toBeCloseTo(0.1 * DAY);
    expect(timeToX(anchor, z, 1000)).toBeCloseTo(timeToX(anchor, v, 1000));
  });
  it("goes from a month down to seconds and no further", () => {
    let v = centredOn(T0, 30 * DAY);
    for (let i = 0; i < 100; i++) v = zoomAt(v, T0, 0.5);
    expect(v.end - v.start).toBe(MIN_SPAN);
    for (let i = 0; i < 100; i++) v = zoomAt(v, T0, 2);
    expect(v.end - v.start).toBe(MAX_SPAN);
    expect(centredOn(T0, 1).end - centredOn(T0, 1).start).toBe(MIN_SPAN);
  });
  it("pans across days without limit", () => {
    const v = pan({ start: T0, end: T0 + HOUR }, -3 * DAY);
    expect(v.start).toBe(T0 - 3 * DAY);
    expect(v.end - v.start).toBe(HOUR);
  });
});

describe("ticks", () => {
  it("picks a step that leaves room for labels", () => {
    expect(tickStep({ start: T0, end: T0 + MINUTE }, 1200)).toBe(5 * SECOND);
    expect(tickStep({ start: T0, end: T0 + DAY }, 1200)).toBe(2 * HOUR >= HOUR ? 3 * HOUR : HOUR);
    expect(tickStep({ start: T0, end: T0 + 30 * DAY }, 1200)).toBe(2 * DAY);
  });
  it("falls on local hours and labels midnights with the date", () => {
    const ts = ticks({ start: T0 - 2 * HOUR - 10 * MINUTE, end: T0 + 3 * HOUR }, 1300);
    const labels = ts.map((t) => t.label);
    expect(labels).toContain("29/11");
    expect(labels).toContain("01:00");
    expect(labels).toContain("23:00");
    const midnight = ts.find((t) => t.label === "29/11")!;
    expect(midnight.t).toBe(T0);
    expect(midnight.major).toBe(true);
    for (const t of ts) expect(t.t % (30 * MINUTE)).toBe(0);
  });
  it("shows seconds when zoomed to seconds", () => {
    const ts = ticks({ start: T0 + 10 * SECOND, end: T0 + 40 * SECOND }, 1000);
    expect(ts[0].label).toMatch(/^00:00:\d\d$/);
  });
});

describe("spans, holes and gaps", () => {
  const spans = [
    { start: T0 + 1 * HOUR, end: T0 + 2 * HOUR },
    { start: T0 + 3 * HOUR, end: T0 + 5 * HOUR },
  ];
  it("finds the holes between recorded spans within a window", () => {
    expect(holes(spans, T0, T0 + 6 * HOUR)).toEqual([
      { start: T0, end: T0 + HOUR },
      { start: T0 + 2 * HOUR, end: T0 + 3 * HOUR },
      { start: T0 + 5 * HOUR, end: T0 + 6 * HOUR },
    ]);
    expect(holes(spans, T0 + 90 * MINUTE, T0 + 4 * HOUR)).toEqual([{ start: T0 + 2 * HOUR, end: T0 + 3 * HOUR }]);
    expect(holes([], T0, T0 + 1)).toEqual([{ start: T0, end: T0 + 1 }]);
  });
  it("draws spans as clipped pixel runs, merging runs closer than a pixel", () => {
    const v = { start: T0, end: T0 + 10 * HOUR };
    expect(toPixels(spans, v, 1000)).toEqual([{ x: 100, w: 100 }, { x: 300, w: 200 }]);
    // 43,200 back-to-back 2-second pieces of one day become one run.
    const pieces = Array.from({ length: 43200 }, (_, i) => ({ start: T0 + i * 2000, end: T0 + i * 2000 + 1990 }));
    const run = toPixels(pieces, { start: T0, end: T0 + DAY }, 1000);
    expect(run.length).toBe(1);
    expect(run[0].x).toBe(0);
    expect(run[0].w).toBeCloseTo(1000, 2);
    // Outside the view: nothing; partly inside: clipped.
    expect(toPixels(spans, { start: T0 + 6 * HOUR, end: T0 + 7 * HOUR }, 100)).toEqual([]);
    expect(toPixels(spans, { start: T0 + 4 * HOUR, end: T0 + 6 * HOUR }, 100)).toEqual([{ x: 0, w: 50 }]);
  });
  it("playback skips holes to the next recording", () => {
    expect(nextRecorded(T0, spans)).toBe(T0 + HOUR);
    expect(nextRecorded(T0 + 90 * MINUTE, spans)).toBe(T0 + 90 * MINUTE);
    expect(nextRecorded(T0 + 150 * MINUTE, spans)).toBe(T0 + 3 * HOUR);
    expect(nextRecorded(T0 + 5 * HOUR, spans)).toBeNull();
    expect(spanAt(T0 + 4 * HOUR, spans)).toEqual(spans[1]);
    expect(spanAt(T0 + 2 * HOUR, spans)).toBeNull();
  });
  it("unions the spans of several cameras", () => {
    expect(union([[{ start: 0, end: 10 }, { start: 20, end: 30 }], [{ start: 5, end: 22 }], [{ start: 40, end: 50 }]])).toEqual([
      { start: 0, end: 30 },
      { start: 40, end: 50 },
    ]);
  });
});

describe("synchronised playback", () => {
  it("gives each video the media time of the shared clock", () => {
    expect(mediaTimeFor(T0 + 12_500, T0)).toBe(12.5);
    expect(needsResync(10, 10.3)).toBe(false);
    expect(needsResync(10, 11)).toBe(true);
    expect(needsResync(10, 10.3, 0.1)).toBe(true);
  });
});
