// The zone, mask and line editor (docs/design/0016-camera-admin.md): shapes drawn as an SVG
// overlay on a live snapshot, in normalised coordinates (cameras_geometry.ts), so what is
// drawn is exactly what the server's analysis tests. Click to add points, drag a point to
// move it, "finish" to close a polygon; a line takes two points and shows, for each
// crossing rule on it, an arrow toward the side that counts.
import { useEffect, useRef, useState } from "preact/hooks";
import { directionArrow, movePoint, nearestPoint, normalise, svgPoints, type Pt } from "../lib/cameras_geometry";
import { t } from "../i18n";

export interface Shape {
  id?: string;
  points: Pt[];
}
export interface RuleDoc {
  id: string;
  kind: "enter" | "dwell" | "cross";
  zone?: string;
  line?: string;
  classes?: string[];
  dwell_s?: number;
  direction?: "left" | "right" | "any";
  schedule?: string;
  min_confidence?: number;
}
export interface AnalyticsDoc {
  enabled?: boolean;
  detector?: string;
  decode?: string;
  stream?: string;
  zones?: Shape[];
  masks?: Shape[];
  privacy_masks?: Shape[];
  lines?: Shape[];
  rules?: RuleDoc[];
  [key: string]: unknown;
}

export type Layer = "zones" | "masks" | "privacy_masks" | "lines";
const LAYERS: Layer[] = ["zones", "masks", "privacy_masks", "lines"];
const COLOURS: Record<Layer, string> = { zones: "#22c55e", masks: "#f59e0b", privacy_masks: "#111827", lines: "#3b82f6" };
const CLASSES = ["person", "vehicle", "car", "motorbike", "truck", "bicycle", "object"];

function nextId(prefix: string, taken: string[]): string {
  for (let i = 1; ; i++) if (!taken.includes(`${prefix}-${i}`)) return `${prefix}-${i}`;
}

export function CamerasEditor(props: { snapshot: string | null; value: AnalyticsDoc; onChange: (a: AnalyticsDoc) => void; readOnly?: boolean }) {
  const { value, onChange, readOnly } = props;
  const [layer, setLayer] = useState<Layer>("zones");
  const [draft, setDraft] = useState<Pt[]>([]);
  const [drag, setDrag] = useState<{ layer: Layer; shape: number; point: number } | null>(null);
  // A camera saved a moment ago has no keyframe yet: the snapshot is asked again until one
  // comes (fetched, since the API refuses cache-busting parameters it does not know).
  const [picture, setPicture] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let url: string | null = null;
    const load = async (attempt: number) => {
      if (!props.snapshot || cancelled) return;
      try {
        const r = await fetch(props.snapshot, { credentials: "same-origin", cache: "no-store" });
        if (r.ok) {
          url = URL.createObjectURL(await r.blob());
          if (!cancelled) setPicture(url);
          return;
        }
      } catch {
        /* retried below */
      }
      if (attempt < 20) setTimeout(() => load(attempt + 1), 1500);
    };
    setPicture(null);
    load(0);
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [props.snapshot]);
  const svg = useRef<SVGSVGElement>(null);

  const shapes = (l: Layer): Shape[] => (value[l] as Shape[] | undefined) ?? [];
  const ids = () => [...shapes("zones"), ...shapes("lines")].map((s) => s.id ?? "");
  const rules = value.rules ?? [];
  const setRules = (r: RuleDoc[]) => onChange({ ...value, rules: r });
  const at = (e: PointerEvent): Pt => {
    const r = svg.current!.getBoundingClientRect();
    return normalise(e.clientX, e.clientY, r);
  };
  const aspect = () => {
    const r = svg.current?.getBoundingClientRect();
    return r && r.height > 0 ? r.width / r.height : 16 / 9;
  };

  const finish = (points: Pt[]) => {
    if (layer === "lines" ? points.length !== 2 : points.length < 3) return;
    const shape: Shape = { points };
    if (layer === "zones") shape.id = nextId("vung", ids());
    if (layer === "lines") shape.id = nextId("duong", ids());
    onChange({ ...value, [layer]: [...shapes(layer), shape] });
    setDraft([]);
  };

  const down = (e: PointerEvent) => {
    if (readOnly) return;
    const p = at(e);
    // A point of an existing shape near the pointer is picked up; otherwise a new point.
    for (const l of LAYERS) {
      const list = shapes(l);
      for (let s = 0; s < list.length; s++) {
        const i = nearestPoint(list[s].points, p, 0.025, aspect());
        if (i >= 0) {
          setDrag({ layer: l, shape: s, point: i });
          (e.target as Element).setPointerCapture?.(e.pointerId);
          return;
        }
      }
    }
    const next = [...draft, p];
    if (layer === "lines" && next.length === 2) finish(next);
    else setDraft(next);
  };
  const move = (e: PointerEvent) => {
    if (!drag) return;
    const list = shapes(drag.layer).slice();
    list[drag.shape] = { ...list[drag.shape], points: movePoint(list[drag.shape].points, drag.point, at(e)) };
    onChange({ ...value, [drag.layer]: list });
  };
  const remove = (l: Layer, i: number) => {
    const gone = shapes(l)[i].id;
    onChange({
      ...value,
      [l]: shapes(l).filter((_, j) => j !== i),
      rules: gone ? rules.filter((r) => r.zone !== gone && r.line !== gone) : rules,
    });
  };

  const arrows = (line: Shape) =>
    rules
      .filter((r) => r.kind === "cross" && r.line === line.id)
      .flatMap((r) => (r.direction === "left" || r.direction === "right" ? [r.direction] : (["left", "right"] as const)))
      .map((d) => directionArrow(line.points[0], line.points[1], d));

  const setRule = (i: number, patch: Partial<RuleDoc>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const addRule = () => {
    const zone = shapes("zones")[0]?.id;
    const line = shapes("lines")[0]?.id;
    const rule: RuleDoc = zone
      ? { id: nextId("quy-tac", rules.map((r) => r.id)), kind: "enter", zone }
      : { id: nextId("quy-tac", rules.map((r) => r.id)), kind: "cross", line, direction: "any" };
    setRules([...rules, rule]);
  };
  const splitSchedule = (s?: string) => (s ?? "").split("-");

  return (
    <div class="cameras-editor" data-testid="zone-editor">
      {!readOnly && (
        <div class="toolbar" role="radiogroup">
          {LAYERS.map((l) => (
            <label class="inline">
              <input type="radio" name="layer" value={l} checked={layer === l} onChange={() => { setLayer(l); setDraft([]); }} /> {t(`cameras.layer.${l}` as any)}
            </label>
          ))}
          <button type="button" onClick={() => finish(draft)} disabled={layer === "lines" || draft.length < 3} data-testid="finish-shape">{t("cameras.finishShape")}</button>
          <button type="button" onClick={() => setDraft([])} disabled={draft.length === 0}>{t("cameras.cancelShape")}</button>
        </div>
      )}
      <p class="muted">{readOnly ? t("cameras.readOnlyShapes") : layer === "lines" ? t("cameras.hintLine") : t("cameras.hintPolygon")}</p>
      {layer === "privacy_masks" && <p class="warn">{t("cameras.privacyNote")}</p>}
      <div class="cameras-canvas">
        {picture ? (
          <img src={picture} alt={t("cameras.snapshot")} data-testid="zone-snapshot" />
        ) : (
          <div class="cameras-nosnap">{t("cameras.noSnapshot")}</div>
        )}
        <svg
          ref={svg}
          viewBox="0 0 1 1"
          preserveAspectRatio="none"
          data-testid="zone-canvas"
          onPointerDown={down as any}
          onPointerMove={move as any}
          onPointerUp={() => setDrag(null)}
        >
          <defs>
            <marker id="cam-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#ef4444" />
            </marker>
          </defs>
          {(["privacy_masks", "masks", "zones"] as Layer[]).map((l) =>
            shapes(l).map((s) => (
              <polygon points={svgPoints(s.points)} fill={COLOURS[l]} fill-opacity={l === "privacy_masks" ? 0.85 : 0.3} stroke={COLOURS[l]} stroke-width="0.004" data-shape={s.id ?? l} />
            )),
          )}
          {shapes("lines").map((s) => (
            <g data-shape={s.id}>
              <line x1={s.points[0][0]} y1={s.points[0][1]} x2={s.points[1][0]} y2={s.points[1][1]} stroke={COLOURS.lines} stroke-width="0.006" />
              {arrows(s).map((a) => (
                <line class="direction" x1={a.from[0]} y1={a.from[1]} x2={a.to[0]} y2={a.to[1]} stroke="#ef4444" stroke-width="0.005" marker-end="url(#cam-arrow)" />
              ))}
            </g>
          ))}
          {LAYERS.flatMap((l) => shapes(l).flatMap((s) => s.points.map(([x, y]) => <circle class="handle" cx={x} cy={y} r="0.01" fill="#fff" stroke={COLOURS[l]} stroke-width="0.003" />)))}
          {draft.length > 0 && <polyline points={svgPoints(draft)} fill="none" stroke="#ef4444" stroke-width="0.004" stroke-dasharray="0.01" />}
          {draft.map(([x, y]) => <circle cx={x} cy={y} r="0.008" fill="#ef4444" />)}
        </svg>
      </div>
      <ul class="cameras-shapes">
        {LAYERS.flatMap((l) =>
          shapes(l).map((s, i) => (
            <li>
              <span class="swatch" style={{ background: COLOURS[l] }} /> {t(`cameras.layer.${l}` as any)} {s.id ?? i + 1} ({s.points.length} {t("cameras.points")})
              {!readOnly && <button type="button" class="link" onClick={() => remove(l, i)}>{t("cameras.removeShape")}</button>}
            </li>
          )),
        )}
      </ul>
      <h3>{t("cameras.rules")}</h3>
      <table class="list cameras-rules">
        <thead>
          <tr><th>{t("cameras.ruleId")}</th><th>{t("cameras.ruleKind")}</th><th>{t("cameras.ruleTarget")}</th><th>{t("cameras.ruleClasses")}</th><th>{t("cameras.ruleDwell")}</th><th>{t("cameras.ruleDirection")}</th><th>{t("cameras.ruleSchedule")}</th><th></th></tr>
        </thead>
        <tbody>
          {rules.map((r, i) => {
            const targets = r.kind === "cross" ? shapes("lines") : shapes("zones");
            const [a, b] = splitSchedule(r.schedule);
            return (
              <tr data-rule={r.id}>
                <td><input value={r.id} size={10} disabled={readOnly} onInput={(e) => setRule(i, { id: (e.target as HTMLInputElement).value })} /></td>
                <td>
                  <select value={r.kind} disabled={readOnly} onChange={(e) => {
                    const kind = (e.target as HTMLSelectElement).value as RuleDoc["kind"];
                    setRule(i, kind === "cross" ? { kind, zone: undefined, line: shapes("lines")[0]?.id, direction: "any", dwell_s: undefined }
                      : { kind, line: undefined, direction: undefined, zone: r.zone ?? shapes("zones")[0]?.id, dwell_s: kind === "dwell" ? r.dwell_s ?? 30 : undefined });
                  }}>
                    {(["enter", "dwell", "cross"] as const).map((k) => <option value={k}>{t(`cameras.kind.${k}` as any)}</option>)}
                  </select>
                </td>
                <td>
                  <select value={(r.kind === "cross" ? r.line : r.zone) ?? ""} disabled={readOnly} onChange={(e) => setRule(i, r.kind === "cross" ? { line: (e.target as HTMLSelectElement).value } : { zone: (e.target as HTMLSelectElement).value })}>
                    {targets.map((s) => <option value={s.id}>{s.id}</option>)}
                  </select>
                </td>
                <td class="classes">
                  {CLASSES.map((c) => (
                    <label class="inline">
                      <input type="checkbox" disabled={readOnly} checked={(r.classes ?? []).includes(c)} onChange={(e) => {
                        const on = (e.target as HTMLInputElement).checked;
                        const list = (r.classes ?? []).filter((x) => x !== c);
                        setRule(i, { classes: on ? [...list, c] : list.length ? list : undefined });
                      }} /> {t(`cameras.class.${c}` as any)}
                    </label>
                  ))}
                </td>
                <td>{r.kind === "dwell" && <input type="number" min="1" value={r.dwell_s ?? 30} disabled={readOnly} onInput={(e) => setRule(i, { dwell_s: Number((e.target as HTMLInputElement).value) })} />}</td>
                <td>
                  {r.kind === "cross" && (
                    <select value={r.direction ?? "any"} disabled={readOnly} onChange={(e) => setRule(i, { direction: (e.target as HTMLSelectElement).value as RuleDoc["direction"] })}>
                      {(["any", "left", "right"] as const).map((d) => <option value={d}>{t(`cameras.direction.${d}` as any)}</option>)}
                    </select>
                  )}
                </td>
                <td class="schedule">
                  <input type="time" value={a ?? ""} disabled={readOnly} aria-label={t("cameras.scheduleFrom")} onInput={(e) => {
                    const v = (e.target as HTMLInputElement).value;
                    setRule(i, { schedule: v ? `${v}-${b || v}` : undefined });
                  }} />
                  <input type="time" value={b ?? ""} disabled={readOnly} aria-label={t("cameras.scheduleTo")} onInput={(e) => {
                    const v = (e.target as HTMLInputElement).value;
                    setRule(i, { schedule: a ? `${a}-${v || a}` : undefined });
                  }} />
                </td>
                <td>{!readOnly && <button type="button" class="link" onClick={() => setRules(rules.filter((_, j) => j !== i))}>{t("cameras.removeRule")}</button>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && (
        <button type="button" onClick={addRule} disabled={shapes("zones").length + shapes("lines").length === 0} data-testid="add-rule">{t("cameras.addRule")}</button>
      )}
      <p class="muted">{t("cameras.scheduleHint")}</p>
    </div>
  );
}
