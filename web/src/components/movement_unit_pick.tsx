// A unit code box with suggestions: the provinces and the caller's own units (a village
// head's village, a committee's commune), by name. The server decides what the caller
// reaches; a code outside it answers 404 wherever it is used.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import type { Unit, UnitDetail } from "../lib/movement";
import { t } from "../i18n";

let cache: Promise<Unit[]> | null = null;

// Provinces and the units named by `areas`, loaded once per page.
export function suggestedUnits(areas: string[]): Promise<Unit[]> {
  if (!cache) {
    cache = (async () => {
      const out: Unit[] = [];
      for (const code of areas) {
        try {
          const d = await api<UnitDetail>("GET", `/api/v1/units/${encodeURIComponent(code)}`);
          if (d.unit) out.push(d.unit);
        } catch {
          /* an area that is not a unit code (a camera area): no suggestion */
        }
      }
      try {
        const r = await api<{ units: Unit[] }>("GET", "/api/v1/units");
        for (const u of r.units) if (!out.some((o) => o.code === u.code)) out.push(u);
      } catch {
        /* suggestions only */
      }
      return out;
    })();
    cache.catch(() => (cache = null));
  }
  return cache;
}

export function useDefaultUnit(areas: string[]): [string, (u: string) => void, Unit[]] {
  const [unit, setUnit] = useState("");
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    suggestedUnits(areas).then((u) => {
      setUnits(u);
      // The caller's own unit first: a village head's dashboard is their village's.
      setUnit((cur) => cur || areas[0] || u[0]?.code || "");
    });
  }, []);
  return [unit, setUnit, units];
}

export function UnitPick(props: { value: string; onChange: (code: string) => void; units: Unit[]; name?: string }) {
  const id = `units-${props.name ?? "unit"}`;
  return (
    <label>
      {t("mv.unit")}
      <input name={props.name ?? "unit"} list={id} value={props.value} placeholder={t("mv.unitHint")} onChange={(e) => props.onChange((e.target as HTMLInputElement).value.trim())} />
      <datalist id={id}>
        {props.units.map((u) => (
          <option value={u.code}>{u.name}</option>
        ))}
      </datalist>
    </label>
  );
}
