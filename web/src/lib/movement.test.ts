import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import {
  bars,
  classFor,
  filterModels,
  periodOf,
  periodsUpTo,
  reportsUnavailable,
  vietnamToday,
  weightedScoreX10,
  type CriteriaSet,
  type Model,
} from "./movement";

const set: CriteriaSet = {
  id: 1,
  name: "Mặc định",
  criteria: [
    { key: "to_chuc", name: "Tổ chức", weight: 30 },
    { key: "hieu_qua", name: "Hiệu quả", weight: 50 },
    { key: "nhan_dan", name: "Nhân dân", weight: 20 },
  ],
  good_min: 80,
  fair_min: 65,
  average_min: 50,
};

function model(id: number, name: string, type = "tu_quan", status: Model["status"] = "active", unit = "12970.01"): Model {
  return { id, name, type, unit_code: unit, status, status_vi: "", points: 0, teams: 0, goals: "", decision: { no: "", date: "", issuer: "" }, created_on: "", created_by: "" };
}

describe("evaluation score preview", () => {
  it("weighs and rounds like the server (tenths, half up)", () => {
    // (30*80 + 50*70 + 20*90) / 100 = 77.0
    expect(weightedScoreX10(set, { to_chuc: 80, hieu_qua: 70, nhan_dan: 90 })).toBe(770);
    // 72.45 rounds to 72.5: weights 1 and 1, scores 72 and 73 -> 72.5 exactly; 3 weights for .45
    const thirds: CriteriaSet = { ...set, criteria: [{ key: "a", name: "A", weight: 1 }, { key: "b", name: "B", weight: 2 }] };
    // (1*72 + 2*73) / 3 = 72.666.. -> 72.7
    expect(weightedScoreX10(thirds, { a: 72, b: 73 })).toBe(727);
    // (1*0 + 2*1) / 3 = 0.666.. -> 0.7 ; (1*1 + 2*0)/3 = 0.333.. -> 0.3
    expect(weightedScoreX10(thirds, { a: 0, b: 1 })).toBe(7);
    expect(weightedScoreX10(thirds, { a: 1, b: 0 })).toBe(3);
    const halves: CriteriaSet = { ...set, criteria: [{ key: "a", name: "A", weight: 1 }, { key: "b", name: "B", weight: 1 }] };
    expect(weightedScoreX10(halves, { a: 72, b: 73 })).toBe(725);
  });
  it("waits for every criterion, each 0-100", () => {
    expect(weightedScoreX10(set, { to_chuc: 80, hieu_qua: 70 })).toBeNull();
    expect(weightedScoreX10(set, { to_chuc: 80, hieu_qua: 101, nhan_dan: 1 })).toBeNull();
    expect(weightedScoreX10(set, { to_chuc: 80, hieu_qua: 7.5, nhan_dan: 1 })).toBeNull();
  });
  it("classifies on the set's thresholds", () => {
    expect(classFor(set, 800)).toBe("tot");
    expect(classFor(set, 799)).toBe("kha");
    expect(classFor(set, 650)).toBe("kha");
    expect(classFor(set, 500)).toBe("trung_binh");
    expect(classFor(set, 499)).toBe("yeu");
    expect(classFor({ ...set, good_min: 90, fair_min: 80, average_min: 70 }, 700)).toBe("trung_binh");
  });
});

describe("periods", () => {
  it("name the period holding a date", () => {
    expect(periodOf("Q", "2025-09-23")).toBe("2025-Q3");
    expect(periodOf("Q", "2025-01-01")).toBe("2025-Q1");
    expect(periodOf("H", "2025-06-30")).toBe("2025-H1");
    expect(periodOf("H", "2025-07-01")).toBe("2025-H2");
    expect(periodOf("Y", "2025-07-01")).toBe("2025-Y");
  });
  it("count back across years, oldest first", () => {
    expect(periodsUpTo("Q", "2025-05-10", 4)).toEqual(["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]);
    expect(periodsUpTo("H", "2025-05-10", 3)).toEqual(["2024-H1", "2024-H2", "2025-H1"]);
    expect(periodsUpTo("Y", "2025-05-10", 2)).toEqual(["2024-Y", "2025-Y"]);
  });
  it("take today in Vietnam, not in UTC", () => {
    expect(vietnamToday(Date.parse("2025-06-30T18:00:00Z"))).toBe("2025-07-01");
    expect(vietnamToday(Date.parse("2025-06-30T16:59:00Z"))).toBe("2025-06-30");
  });
});

describe("model list", () => {
  const list = [
    model(1, "Tự quản thôn Đông"),
    model(2, "Camera an ninh thôn Tây", "camera"),
    model(3, "Đội hòa giải xóm Bắc", "tu_hoa_giai", "retired", "12971"),
    model(4, "An toàn thôn Đoài", "tu_quan", "under_review"),
  ];
  it("searches without diacritics or case, in Vietnamese order", () => {
    expect(filterModels(list, { q: "thon dong", type: "", status: "" }).map((m) => m.id)).toEqual([1]);
    expect(filterModels(list, { q: "HOA GIAI", type: "", status: "" }).map((m) => m.id)).toEqual([3]);
    expect(filterModels(list, { q: "doi", type: "", status: "" }).map((m) => m.id)).toEqual([3]);
    expect(filterModels(list, { q: "12971", type: "", status: "" }).map((m) => m.id)).toEqual([3]);
    // "An" < "Camera" < "Đội" (đ after d) < "Tự"
    expect(filterModels(list, { q: "", type: "", status: "" }).map((m) => m.id)).toEqual([4, 2, 3, 1]);
  });
  it("filters by type and status", () => {
    expect(filterModels(list, { q: "", type: "tu_quan", status: "" }).map((m) => m.id)).toEqual([4, 1]);
    expect(filterModels(list, { q: "", type: "tu_quan", status: "under_review" }).map((m) => m.id)).toEqual([4]);
    expect(filterModels(list, { q: "thon", type: "camera", status: "retired" })).toEqual([]);
  });
});

describe("chart bars", () => {
  it("keep the given axis, zeros included, then the rest biggest first", () => {
    expect(bars({ active: 2, custom: 1, retired: 3 }, ["proposed", "active"])).toEqual([
      { key: "proposed", value: 0 },
      { key: "active", value: 2 },
      { key: "retired", value: 3 },
      { key: "custom", value: 1 },
    ]);
  });
});

describe("report builder", () => {
  it("tells a missing report engine from a refused request", () => {
    expect(reportsUnavailable(new ApiError(404, "not_found", "no such route"))).toBe(true);
    expect(reportsUnavailable(new ApiError(503, "unavailable", "reports are not enabled"))).toBe(true);
    expect(reportsUnavailable(new ApiError(404, "not_found", "no unit '99'"))).toBe(false);
    expect(reportsUnavailable(new ApiError(400, "invalid_argument", "bad period"))).toBe(false);
    expect(reportsUnavailable(new Error("x"))).toBe(false);
  });
});
