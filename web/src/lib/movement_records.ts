// The movement records the newer screens read (issue 7, part 3: docs/ref/api.md, "Movement"):
// mediation cases, dated camera links, people with their posts, the unit import's dry run,
// and the client logic those screens share, kept here so vitest can check it.
import type { Model } from "./movement";
import { compareVi } from "./text";

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

export interface ImportChange {
  line: number;
  code: string;
  action: string;
  detail: string;
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
const ACTION_ORDER = ["create", "rename", "move", "change", "correct", "retire", "link", "unchanged"];

export function importSummary(r: ImportReport): { action: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const c of r.changes) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  const rank = (a: string) => (ACTION_ORDER.indexOf(a) < 0 ? ACTION_ORDER.length : ACTION_ORDER.indexOf(a));
  return [...counts.entries()]
    .map(([action, count]) => ({ action, count }))
    .sort((a, b) => rank(a.action) - rank(b.action) || a.action.localeCompare(b.action));
}

// The changes worth showing: "unchanged" rows are only counted.
export function importRows(r: ImportReport): ImportChange[] {
  return r.changes.filter((c) => c.action !== "unchanged").sort((a, b) => a.line - b.line);
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
