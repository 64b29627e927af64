// The administrative units as they stood on a date (provinces → communes → villages; before
// 01/07/2025 also districts), opened level by level, and one unit's history: its versions
// (renames), the links that merged or split it, and what it became.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { vietnamToday, type Unit, type UnitDetail } from "../lib/movement";
import { formatDay } from "../lib/time";
import { Link } from "../components/movement_link";
import { UnitImport } from "../components/movement_unit_import";
import { t } from "../i18n";

function Branch(props: { parent: string; asOf: string; onPick: (u: Unit) => void; picked: string }) {
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  useEffect(() => {
    const p = new URLSearchParams({ as_of: props.asOf });
    if (props.parent) p.set("parent", props.parent);
    api<{ units: Unit[] }>("GET", `/api/v1/units?${p}`).then((r) => setUnits(r.units), () => setUnits([]));
  }, [props.parent, props.asOf]);
  if (!units) return <p class="loading">{t("common.loading")}</p>;
  return (
    <ul class="mv-tree">
      {units.map((u) => (
        <li data-unit={u.code}>
          {u.level !== "village" && (
            <button class="twisty" aria-expanded={open.has(u.code)} onClick={() => {
              const next = new Set(open);
              if (next.has(u.code)) next.delete(u.code);
              else next.add(u.code);
              setOpen(next);
            }}>{open.has(u.code) ? "▾" : "▸"}</button>
          )}
          <a href="#" class={props.picked === u.code ? "active" : ""} onClick={(e) => { e.preventDefault(); props.onPick(u); }}>
            {u.name}
          </a>{" "}
          <small class="muted">{u.code} · {t(`mv.level.${u.level}` as any)}</small>
          {open.has(u.code) && <Branch parent={u.code} asOf={props.asOf} onPick={props.onPick} picked={props.picked} />}
        </li>
      ))}
      {units.length === 0 && <li class="muted">{t("common.none")}</li>}
    </ul>
  );
}

export function MovementUnits(props: { canManage?: boolean }) {
  const [asOf, setAsOf] = useState(vietnamToday());
  const [picked, setPicked] = useState<UnitDetail | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const [generation, setGeneration] = useState(0); // bumped after an import, to reload the tree

  useEffect(() => {
    if (!code) return;
    setError("");
    api<UnitDetail>("GET", `/api/v1/units/${encodeURIComponent(code)}?as_of=${asOf}`).then(setPicked, (e) => setError((e as Error).message));
  }, [code, asOf]);

  return (
    <div class="mv-units">
      <h1>{t("mv.units.title")}</h1>
      <form class="card form-grid" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("mv.asOf")}
          <input type="date" name="as_of" value={asOf} onChange={(e) => setAsOf((e.target as HTMLInputElement).value || vietnamToday())} />
        </label>
      </form>
      <div class="mv-split">
        <div class="card">
          <Branch key={generation} parent="" asOf={asOf} onPick={(u) => setCode(u.code)} picked={code} />
        </div>
        {error && <p class="error">{error}</p>}
        {picked && (
          <div class="card" data-testid="mv-unit-detail">
            <h2>{picked.unit?.name ?? code} <small class="muted">{code}</small></h2>
            {!picked.unit && <p class="warn">{t("mv.units.gone", { date: formatDay(asOf) })}</p>}
            {picked.resolves_to.length > 0 && picked.resolves_to.join(",") !== code && (
              <p>{t("mv.units.becomes")}: {picked.resolves_to.map((c) => <a href="#" onClick={(e) => { e.preventDefault(); setCode(c); }}>{c} </a>)}</p>
            )}
            <h3>{t("mv.units.versions")}</h3>
            <ul>
              {picked.history.map((v) => (
                <li>{formatDay(v.valid_from)} – {formatDay(v.valid_to) || t("mv.units.now")}: {v.name} <small class="muted">({t(`mv.level.${v.level}` as any)}, {v.parent_code || "—"})</small></li>
              ))}
            </ul>
            {picked.links.length > 0 && (
              <>
                <h3>{t("mv.units.links")}</h3>
                <ul data-testid="mv-unit-links">
                  {picked.links.map((l) => (
                    <li>{formatDay(l.effective)}: {t(`mv.link.${l.kind}` as any)} {l.from_code} → <a href="#" onClick={(e) => { e.preventDefault(); setCode(l.to_code === code ? l.from_code : l.to_code); }}>{l.to_code}</a></li>
                  ))}
                </ul>
              </>
            )}
            <p>
              <Link href={`/movement/models?unit=${encodeURIComponent(code)}`}>{t("mv.units.models")}</Link>{" · "}
              <Link href={`/movement/flagged?unit=${encodeURIComponent(code)}`}>{t("mv.kpi.flagged")}</Link>
            </p>
          </div>
        )}
      </div>
      {props.canManage && <UnitImport onApplied={() => setGeneration(generation + 1)} />}
    </div>
  );
}
