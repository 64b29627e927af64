// Diacritics-insensitive matching for Vietnamese (docs/design/0012-web-console.md):
// decompose (NFD), drop the combining marks, map đ/Đ to d (NFD does not decompose đ), and
// lower-case. Both tone placements ("hoà"/"hòa") fold to the same key.

export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

// True when every word of `query` occurs in one of `fields`, ignoring case and diacritics.
// An empty query matches everything.
export function matches(query: string, ...fields: (string | undefined | null)[]): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = fields.map((f) => fold(f ?? "")).join("\u0000");
  return words.every((w) => hay.includes(w));
}

// Vietnamese order for display (ICU's "vi" collation in the browser).
const collator = new Intl.Collator("vi");
export function compareVi(a: string, b: string): number {
  return collator.compare(a, b);
}
