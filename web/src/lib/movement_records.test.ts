import { describe, expect, it } from "vitest";
import {
  cameraChoices,
  closeBody,
  criteriaFromDraft,
  describeImportChange,
  importActionLabel,
  importRows,
  importSummary,
  isModelPost,
  modelChoices,
  postBody,
  postModelName,
  reconciledShare,
  serving,
  type ImportChange,
  type ImportReport,
  type Position,
} from "./movement_records";
import type { Model } from "./movement";
import { t } from "../i18n";

describe("mediation figures", () => {
  it("shows the reconciled share with a decimal comma, and a dash with nothing handled", () => {
    expect(reconciledShare(3, 2)).toBe("2 / 3 (66,7%)");
    expect(reconciledShare(4, 4)).toBe("4 / 4 (100,0%)");
    expect(reconciledShare(0, 0)).toBe("–");
  });
  it("closes a case only with its date, and reopens without one", () => {
    expect(closeBody("reconciled", "2025-09-20")).toEqual({ outcome: "reconciled", closed_on: "2025-09-20" });
    expect(closeBody("withdrawn", "")).toBeNull();
    expect(closeBody("withdrawn", "20/09/2025")).toBeNull();
    expect(closeBody("pending", "2025-09-20")).toEqual({ outcome: "pending" });
  });
});

describe("camera choices", () => {
  it("keeps a linked camera the caller cannot see, linked first then in Vietnamese order", () => {
    const out = cameraChoices(
      [
        { id: "truong", name: "Trường học" },
        { id: "cho", name: "Chợ xã" },
        { id: "cong", name: "Cổng UBND" },
      ],
      ["truong", "da-go"],
    );
    expect(out.map((c) => c.id)).toEqual(["da-go", "truong", "cho", "cong"]);
    expect(out.find((c) => c.id === "da-go")).toMatchObject({ linked: true, visible: false });
    expect(out.find((c) => c.id === "cho")).toMatchObject({ linked: false, visible: true });
  });
});

describe("posts", () => {
  const p: Position = { id: 1, person_id: 1, kind: "committee_head", unit_code: "12970", model_id: null, start_date: "2025-07-01", end_date: "2026-01-01" };
  it("serves from the start date up to, not including, the end date", () => {
    expect(serving(p, "2025-06-30")).toBe(false);
    expect(serving(p, "2025-07-01")).toBe(true);
    expect(serving(p, "2025-12-31")).toBe(true);
    expect(serving(p, "2026-01-01")).toBe(false);
    expect(serving({ ...p, end_date: "" }, "2030-01-01")).toBe(true);
  });
});

describe("a post's model", () => {
  const model = (id: number, name: string, unit_code: string, status: Model["status"] = "active"): Model => ({
    id, name, unit_code, status, type: "tu_quan", status_vi: "", points: 0, teams: 0, goals: "",
    decision: { no: "", date: "", issuer: "" }, created_on: "2025-01-01", created_by: "",
  });
  const models = [
    model(3, "Tổ tự quản Xóm Bắc", "12970.02"),
    model(7, "Camera giám sát ANTT", "12970.01"),
    model(9, "Tổ hòa giải thôn Đông Cao", "12970.01"),
    model(11, "Ấp an toàn", "12970.02", "retired"),
    model(12, "Đội xung kích", "12970.03", "proposed"),
  ];
  const units = [{ code: "12970.01", name: "Thôn Đông Cao" }, { code: "12970.02", name: "Xóm Bắc" }];

  it("offers the models not retired, the person's unit first, by name with the unit's name or code", () => {
    expect(modelChoices(models, units, "12970.01")).toEqual([
      { id: 7, label: "Camera giám sát ANTT — Thôn Đông Cao" },
      { id: 9, label: "Tổ hòa giải thôn Đông Cao — Thôn Đông Cao" },
      { id: 12, label: "Đội xung kích — 12970.03" },
      { id: 3, label: "Tổ tự quản Xóm Bắc — Xóm Bắc" },
    ]);
    expect(modelChoices(models, [], "99999").map((c) => c.id)).toEqual([7, 12, 9, 3]);
    expect(modelChoices([], units, "12970.01")).toEqual([]);
  });
  it("names a listed post's model, retired ones too, and falls back to its id", () => {
    expect(postModelName(9, models)).toBe("Tổ hòa giải thôn Đông Cao");
    expect(postModelName(11, models)).toBe("Ấp an toàn");
    expect(postModelName(42, models)).toBe("#42");
    expect(postModelName(9, [])).toBe("#9");
  });
  it("sends the body the positions route takes: a model only for model posts, an end date only when given", () => {
    expect(isModelPost("model_leader") && isModelPost("model_member")).toBe(true);
    expect(isModelPost("security_team_member")).toBe(false);
    expect(postBody({ kind: "committee_member", model_id: "9", start_date: "2026-09-05", end_date: "" })).toEqual({
      kind: "committee_member",
      start_date: "2026-09-05",
    });
    expect(postBody({ kind: "model_member", model_id: "9", start_date: "2026-09-05", end_date: "2027-01-01" })).toEqual({
      kind: "model_member",
      start_date: "2026-09-05",
      end_date: "2027-01-01",
      model_id: 9,
    });
    // None picked: 0, so the server answers "a model post needs 'model_id'" naming the field.
    expect(postBody({ kind: "model_leader", model_id: "", start_date: "2026-09-05", end_date: "" })).toEqual({
      kind: "model_leader",
      start_date: "2026-09-05",
      model_id: 0,
    });
  });
});

describe("unit import dry run", () => {
  // A change as the server sends it: the facts that do not apply are "".
  const change = (c: Partial<ImportChange> & Pick<ImportChange, "line" | "code" | "action">): ImportChange => ({
    detail: "",
    name: "",
    old_name: "",
    level: "",
    parent: "",
    old_parent: "",
    effective: "",
    other: "",
    link_kind: "",
    ...c,
  });
  const report: ImportReport = {
    applied: false,
    rows: 4,
    changes: [
      change({ line: 4, code: "90001", action: "retire", effective: "2025-07-01", other: "12970" }),
      change({ line: 2, code: "33", action: "unchanged" }),
      change({ line: 4, code: "12970", action: "create", name: "Xã Tiền Hải", level: "commune", parent: "33", effective: "2025-07-01" }),
      change({ line: 4, code: "12970", action: "link", link_kind: "merge", other: "90001", effective: "2025-07-01" }),
      change({ line: 3, code: "12971", action: "create", name: "Xã Tây Thụy Anh", level: "commune", parent: "33", effective: "2025-07-01" }),
    ],
  };
  it("counts changes by action, new things first and unchanged last", () => {
    expect(importSummary(report)).toEqual([
      { action: "create", count: 2 },
      { action: "retire", count: 1 },
      { action: "link", count: 1 },
      { action: "unchanged", count: 1 },
    ]);
  });
  it("lists the changes by line without the unchanged rows", () => {
    expect(importRows(report).map((c) => `${c.line}:${c.action}`)).toEqual(["3:create", "4:retire", "4:create", "4:link"]);
  });
  it("words each change in Vietnamese with Vietnamese dates, not the server's English", () => {
    const rows = importRows(report);
    expect(rows.map((c) => importActionLabel(c.action, t))).toEqual(["Tạo mới", "Kết thúc", "Tạo mới", "Liên kết"]);
    expect(rows.map((c) => describeImportChange(c, t))).toEqual([
      "Xã Tây Thụy Anh (xã/phường), thuộc 33, từ 01/07/2025",
      "hết hiệu lực từ 01/07/2025, 12970 kế tục",
      "Xã Tiền Hải (xã/phường), thuộc 33, từ 01/07/2025",
      "sáp nhập: 90001 → 12970, từ 01/07/2025",
    ]);
    expect(describeImportChange(change({ line: 2, code: "90001.01", action: "rename", name: "Thôn Đông Cao", old_name: "Thôn Đông", effective: "2020-03-01" }), t)).toBe(
      "tên “Thôn Đông” → “Thôn Đông Cao”, từ 01/03/2020",
    );
    expect(describeImportChange(change({ line: 3, code: "90002.01", action: "move", parent: "90001", old_parent: "90002", effective: "2010-01-01" }), t)).toBe(
      "cấp trên 90002 → 90001, từ 01/01/2010",
    );
    expect(describeImportChange(change({ line: 4, code: "90001.02", action: "correct", name: "Thôn Tây Một", old_name: "Thôn Tây" }), t)).toBe(
      "sửa, không thêm phiên bản, tên “Thôn Tây” → “Thôn Tây Một”",
    );
    // An action this console does not know: the server's own words.
    expect(describeImportChange({ ...change({ line: 5, code: "1", action: "create" }), action: "split" as ImportChange["action"], detail: "as sent" }, t)).toBe("as sent");
    expect(importActionLabel("split", t)).toBe("split");
  });
});

describe("criteria set draft", () => {
  it("turns rows into criteria and names the first bad row", () => {
    expect(criteriaFromDraft([{ key: "hoat_dong", name: "Camera hoạt động", weight: "60" }, { key: "xu_ly", name: "Xử lý", weight: "40" }])).toEqual({
      ok: true,
      criteria: [
        { key: "hoat_dong", name: "Camera hoạt động", weight: 60 },
        { key: "xu_ly", name: "Xử lý", weight: 40 },
      ],
    });
    expect(criteriaFromDraft([])).toMatchObject({ ok: false, problem: "mvx.crit.none" });
    expect(criteriaFromDraft([{ key: "Sai", name: "x", weight: "1" }])).toMatchObject({ ok: false, row: 0, problem: "mvx.crit.badKey" });
    expect(criteriaFromDraft([{ key: "a", name: "x", weight: "1" }, { key: "a", name: "y", weight: "1" }])).toMatchObject({ ok: false, row: 1, problem: "mvx.crit.badKey" });
    expect(criteriaFromDraft([{ key: "a", name: " ", weight: "1" }])).toMatchObject({ ok: false, problem: "mvx.crit.badName" });
    expect(criteriaFromDraft([{ key: "a", name: "x", weight: "1.5" }])).toMatchObject({ ok: false, problem: "mvx.crit.badWeight" });
  });
});
