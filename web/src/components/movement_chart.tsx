// The movement dashboard's charts as plain SVG: two chart kinds (horizontal bars, stacked
// columns) are a few dozen lines, so no chart library is bundled (a commune PC on a slow
// link loads the console; Chart.js alone would triple its JavaScript). Colours come from
// classes in style.css (the CSP allows no inline styles); every bar carries its number as
// text, so the charts read without colour and in screenshots.
import type { Bar } from "../lib/movement";

export function BarChart(props: { bars: Bar[]; label: (key: string) => string; testid?: string; barClass?: (key: string) => string }) {
  const rowH = 26;
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const labelW = 230;
  const plotW = 240;
  // Long type names ("Tôn giáo đoàn kết bảo đảm an ninh, trật tự") are cut; the whole name is
  // the row's tooltip.
  const short = (s: string) => (s.length > 30 ? s.slice(0, 29) + "…" : s);
  const height = props.bars.length * rowH + 4;
  return (
    <svg class="mv-chart" viewBox={`0 0 ${labelW + plotW + 40} ${height}`} role="img" data-testid={props.testid}>
      {props.bars.map((b, i) => {
        const y = i * rowH + 2;
        const w = (b.value / max) * plotW;
        return (
          <g data-key={b.key} data-value={b.value}>
            <title>{`${props.label(b.key)}: ${b.value}`}</title>
            <text x={labelW - 6} y={y + rowH / 2 + 4} text-anchor="end" class="mv-chart-label">{short(props.label(b.key))}</text>
            <rect x={labelW} y={y + 3} width={Math.max(w, b.value > 0 ? 2 : 0)} height={rowH - 8} class={`mv-bar ${props.barClass?.(b.key) ?? ""}`} />
            <text x={labelW + w + 4} y={y + rowH / 2 + 4} class="mv-chart-value">{b.value}</text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Column {
  key: string; // "2025-Q3"
  parts: { key: string; value: number }[]; // stacked bottom-up
}

export function StackedColumns(props: { columns: Column[]; label: (part: string) => string; testid?: string }) {
  const colW = 68;
  const plotH = 150;
  const top = 14;
  const max = Math.max(1, ...props.columns.map((c) => c.parts.reduce((s, p) => s + p.value, 0)));
  const width = props.columns.length * colW + 20;
  const partKeys = props.columns[0]?.parts.map((p) => p.key) ?? [];
  return (
    <figure class="mv-stacked">
      <svg class="mv-chart" viewBox={`0 0 ${width} ${plotH + top + 24}`} role="img" data-testid={props.testid}>
        {props.columns.map((c, i) => {
          const x = 10 + i * colW;
          let y = top + plotH;
          const total = c.parts.reduce((s, p) => s + p.value, 0);
          return (
            <g data-key={c.key} data-total={total}>
              {c.parts.map((p) => {
                const h = (p.value / max) * plotH;
                y -= h;
                return h > 0 ? <rect x={x + 6} y={y} width={colW - 12} height={h} class={`mv-bar cls-${p.key}`} data-part={p.key} data-value={p.value}><title>{`${props.label(p.key)}: ${p.value}`}</title></rect> : null;
              })}
              <text x={x + colW / 2} y={y - 3} text-anchor="middle" class="mv-chart-value">{total}</text>
              <text x={x + colW / 2} y={top + plotH + 16} text-anchor="middle" class="mv-chart-label">{c.key}</text>
            </g>
          );
        })}
      </svg>
      <figcaption class="mv-legend">
        {partKeys.map((k) => (
          <span><i class={`mv-swatch cls-${k}`} /> {props.label(k)}</span>
        ))}
      </figcaption>
    </figure>
  );
}
