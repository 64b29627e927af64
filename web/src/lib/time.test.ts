import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime, formatDay, formatTime, parseDateTime, setSiteTimeZone, startOfDay, zoneOffset } from "./time";

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

describe("formatDay", () => {
  it("writes the API's YYYY-MM-DD days dd/mm/yyyy", () => {
    expect(formatDay("2026-09-05")).toBe("05/09/2026");
    expect(formatDay("2025-08-19")).toBe("19/08/2025");
    expect(formatDay("2024-02-29")).toBe("29/02/2024");
    expect(formatDay("0999-12-31")).toBe("31/12/0999");
    expect(formatDay("0050-01-02")).toBe("02/01/0050");
  });
  it("is the same layout as formatDate, and a day does not move with the site's zone", () => {
    expect(formatDay("2026-11-29")).toBe(formatDate(T));
    setSiteTimeZone("America/Los_Angeles");
    try {
      expect(formatDay("2026-11-29")).toBe("29/11/2026");
    } finally {
      setSiteTimeZone(DEFAULT_TIME_ZONE);
    }
  });
  it("gives nothing for an absent day", () => {
    expect(formatDay("")).toBe("");
    expect(formatDay(null)).toBe("");
    expect(formatDay(undefined)).toBe("");
  });
  it("shows what is not a real day as it came, never NaN", () => {
    for (const s of ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-9-5", "2025-Q3", "19/08/2025", "2026-09-05T10:00:00Z", " 2026-09-05", "abc"]) {
      expect(formatDay(s), s).toBe(s);
    }
  });
});
