// The movement records the newer screens read (issue 7, part 3: docs/ref/api.md, "Movement"):
// mediation cases, dated camera links, people with their posts, the unit import's dry run,
// and the client logic those screens share, kept here so vitest can check it.
import type { MessageKey } from "../i18n/vi";
import type { Model } from "./movement";
import { compareVi } from "./text";
import { formatDay } from "./time";

export type MediationOutcome = "pending" | "reconciled" | "not_reconciled" | "withdrawn" | "transferred";
export const MEDIATION_OUTCOMES: MediationOutcome[] = ["pending", "reconciled", "not_reconciled", "withdrawn", "transferred"];

export interface MediationCase {
  id: number;
  model_id: number;
  received_on: string;
  subject: string;
  outcome: MediationOutcome;
  closed_on: string;
  created_by: string;
  updated_by: string;
}

export interface CameraLink {
  camera_id: string;
  linked_from: string;
  linked_to: string;
}

export interface ModelCameras {
  model_id: number;
  camera_ids: string[];
  history: CameraLink[];
  choices: { id: string; name: string }[];
}

export interface Person {
  id: number;
  name: string;
  birth_year: number;
  gender: "" | "nam" | "nu" | "khac";
  unit_code: string;
  phone: string;
}

export type PositionKind =
  | "committee_head"
  | "committee_deputy"
  | "committee_member"
  | "model_leader"
  | "model_member"
  | "security_team_member";
export const POSITION_KINDS: PositionKind[] = [
  "committee_head",
  "committee_deputy",
  "committee_member",
  "model_leader",
  "model_member",
  "security_team_member",
];

export interface Position {
  id: number;
  person_id: number;
  kind: PositionKind;
  unit_code: string;
  model_id: number | null;
  start_date: string;
  end_date: string;
}

export type ImportAction = "create" | "rename" | "move" | "correct" | "retire" | "link" | "unchanged";

// One line's effect. `detail` is the server's English; the console words the facts itself
// (describeImportChange in components/movement_unit_import.tsx). Fields that do not apply
// to the action are "".
export interface ImportChange {
  line: number;
  code: string;
  action: ImportAction;
  detail: string;
  name: string;
  old_name: string;
  level: string;
  parent: string;
  old_parent: string;
  effective: string;
  other: string;
  link_kind: "" | "merge" | "split" | "succession";
}

export interface ImportReport {
  applied: boolean;
  rows: number;
  changes: ImportChange[];
}

// --- mediation ---

// "2 / 3 (66,7%)": how many of the cases handled were reconciled, the Vietnamese way; "–"
// when none was handled (not 0%: nothing to judge).
export function reconciledShare(handled: number, reconciled: number): string {
  if (handled <= 0) return "–";
  const pct = ((100 * reconciled) / handled).toFixed(1).replace(".", ",");
  return `${reconciled} / ${handled} (${pct}%)`;
}

// The body of a case's change: an outcome other than "pending" goes with its date; "pending"
// reopens it (the server clears the date). Null when the form is incomplete.
export function closeBody(outcome: MediationOutcome, closedOn: string): Record<string, string> | null {
  if (outcome === "pending") return { outcome };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(closedOn)) return null;
  return { outcome, closed_on: closedOn };
}

// --- camera links ---

export interface CameraChoice {
  id: string;
  name: string;
  linked: boolean;
  visible: boolean; // among the cameras the caller may see; a linked one that is not stays listed
}

// The cameras to pick from: every camera the caller sees, plus any linked id they do not
// (removed from the config, or another area's), so saving never drops it silently; linked
// first, then by name.
export function cameraChoices(visible: { id: string; name: string }[], linked: string[]): CameraChoice[] {
  const out: CameraChoice[] = visible.map((c) => ({ id: c.id, name: c.name, linked: linked.includes(c.id), visible: true }));
  for (const id of linked) {
    if (!visible.some((c) => c.id === id)) out.push({ id, name: id, linked: true, visible: false });
  }
  return out.sort((a, b) => Number(b.linked) - Number(a.linked) || compareVi(a.name, b.name));
}

// --- people ---

// A post held on `date` (end dates are exclusive; "" while serving).
export function serving(p: Position, date: string): boolean {
  return p.start_date <= date && (p.end_date === "" || p.end_date > date);
}

// The posts that belong to a model (its leader, its members) and so name one.
export function isModelPost(kind: PositionKind): boolean {
  return kind === "model_leader" || kind === "model_member";
}

export interface PostDraft {
  kind: PositionKind;
  model_id: string; // the picked model's id, "" until one is picked
  start_date: string; // YYYY-MM-DD, as <input type="date"> gives it
  end_date: string; // "" while serving
}

// The body of POST /api/v1/people/{id}/positions: an end date only when given, a model only
// for a model post (0 when none is picked, so the server names the missing field).
export function postBody(d: PostDraft): Record<string, string | number> {
  const body: Record<string, string | number> = { kind: d.kind, start_date: d.start_date };
  if (d.end_date) body.end_date = d.end_date;
  if (isModelPost(d.kind)) body.model_id = Number(d.model_id) || 0;
  return body;
}

export interface ModelChoice {
  id: number;
  label: string; // "Tổ hòa giải thôn Đông Cao — Thôn Đông Cao": the name, then its unit
}

// The models a new post can name, out of those the caller sees: not retired (nobody joins
// one), the person's own unit's first, then in Vietnamese name order; each with its unit's
// name where the console knows it, else its code.
export function modelChoices(models: Model[], units: { code: string; name: string }[], personUnit: string): ModelChoice[] {
  const unitName = (code: string) => units.find((u) => u.code === code)?.name ?? code;
  return models
    .filter((m) => m.status !== "retired")
    .sort((a, b) => Number(b.unit_code === personUnit) - Number(a.unit_code === personUnit) || compareVi(a.name, b.name))
    .map((m) => ({ id: m.id, label: `${m.name} — ${unitName(m.unit_code)}` }));
}

// A post's model as the list shows it: its name, or "#id" for one the caller cannot see (or
// before the list has loaded).
export function postModelName(id: number, models: Model[]): string {
  return models.find((m) => m.id === id)?.name ?? `#${id}`;
}

// --- the unit import's dry run ---

// Changes by action, in the order an operator reads them: what is new, what changes, what
// ends, what is linked; "unchanged" last.
const ACTION_ORDER: ImportAction[] = ["create", "rename", "move", "correct", "retire", "link", "unchanged"];

export function importSummary(r: ImportReport): { action: ImportAction; count: number }[] {
  const counts = new Map<ImportAction, number>();
  for (const c of r.changes) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  const rank = (a: ImportAction) => (ACTION_ORDER.indexOf(a) < 0 ? ACTION_ORDER.length : ACTION_ORDER.indexOf(a));
  return [...counts.entries()]
    .map(([action, count]) => ({ action, count }))
    .sort((a, b) => rank(a.action) - rank(b.action) || a.action.localeCompare(b.action));
}

// The changes worth showing: "unchanged" rows are only counted.
export function importRows(r: ImportReport): ImportChange[] {
  return r.changes.filter((c) => c.action !== "unchanged").sort((a, b) => a.line - b.line);
}

// The i18n `t`, passed in so this file stays free of the catalogue's state.
export type Say = (key: MessageKey, vars?: Record<string, string | number>) => string;

const ACTION_LABEL: Record<ImportAction, MessageKey> = {
  create: "mvx.imp.act.create",
  rename: "mvx.imp.act.rename",
  move: "mvx.imp.act.move",
  correct: "mvx.imp.act.correct",
  retire: "mvx.imp.act.retire",
  link: "mvx.imp.act.link",
  unchanged: "mvx.imp.act.unchanged",
};
const LEVEL_LABEL: Record<string, MessageKey> = {
  province: "mv.level.province",
  district: "mv.level.district",
  commune: "mv.level.commune",
  village: "mv.level.village",
};
const LINK_LABEL: Record<string, MessageKey> = {
  merge: "mvx.imp.link.merge",
  split: "mvx.imp.link.split",
  succession: "mvx.imp.link.succession",
};

export function importActionLabel(action: string, say: Say): string {
  const key = ACTION_LABEL[action as ImportAction];
  return key ? say(key) : action;
}

// A change in the console's language and date format, from the facts the server sends
// ("Xã Tiền Hải (xã/phường), thuộc 33, từ 01/07/2025"); the server's English `detail` for
// an action this console does not know.
export function describeImportChange(c: ImportChange, say: Say): string {
  const parts: string[] = [];
  const from = c.effective ? say("mvx.imp.d.from", { date: formatDay(c.effective) }) : "";
  switch (c.action) {
    case "create":
      parts.push(say("mvx.imp.d.create", { name: c.name, level: LEVEL_LABEL[c.level] ? say(LEVEL_LABEL[c.level]) : c.level }));
      if (c.parent) parts.push(say("mvx.imp.d.under", { parent: c.parent }));
      if (from) parts.push(from);
      break;
    case "rename":
    case "move":
    case "correct":
      if (c.action === "correct") parts.push(say("mvx.imp.d.correct"));
      if (c.name || c.old_name) parts.push(say("mvx.imp.d.name", { from: c.old_name, to: c.name }));
      if (c.parent || c.old_parent) parts.push(say("mvx.imp.d.parent", { from: c.old_parent, to: c.parent }));
      if (from) parts.push(from);
      break;
    case "retire":
      parts.push(say("mvx.imp.d.ends", { date: formatDay(c.effective) }));
      if (c.other) parts.push(say("mvx.imp.d.successor", { other: c.other }));
      break;
    case "link":
      parts.push(say("mvx.imp.d.link", { kind: LINK_LABEL[c.link_kind] ? say(LINK_LABEL[c.link_kind]) : c.link_kind, other: c.other, code: c.code }));
      if (from) parts.push(from);
      break;
    default:
      return c.detail;
  }
  return parts.join(", ");
}

// --- criteria sets ---

export interface CriterionDraft {
  key: string;
  name: string;
  weight: string;
}

// The criteria as the API takes them, or the first problem (a message key and the row):
// keys a-z/0-9/_ and unique, names given, weights positive integers.
export function criteriaFromDraft(
  rows: CriterionDraft[],
): { ok: true; criteria: { key: string; name: string; weight: number }[] } | { ok: false; problem: string; row: number } {
  const seen = new Set<string>();
  const criteria: { key: string; name: string; weight: number }[] = [];
  if (rows.length === 0) return { ok: false, problem: "mvx.crit.none", row: -1 };
  for (let i = 0; i < rows.length; i++) {
    const key = rows[i].key.trim();
    const name = rows[i].name.trim();
    const weight = Number(rows[i].weight);
    if (!/^[a-z0-9_]{1,32}$/.test(key) || seen.has(key)) return { ok: false, problem: "mvx.crit.badKey", row: i };
    if (!name) return { ok: false, problem: "mvx.crit.badName", row: i };
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) return { ok: false, problem: "mvx.crit.badWeight", row: i };
    seen.add(key);
    criteria.push({ key, name, weight });
  }
  return { ok: true, criteria };
}
