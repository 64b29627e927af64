// The zone editor's geometry, in the server's terms (src/analytics/geometry.cpp): points
// are [x, y] fractions of the picture's width and height (y down), polygons use the
// even-odd rule, and a line's sides are named as someone standing at its first point,
// looking at its second, sees them. Kept apart from the screen so it can be tested.

export type Pt = [number, number];

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

// A pointer position on the drawn picture as normalised coordinates, clamped to the
// picture and rounded to 4 decimals (0.1 px at 1920 wide is finer than anyone draws).
export function normalise(clientX: number, clientY: number, r: Rect): Pt {
  if (r.width <= 0 || r.height <= 0) return [0, 0];
  const round = (v: number) => Math.round(clamp01(v) * 10000) / 10000;
  return [round((clientX - r.left) / r.width), round((clientY - r.top) / r.height)];
}

// Even-odd rule, as Contains() on the server; fewer than 3 points contain nothing.
export function contains(polygon: Pt[], p: Pt): boolean {
  if (polygon.length < 3) return false;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ax, ay] = polygon[i];
    const [bx, by] = polygon[j];
    if (ay > p[1] !== by > p[1] && p[0] < ((bx - ax) * (p[1] - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

// +1 right, -1 left, 0 on the line, as SideOf() on the server (y grows downward).
export function sideOf(a: Pt, b: Pt, p: Pt): number {
  const c = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  return c > 0 ? 1 : c < 0 ? -1 : 0;
}

// The arrow the editor draws for a crossing rule: from the line's middle toward the side
// it counts ("left" or "right"; "any" draws both). Length in normalised units.
export function directionArrow(a: Pt, b: Pt, direction: "left" | "right", length = 0.08): { from: Pt; to: Pt } {
  const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  // (-dy, dx) is the walker's right when y grows downward (sideOf of mid + it is +1).
  const sign = direction === "right" ? 1 : -1;
  const to: Pt = [mid[0] + (sign * -dy * length) / len, mid[1] + (sign * dx * length) / len];
  return { from: mid, to };
}

// The index of the point within `radius` (normalised, in the picture's aspect) of p, the
// nearest one; -1 when none is. Used to pick a point up and drag it.
export function nearestPoint(points: Pt[], p: Pt, radius: number, aspect = 1): number {
  let best = -1;
  let bestD = radius;
  points.forEach((q, i) => {
    const d = Math.hypot((q[0] - p[0]) * aspect, q[1] - p[1]);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

// Moves point i to p (clamped), leaving the others; a new array, for state updates.
export function movePoint(points: Pt[], i: number, p: Pt): Pt[] {
  return points.map((q, j) => (j === i ? [clamp01(p[0]), clamp01(p[1])] : q));
}

// "0.1,0.2 0.3,0.4" for an SVG polygon drawn in a 0..1 viewBox scaled to the picture.
export function svgPoints(points: Pt[]): string {
  return points.map(([x, y]) => `${x},${y}`).join(" ");
}

// What the server would refuse about a shape, checked before saving: the server checks
// again and answers every problem; this only saves a round trip.
export function shapeProblem(kind: "zone" | "mask" | "line", points: Pt[]): string | null {
  if (kind === "line" ? points.length !== 2 : points.length < 3) return kind === "line" ? "line.points" : "polygon.points";
  if (points.some(([x, y]) => !(x >= 0 && x <= 1 && y >= 0 && y <= 1))) return "range";
  return null;
}
