import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { vi } from "./vi";
import { en } from "./en";

describe("message catalogues", () => {
  it("have the same keys and no empty message", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of [...Object.entries(vi), ...Object.entries(en)]) expect(v.trim(), k).not.toBe("");
  });
  it("fill the same placeholders in both languages", () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(",");
    for (const k of Object.keys(vi) as (keyof typeof vi)[]) expect(vars(en[k]), k).toBe(vars(vi[k]));
  });
  it("every t('key') in the sources exists", () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f) && !f.endsWith(".test.ts") && !p.includes("i18n")) files.push(p);
      }
    };
    walk(join(__dirname, ".."));
    let seen = 0;
    for (const f of files) {
      for (const m of readFileSync(f, "utf8").matchAll(/\bt\("([\w.]+)"/g)) {
        seen++;
        expect(m[1] in vi, `${f}: ${m[1]}`).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(50);
  });
});
