// Commendations and festivals as the console reads them (docs/ref/openapi.yaml, tag
// "awards"), and the small formatting rules their screens share.

export interface Recipient {
  kind: "person" | "unit" | "model" | "team";
  name: string;
  person_id?: number;
  model_id?: number;
  unit_code?: string;
  team_name?: string;
}

export interface Award {
  id: number;
  form_code: string;
  recipient: Recipient;
  proposing_unit: string;
  achievement: string;
  period: string;
  proposed_on: string;
  status: "proposed" | "reviewed" | "rejected" | "decided" | "handed_over" | "revoked";
  status_name: string;
  counts: boolean;
  eligibility: { verdict: string; circular: string; basis: string; leader_days: number; team_days: number } | null;
  decision: { number: string; date: string; signer: string; issuing_body: string } | null;
  handed_on: string | null;
  festival_id: number | null;
  revocation: { on_date: string; reason: string; decision_no: string } | null;
  steps?: { status: string; on_date: string; note: string; by: string }[];
}

export interface AwardForm {
  code: string;
  name: string;
  issuer: string;
  recipients: "person" | "collective" | "both";
  medal: boolean;
}

export interface Figures {
  festivals: number;
  points: number;
  points_by_kind: Record<string, number>;
  participants: number;
  models_launched: number;
  awards_handed_over: number;
  awards_by_form: Record<string, number>;
  gifts: number;
  gifts_value_vnd: number;
  photos: number;
}

export interface Festival {
  id: number;
  unit_code: string;
  year: number;
  held_on: string;
  programme: string;
  participants: number;
  guests: string;
  points: { kind: string; name: string }[];
  gifts: { recipient: string; description: string; value_vnd: number }[];
  models: number[];
  photos?: { id: number; name: string; mime: string; bytes: number }[];
}

// The steps each status allows (the server decides; this only picks the buttons).
export const NEXT_STEPS: Record<Award["status"], Award["status"][]> = {
  proposed: ["reviewed", "rejected"],
  reviewed: ["decided", "rejected"],
  decided: ["handed_over", "revoked"],
  handed_over: ["revoked"],
  rejected: [],
  revoked: [],
};

// 1500000 -> "1.500.000 đ" (Vietnamese groups thousands with dots).
export function vnd(value: number): string {
  const digits = Math.round(value).toString();
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " đ";
}

// Today in Vietnam, the server's default date: the movement's one definition.
export { vietnamToday } from "./movement";

export type DossierKind = "to-trinh" | "trich-ngang";

// The formats each dossier document is made in (the server refuses others): a letter is
// prose, so there is no spreadsheet of it; the list is a table in all three.
export function dossierFormats(kind: DossierKind): Array<"docx" | "pdf" | "xlsx"> {
  return kind === "to-trinh" ? ["docx", "pdf"] : ["xlsx", "docx", "pdf"];
}
