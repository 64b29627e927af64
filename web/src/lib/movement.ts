// The movement's records as the console reads them (docs/ref/api.md, "Movement records"),
// and the client logic its screens share: the evaluation score preview (the server's own
// rounding), periods for charts, model filtering with Vietnamese folding, chart bars, and
// the report builder's reading of the reports API.
import { ApiError } from "./api";
import { compareVi, matches } from "./text";

export type ModelStatus = "proposed" | "launched" | "active" | "under_review" | "replicated" | "retired";
export const MODEL_STATUSES: ModelStatus[] = ["proposed", "launched", "active", "under_review", "replicated", "retired"];
export type EvalClass = "tot" | "kha" | "trung_binh" | "yeu";
export const EVAL_CLASSES: EvalClass[] = ["tot", "kha", "trung_binh", "yeu"];

export interface Unit {
  code: string;
  name: string;
  level: "province" | "district" | "commune" | "village";
  parent_code: string;
  valid_from: string;
  valid_to: string;
}

export interface UnitDetail {
  as_of: string;
  unit: Unit | null;
  resolves_to: string[];
  history: Unit[];
  links: { from_code: string; to_code: string; kind: string; effective: string }[];
}

export interface Model {
  id: number;
  name: string;
  type: string;
  unit_code: string;
  status: ModelStatus;
  status_vi: string;
  points: number;
  teams: number;
  goals: string;
  decision: { no: string; date: string; issuer: string };
  created_on: string;
  created_by: string;
}

export interface Evaluation {
  id: number;
  model_id: number;
  period: string;
  criteria_set_id: number;
  scores: Record<string, number>;
  score: number;
  class: EvalClass;
  class_vi: string;
  comments: string;
  evidence: string;
  by: string;
}

export interface Attachment {
  id: number;
  name: string;
  sha256: string;
  bytes: number;
  by: string;
}

export interface Activity {
  id: number;
  on_date: string;
  text: string;
  by: string;
}

export interface ModelDetail {
  model: Model;
  history: { from: string; to: ModelStatus; on_date: string; reason: string; decision_no: string; by: string }[];
  spawned: number[];
  activities: Activity[];
  evaluations: Evaluation[];
  next_statuses: ModelStatus[];
  attachments: Attachment[];
}

export interface ModelType {
  code: string;
  name: string;
  builtin: boolean;
}

export interface Criterion {
  key: string;
  name: string;
  weight: number;
}

export interface CriteriaSet {
  id: number;
  name: string;
  criteria: Criterion[];
  good_min: number;
  fair_min: number;
  average_min: number;
}

export interface Totals {
  models: number;
  points: number;
  teams: number;
  members: number;
  by_type: Record<string, number>;
  by_status: Record<string, number>;
  evaluations: Record<string, number>;
  mediation_handled: number; // cases closed from Rollup.from to as_of
  mediation_reconciled: number;
}

export interface Rollup {
  as_of: string;
  period: string;
  from: string;
  unit: Unit;
  totals: Totals;
  children: { unit: Unit; totals: Totals }[];
}

export interface FlaggedModel {
  model: Model;
  weak_periods: string[];
}

// GET /api/v1/models/{id}/evaluations/prefill (the reports engineer's route, issue 7).
export interface EvaluationPrefill {
  model_id: number;
  period: string;
  from: string;
  to: string;
  cameras: { camera_id: string; name: string; configured: boolean; working_pct: number; offline_now: boolean; events: number; case_exports: number }[];
  totals: { cameras: number; working_pct: number; working_cameras: number; offline_now: number; events: number; case_exports: number };
  evidence: string;
}

// POST /api/v1/reports and GET /api/v1/reports/{id} (the reports engineer's routes).
export interface ReportJob {
  id: string;
  state: "queued" | "running" | "done" | "failed" | "cancelled";
  percent: number;
  error: { code: string; message: string } | null;
  request: { unit: string; format: "xlsx" | "docx" | "pdf"; period: string; as_of: string; from: string; to: string; requested_by: string };
  file: { name: string; bytes: number; sha256: string; content_type: string } | null;
}

// --- evaluation score: the same arithmetic as src/movement/evaluations.cpp ---

// The weighted score in tenths, rounded half up (72.45 -> 725); null until every criterion
// has a score 0-100.
export function weightedScoreX10(set: CriteriaSet, scores: Record<string, number | undefined>): number | null {
  let weighted = 0;
  let weights = 0;
  for (const c of set.criteria) {
    const v = scores[c.key];
    if (v === undefined || !Number.isInteger(v) || v < 0 || v > 100) return null;
    weighted += v * c.weight;
    weights += c.weight;
  }
  if (weights === 0) return null;
  return Math.floor((weighted * 20 + weights) / (2 * weights));
}

export function classFor(set: CriteriaSet, scoreX10: number): EvalClass {
  if (scoreX10 >= set.good_min * 10) return "tot";
  if (scoreX10 >= set.fair_min * 10) return "kha";
  if (scoreX10 >= set.average_min * 10) return "trung_binh";
  return "yeu";
}

// --- periods: "2025-Q3", "2025-H1" (sơ kết), "2025-Y" (tổng kết) ---

export type PeriodKind = "Q" | "H" | "Y";

export function periodOf(kind: PeriodKind, date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === "Q") return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  if (kind === "H") return `${year}-H${month <= 6 ? 1 : 2}`;
  return `${year}-Y`;
}

// The `count` periods of one kind ending with the one holding `date`, oldest first.
export function periodsUpTo(kind: PeriodKind, date: string, count: number): string[] {
  const per = kind === "Q" ? 4 : kind === "H" ? 2 : 1;
  const first = periodOf(kind, date);
  let year = Number(first.slice(0, 4));
  let index = kind === "Y" ? 1 : Number(first.slice(6));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.unshift(kind === "Y" ? `${year}-Y` : `${year}-${kind}${index}`);
    index--;
    if (index < 1) {
      year--;
      index = per;
    }
  }
  return out;
}

// Today in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD: the server's "today".
export function vietnamToday(nowMs: number = Date.now()): string {
  return new Date(nowMs + 7 * 3600_000).toISOString().slice(0, 10);
}

// --- lists ---

export interface ModelFilter {
  q: string;
  type: string;
  status: string;
}

// The models matching a filter, in Vietnamese name order. The search ignores diacritics and
// case ("thon dong" finds "Thôn Đông") and looks at the name and the unit code.
export function filterModels(models: Model[], f: ModelFilter): Model[] {
  return models
    .filter((m) => (!f.type || m.type === f.type) && (!f.status || m.status === f.status) && matches(f.q, m.name, m.unit_code))
    .sort((a, b) => compareVi(a.name, b.name));
}

export interface Bar {
  key: string;
  value: number;
}

// Chart bars for a count map: every key of `order` (zero when absent, so the axis stays the
// same between units), then any other key, biggest first.
export function bars(counts: Record<string, number>, order: string[] = []): Bar[] {
  const out: Bar[] = order.map((k) => ({ key: k, value: counts[k] ?? 0 }));
  const rest = Object.entries(counts)
    .filter(([k]) => !order.includes(k))
    .sort((a, b) => b[1] - a[1] || compareVi(a[0], b[0]));
  for (const [k, v] of rest) out.push({ key: k, value: v });
  return out;
}

// --- the report builder against the reports API ---

// True when the server has no report engine (the route is missing or switched off), as
// opposed to a refusal of this request: the builder then says so instead of an error.
export function reportsUnavailable(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  if (e.status === 503 || e.status === 405 || e.status === 501) return true;
  return e.status === 404 && e.message === "no such route";
}

// How long to wait before asking about a job again: quick at first, then every 2 s.
export function pollDelayMs(attempt: number): number {
  return Math.min(2000, 300 * (attempt + 1));
}

export function jobFinished(job: ReportJob): boolean {
  return job.state === "done" || job.state === "failed" || job.state === "cancelled";
}
