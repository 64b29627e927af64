import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime, parseDateTime, startOfDay, zoneOffset } from "./time";

// 2026-11-29T02:15:00Z is 09:15 in Vietnam (UTC+7, no daylight saving).
const T = Date.UTC(2026, 10, 29, 2, 15, 0);

describe("formatting in the site's zone", () => {
  it("writes dd/mm/yyyy and 24-hour times in Asia/Ho_Chi_Minh", () => {
    expect(formatDate(T)).toBe("29/11/2026");
    expect(formatTime(T)).toBe("09:15:00");
    expect(formatTime(T, undefined, false)).toBe("09:15");
    expect(formatDateTime(Date.UTC(2026, 10, 29, 20, 5, 7))).toBe("30/11/2026 03:05:07");
  });
  it("uses the given zone, not the browser's", () => {
    expect(formatDateTime(T, "UTC")).toBe("29/11/2026 02:15:00");
    expect(zoneOffset(T)).toBe(7 * 3600 * 1000);
  });
  it("pads single digits and shows midnight as 00", () => {
    expect(formatDateTime(Date.UTC(2026, 0, 4, 17, 0, 0))).toBe("05/01/2026 00:00:00");
  });
});

describe("parseDateTime", () => {
  it("reads dd/mm/yyyy with optional time in the site's zone", () => {
    expect(parseDateTime("29/11/2026 09:15:00")).toBe(T);
    expect(parseDateTime("29/11/2026 09:15")).toBe(T);
    expect(parseDateTime(" 29/11/2026 ")).toBe(Date.UTC(2026, 10, 28, 17, 0, 0));
    expect(parseDateTime("5/1/2026 0:00")).toBe(Date.UTC(2026, 0, 4, 17, 0, 0));
  });
  it("refuses malformed and impossible dates", () => {
    for (const s of ["", "2026-11-29", "31/02/2026", "29/13/2026", "29/11/2026 24:00", "29/11/2026 09:60", "29/11/26"]) {
      expect(parseDateTime(s), s).toBeNull();
    }
  });
  it("round-trips with formatDateTime", () => {
    const t = Date.UTC(2027, 1, 28, 16, 59, 59);
    expect(parseDateTime(formatDateTime(t))).toBe(t);
  });
});

describe("startOfDay", () => {
  it("is local midnight", () => {
    expect(startOfDay(T)).toBe(Date.UTC(2026, 10, 28, 17, 0, 0));
    expect(startOfDay(Date.UTC(2026, 10, 28, 17, 0, 0))).toBe(Date.UTC(2026, 10, 28, 17, 0, 0));
  });
});
