import { describe, expect, it } from "vitest";
import { NEXT_STEPS, dossierFormats, vietnamToday, vnd } from "./awards";

describe("awards formatting", () => {
  it("groups đồng with dots", () => {
    expect(vnd(0)).toBe("0 đ");
    expect(vnd(500000)).toBe("500.000 đ");
    expect(vnd(1234567)).toBe("1.234.567 đ");
  });
  it("takes today in Vietnam", () => {
    expect(vietnamToday(Date.UTC(2025, 7, 18, 17, 30))).toBe("2025-08-19");
    expect(vietnamToday(Date.UTC(2025, 7, 18, 16, 59))).toBe("2025-08-18");
  });
  it("offers no step after a final status", () => {
    expect(NEXT_STEPS.revoked).toEqual([]);
    expect(NEXT_STEPS.rejected).toEqual([]);
    expect(NEXT_STEPS.decided).toContain("handed_over");
  });
});

describe("dossierFormats", () => {
  it("offers no spreadsheet of the letter and all three for the list", () => {
    expect(dossierFormats("to-trinh")).toEqual(["docx", "pdf"]);
    expect(dossierFormats("trich-ngang")).toEqual(["xlsx", "docx", "pdf"]);
  });
});
