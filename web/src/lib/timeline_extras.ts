// The timeline's extras, unit tested: where "next/previous event" jumps, and which moment a
// hover thumbnail asks for (rounded, so a pointer sweeping the bar asks the server for a
// few pictures, not one per pixel).
import { SECOND, type Interval, type View } from "./timeline";

// The start of the first event after `cursor` (dir 1) or the last one before it (dir -1),
// or null. Events closer than `slack` to the cursor are the one being watched: skipped,
// so pressing "next" twice moves on.
export function adjacentEvent(starts: number[], cursor: number, dir: 1 | -1, slack = SECOND): number | null {
  let best: number | null = null;
  for (const s of starts) {
    if (dir === 1 && s > cursor + slack && (best === null || s < best)) best = s;
    if (dir === -1 && s < cursor - slack && (best === null || s > best)) best = s;
  }
  return best;
}

// The moment a hover at `t` shows: rounded down to a step of about 4 px of the bar (at
// least a second), so neighbouring pixels share a picture.
export function hoverMoment(t: number, v: View, width: number): number {
  const step = Math.max(SECOND, Math.round(((v.end - v.start) / width) * 4));
  return Math.floor(t / step) * step;
}

// True when `t` lies in one of the spans (recorded there: a thumbnail exists).
export function recordedAt(spans: Interval[], t: number): boolean {
  return spans.some((s) => t >= s.start && t < s.end);
}
