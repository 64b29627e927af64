import { describe, expect, it } from "vitest";
import { fold, matches, compareVi } from "./text";

describe("fold", () => {
  it("drops tones and marks, maps đ to d, lower-cases", () => {
    expect(fold("Cổng UBND xã Đông Hòa")).toBe("cong ubnd xa dong hoa");
    expect(fold("ĐƯỜNG")).toBe("duong");
    expect(fold("đ")).toBe("d");
  });
  it("folds both tone placements the same", () => {
    expect(fold("hoà")).toBe(fold("hòa"));
    expect(fold("thuỷ")).toBe(fold("thủy"));
  });
  it("folds precomposed and decomposed input the same", () => {
    expect(fold("Nghệ An".normalize("NFC"))).toBe(fold("Nghệ An".normalize("NFD")));
  });
});

describe("matches", () => {
  it("ignores case and diacritics in both query and text", () => {
    expect(matches("cong lang", "Cổng làng thôn Đông")).toBe(true);
    expect(matches("dong", "Cổng làng thôn Đông")).toBe(true);
    expect(matches("ĐÔNG", "cong lang thon dong")).toBe(true);
    expect(matches("tây", "Cổng làng thôn Đông")).toBe(false);
  });
  it("needs every word, in any field", () => {
    expect(matches("cho thon-tay", "Ngã ba chợ", "nga-ba-cho", "thon-tay")).toBe(true);
    expect(matches("cho thon-dong", "Ngã ba chợ", "nga-ba-cho", "thon-tay")).toBe(false);
  });
  it("an empty query matches everything; missing fields are empty", () => {
    expect(matches("  ", "x")).toBe(true);
    expect(matches("x", undefined, null)).toBe(false);
  });
});

describe("compareVi", () => {
  it("sorts with Vietnamese collation (đ after d)", () => {
    expect(["Đình", "Dương", "An"].sort(compareVi)).toEqual(["An", "Dương", "Đình"]);
  });
});
