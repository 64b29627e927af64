// t("key", {name}) in the chosen language; Vietnamese unless the person picked English
// (kept in localStorage). Changing the language re-renders the app (App keys on it).
import { vi, type MessageKey } from "./vi";
import { en } from "./en";

export type Lang = "vi" | "en";
const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };

const STORAGE_KEY = "anninh.lang";
let current: Lang = (() => {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
})();

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* private mode: the choice lasts this page */
  }
  document.documentElement.lang = l;
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = catalogues[current][key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  }
  return s;
}

export function hasKey(key: string): key is MessageKey {
  return key in vi;
}

export { type MessageKey };
