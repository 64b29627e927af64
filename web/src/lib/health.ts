// The health screen's figures, unit tested: uptime as a percentage with a level for its
// colour, and storage days in words.
export interface HealthCamera {
  id: string;
  name: string;
  area: string;
  state: string;
  uptime: (number | null)[]; // share of each day recorded, oldest first; null: before the site recorded
  uptime_total: number | null;
  storage: {
    bytes: number;
    bytes_per_day: number;
    retained_days: number;
    retention_days: number;
    retention_bytes: number;
    capacity_days: number | null;
    oldest: string | null;
  };
}

export interface HealthOffline {
  camera_id: string;
  name: string;
  stream: string;
  state: string;
  reason: string;
  detail: string;
  since: string | null;
}

export interface Health {
  now: string;
  days: { start: string; start_ns: number }[];
  cameras: HealthCamera[];
  offline: HealthOffline[];
  disk: { free_bytes: number; total_bytes: number; full_in_days: number | null } | null;
}

// null is "no data" (before the site recorded anything), never 0 %.
export function percent(share: number | null): string {
  if (share === null) return "—";
  const p = Math.max(0, Math.min(1, share)) * 100;
  return p >= 99.95 || p === 0 ? `${Math.round(p)}%` : `${p.toFixed(1)}%`;
}

// good ≥ 99 %, fair ≥ 90 %, else bad: a camera down 2.4 hours a day is not "fine".
export function level(share: number | null): "good" | "fair" | "bad" | "none" {
  if (share === null) return "none";
  return share >= 0.99 ? "good" : share >= 0.9 ? "fair" : "bad";
}

export function bytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

// True when the disk or a size limit will hold fewer days than the configured retention.
export function short(s: HealthCamera["storage"]): boolean {
  return s.capacity_days !== null && s.retention_days > 0 && s.capacity_days < s.retention_days - 0.5;
}
