// Dates and times as people in Vietnam read them: dd/mm/yyyy and 24-hour HH:mm:ss, in the
// site's time zone (not the browser's: an officer on a laptop set to another zone still
// sees the times the cameras' footage carries). All instants are milliseconds since the epoch.

export const DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

let siteZone = DEFAULT_TIME_ZONE;
export function setSiteTimeZone(zone: string): void {
  siteZone = zone;
}
export function siteTimeZone(): string {
  return siteZone;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    partsCache.set(zone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(ms: number, zone = siteZone): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day, hour: p.hour % 24, minute: p.minute, second: p.second };
}

// The zone's offset from UTC at `ms`, in milliseconds (+7 h for Vietnam).
export function zoneOffset(ms: number, zone = siteZone): number {
  const p = localParts(ms, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

// The instant of a local wall-clock time in the zone.
export function fromLocal(p: LocalParts, zone = siteZone): number {
  const guess = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // Two passes settle the offset across a daylight-saving change (none in Vietnam today).
  let t = guess - zoneOffset(guess, zone);
  t = guess - zoneOffset(t, zone);
  return t;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

// The one dd/mm/yyyy layout, for instants (formatDate) and calendar days (formatDay) alike.
const dayMonthYear = (day: number, month: number, year: number) => `${pad(day)}/${pad(month)}/${pad(year, 4)}`;

export function formatDate(ms: number, zone = siteZone): string {
  const p = localParts(ms, zone);
  return dayMonthYear(p.day, p.month, p.year);
}

// A calendar day as the API sends it ("2026-09-05", no zone: it is the same day everywhere)
// written dd/mm/yyyy ("05/09/2026"), in Vietnamese and English alike (the English console is
// for the same officers). Absent or empty gives "" so a caller can add its own "…"/"nay";
// anything that is not a real YYYY-MM-DD day ("2026-02-30", a period "2025-Q3") is shown as
// it came, so a surprise from the server stays readable instead of turning into "NaN".
export function formatDay(day: string | null | undefined): string {
  if (!day) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const [year, month, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, d); // not Date.UTC, which reads years 0-99 as 19xx
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== d) return day;
  return dayMonthYear(d, month, year);
}

export function formatTime(ms: number, zone = siteZone, seconds = true): string {
  const p = localParts(ms, zone);
  return seconds ? `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` : `${pad(p.hour)}:${pad(p.minute)}`;
}

export function formatDateTime(ms: number, zone = siteZone): string {
  return `${formatDate(ms, zone)} ${formatTime(ms, zone)}`;
}

// Parses "dd/mm/yyyy", "dd/mm/yyyy HH:mm" or "dd/mm/yyyy HH:mm:ss" in the zone; null when
// malformed or not a real date (31/02).
export function parseDateTime(text: string, zone = siteZone): number | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(text);
  if (!m) return null;
  const p: LocalParts = {
    day: Number(m[1]),
    month: Number(m[2]),
    year: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  const t = fromLocal(p, zone);
  const back = localParts(t, zone);
  if (back.day !== p.day || back.month !== p.month || back.year !== p.year) return null;
  return t;
}

// Local midnight at or before `ms`.
export function startOfDay(ms: number, zone = siteZone): number {
  const p = localParts(ms, zone);
  return fromLocal({ ...p, hour: 0, minute: 0, second: 0 }, zone);
}

// "1 giờ 5 phút" style durations are in the catalogue; this gives h, m, s.
export function splitDuration(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(ms / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
