import { describe, expect, it } from "vitest";
import { adjacentEvent, hoverMoment, recordedAt } from "./timeline_extras";
import { MINUTE, HOUR, SECOND } from "./timeline";

const T0 = Date.UTC(2026, 10, 29, 2, 0, 0);

describe("adjacentEvent", () => {
  const starts = [T0 + 5 * MINUTE, T0 - 10 * MINUTE, T0 + MINUTE, T0];
  it("finds the nearest event after or before the cursor, in any order", () => {
    expect(adjacentEvent(starts, T0 + 30 * SECOND, 1)).toBe(T0 + MINUTE);
    expect(adjacentEvent(starts, T0 + 30 * SECOND, -1)).toBe(T0);
    expect(adjacentEvent(starts, T0 + HOUR, 1)).toBeNull();
    expect(adjacentEvent(starts, T0 - HOUR, -1)).toBeNull();
  });
  it("moves on from the event the cursor is on", () => {
    expect(adjacentEvent(starts, T0 + MINUTE, 1)).toBe(T0 + 5 * MINUTE);
    expect(adjacentEvent(starts, T0 + MINUTE + 200, -1)).toBe(T0);
  });
});

describe("hoverMoment", () => {
  it("rounds to about 4 px of the bar, never under a second", () => {
    const hour = { start: T0, end: T0 + HOUR };
    // An hour over 900 px: 4 px is 16 s.
    expect(hoverMoment(T0 + 17 * SECOND, hour, 900)).toBe(T0 + 16 * SECOND);
    expect(hoverMoment(T0 + 31 * SECOND, hour, 900)).toBe(T0 + 16 * SECOND);
    const minute = { start: T0, end: T0 + MINUTE };
    expect(hoverMoment(T0 + 1500, minute, 900)).toBe(T0 + SECOND);
  });
});

describe("recordedAt", () => {
  it("is true inside a span, half-open", () => {
    const spans = [{ start: T0, end: T0 + MINUTE }];
    expect(recordedAt(spans, T0)).toBe(true);
    expect(recordedAt(spans, T0 + MINUTE)).toBe(false);
    expect(recordedAt(spans, T0 - 1)).toBe(false);
  });
});
