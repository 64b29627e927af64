import { describe, expect, it } from "vitest";
import { contains, directionArrow, movePoint, nearestPoint, normalise, shapeProblem, sideOf, svgPoints, type Pt } from "./cameras_geometry";

describe("normalise", () => {
  const rect = { left: 100, top: 50, width: 640, height: 360 };
  it("maps a pointer on the picture to fractions of its size", () => {
    expect(normalise(100, 50, rect)).toEqual([0, 0]);
    expect(normalise(740, 410, rect)).toEqual([1, 1]);
    expect(normalise(420, 230, rect)).toEqual([0.5, 0.5]);
  });
  it("clamps a drag that leaves the picture", () => {
    expect(normalise(0, 1000, rect)).toEqual([0, 1]);
  });
  it("rounds to 4 decimals", () => {
    expect(normalise(100 + 640 / 3, 50, rect)).toEqual([0.3333, 0]);
  });
  it("answers the corner for a picture not laid out yet", () => {
    expect(normalise(5, 5, { left: 0, top: 0, width: 0, height: 0 })).toEqual([0, 0]);
  });
});

describe("contains (even-odd, as the server)", () => {
  const square: Pt[] = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8]];
  it("hits inside and misses outside", () => {
    expect(contains(square, [0.5, 0.5])).toBe(true);
    expect(contains(square, [0.1, 0.5])).toBe(false);
    expect(contains(square, [0.5, 0.9])).toBe(false);
  });
  it("handles a concave zone", () => {
    const u: Pt[] = [[0, 0], [1, 0], [1, 1], [0.6, 1], [0.6, 0.3], [0.4, 0.3], [0.4, 1], [0, 1]];
    expect(contains(u, [0.5, 0.6])).toBe(false);
    expect(contains(u, [0.2, 0.6])).toBe(true);
  });
  it("contains nothing with fewer than 3 points", () => {
    expect(contains([[0, 0], [1, 1]], [0.5, 0.5])).toBe(false);
  });
});

describe("sides and the direction arrow", () => {
  // A line drawn top to bottom down the middle: the walker faces down, so image-left
  // (smaller x) is their right.
  const a: Pt = [0.5, 0];
  const b: Pt = [0.5, 1];
  it("names sides as the server does (y down)", () => {
    expect(sideOf(a, b, [0.2, 0.5])).toBe(1);
    expect(sideOf(a, b, [0.8, 0.5])).toBe(-1);
    expect(sideOf(a, b, [0.5, 0.3])).toBe(0);
  });
  it("points the arrow to the side the rule counts", () => {
    for (const dir of ["left", "right"] as const) {
      const { from, to } = directionArrow(a, b, dir);
      expect(from).toEqual([0.5, 0.5]);
      expect(sideOf(a, b, to)).toBe(dir === "right" ? 1 : -1);
    }
  });
  it("works for a reversed line too", () => {
    const { to } = directionArrow(b, a, "right");
    expect(sideOf(b, a, to)).toBe(1);
    expect(to[0]).toBeGreaterThan(0.5);
  });
});

describe("picking and dragging points", () => {
  const pts: Pt[] = [[0.1, 0.1], [0.5, 0.5], [0.52, 0.5]];
  it("picks the nearest point within the radius", () => {
    expect(nearestPoint(pts, [0.515, 0.5], 0.03)).toBe(2);
    expect(nearestPoint(pts, [0.9, 0.9], 0.03)).toBe(-1);
  });
  it("measures in the picture's aspect", () => {
    // 0.02 apart in x is 0.036 of the height on a 16:9 picture: outside 0.03.
    expect(nearestPoint([[0.5, 0.5]], [0.52, 0.5], 0.03, 16 / 9)).toBe(-1);
  });
  it("moves one point, clamped, without touching the others", () => {
    const moved = movePoint(pts, 0, [-0.2, 0.3]);
    expect(moved[0]).toEqual([0, 0.3]);
    expect(moved[1]).toBe(pts[1]);
    expect(pts[0]).toEqual([0.1, 0.1]);
  });
  it("writes SVG points", () => {
    expect(svgPoints([[0, 0.5], [1, 1]])).toBe("0,0.5 1,1");
  });
});

describe("shape checks", () => {
  it("refuses what the server refuses", () => {
    expect(shapeProblem("zone", [[0, 0], [1, 1]])).toBe("polygon.points");
    expect(shapeProblem("line", [[0, 0], [1, 1], [0, 1]])).toBe("line.points");
    expect(shapeProblem("mask", [[0, 0], [1, 1], [1.2, 0]])).toBe("range");
    expect(shapeProblem("zone", [[0, 0], [1, 0], [1, 1]])).toBeNull();
  });
});
