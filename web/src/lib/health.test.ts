import { describe, expect, it } from "vitest";
import { bytes, level, percent, short } from "./health";

describe("health figures", () => {
  it("prints uptime with one decimal except at the ends", () => {
    expect(percent(1)).toBe("100%");
    expect(percent(0)).toBe("0%");
    expect(percent(0.9876)).toBe("98.8%");
    expect(percent(1.2)).toBe("100%");
    expect(percent(null)).toBe("—");
  });
  it("levels: 99 % is good, 90 % fair, below bad", () => {
    expect(level(0.995)).toBe("good");
    expect(level(0.95)).toBe("fair");
    expect(level(0.5)).toBe("bad");
    expect(level(null)).toBe("none");
  });
  it("prints sizes in decimal units", () => {
    expect(bytes(512)).toBe("512 B");
    expect(bytes(1_500_000)).toBe("1.5 MB");
    expect(bytes(250_000_000_000)).toBe("250 GB");
  });
  it("flags storage that holds fewer days than retention asks", () => {
    const s = { bytes: 0, bytes_per_day: 1, retained_days: 3, retention_days: 30, retention_bytes: 0, oldest: null };
    expect(short({ ...s, capacity_days: 12 })).toBe(true);
    expect(short({ ...s, capacity_days: 30 })).toBe(false);
    expect(short({ ...s, capacity_days: null })).toBe(false);
  });
});
