// Paired bars (before / after ERA) per index, e.g. class probabilities or per-dimension σ. Plain SVG, no chart
// library: the Explore page draws only these, and a chart library would more than double what it loads
// (Recharts is ~115 kB gzip; the page's budget is 250 kB). One <svg> holds the legend, axes and bars, so the
// PNG export (which rasterises the chart's svg) gets all of it. Its height is fixed, so nothing below moves;
// its width follows the box (measured before paint, and on every resize).
import { type CSSProperties, type RefObject, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { niceStep } from './canvasChart.ts';

export interface BarsProps {
  before: readonly number[];
  after: readonly number[];
  xLabel: string;
  yLabel: string;
  height?: number;
  testId?: string;
  /** Index label, e.g. (i) => `class ${i}`. */
  name?: (i: number) => string;
}

const BEFORE = '#9aa5b1';
const AFTER = '#d9480f';
const LEGEND_H = 24;
const RIGHT_PAD = 8;
const X_AXIS_H = 18;
const Y_AXIS_W = 44;
const TOP_PAD = 6;
/** At most this many x tick labels (the first and last always shown), as Recharts' preserveStartEnd does. */
const MAX_X_LABELS = 12;

const SERIES = [
  ['before ERA', BEFORE],
  ['after ERA', AFTER],
] as const;

/** Visually hidden but read by screen readers (the values as a table). */
const srOnly: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' };

/** Tick values 0-anchored at a 1, 2, 2.5 or 5 × 10ᵏ step, about four of them, covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 4): number[] {
  const min = Math.min(0, lo);
  const max = Math.max(0, hi);
  const span = max - min || 1;
  const step = niceStep(span / target);
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  while (ticks.length < 2 || ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(0) : String(Number(v.toPrecision(3)));
}

function useWidth<T extends Element>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.getBoundingClientRect().width);
    const ro = new ResizeObserver(([entry]) => setWidth(entry.contentRect.width));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function BeforeAfterBars({ before, after, xLabel, yLabel, height = 220, testId, name }: BarsProps) {
  const [box, width] = useWidth<HTMLElement>();
  const n = before.length;
  const label = (i: number) => (name ? name(i) : String(i));
  const ticks = useMemo(() => {
    const values = [...before, ...after].filter(Number.isFinite);
    return niceTicks(Math.min(0, ...values), Math.max(0, ...values));
  }, [before, after]);
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const plotTop = LEGEND_H + TOP_PAD;
  const plotBottom = height - X_AXIS_H;
  const y = (v: number) => plotTop + (1 - (v - lo) / (hi - lo || 1)) * (plotBottom - plotTop);
  const plotW = Math.max(0, width - Y_AXIS_W - RIGHT_PAD);
  const slot = plotW / Math.max(1, n);
  const x = (i: number) => Y_AXIS_W + slot * i;
  // Labels are centred under their slot (kept inside the svg). Every k-th one, k large enough that the widest label (about 6.5 px a character at 11 px) fits its slots.
  const widestLabel = Math.max(1, ...Array.from({ length: n }, (_, i) => label(i).length));
  const labelEvery = Math.max(1, Math.ceil(n / MAX_X_LABELS), Math.ceil((widestLabel * 6.5 + 8) / Math.max(1, slot)));
  const bar = (v: number, i: number, side: 0 | 1, fill: string) =>
    Number.isFinite(v) ? <rect x={x(i + 0.1 + side * 0.4)} width={slot * 0.4} y={y(Math.max(0, v))} height={Math.abs(y(v) - y(0))} fill={fill} /> : null;
  const title = `${yLabel} by ${xLabel}, before and after ERA`;
  return (
    <figure ref={box} className="chart" data-testid={testId} aria-label={title} style={{ position: 'relative', height }}>
      <svg width={width} height={height} aria-hidden="true" style={{ display: 'block', fontFamily: 'system-ui, sans-serif' }}>
        {SERIES.map(([text, color], k) => (
          <g key={text} transform={`translate(${width / 2 + (k === 0 ? -90 : 10)}, ${LEGEND_H / 2})`}>
            <rect x={0} y={-5} width={10} height={10} fill={color} />
            <text x={14} y={0} fontSize={12} dominantBaseline="middle" fill={color}>
              {text}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <g key={t}>
            <line x1={Y_AXIS_W} x2={Y_AXIS_W + plotW} y1={y(t)} y2={y(t)} stroke="#ccc" strokeDasharray={t === 0 ? undefined : '3 3'} />
            <text x={Y_AXIS_W - 6} y={y(t)} fontSize={11} textAnchor="end" dominantBaseline="middle" fill="#666">
              {formatTick(t)}
            </text>
          </g>
        ))}
        {width > 0 &&
          before.map((b, i) => (
            <g key={i}>
              <title>{`${label(i)}: before ${b.toPrecision(4)}, after ${after[i]?.toPrecision(4)}`}</title>
              {/* The whole slot answers hover with the values, as a chart tooltip would. */}
              <rect x={x(i)} width={slot} y={plotTop} height={plotBottom - plotTop} fill="transparent" />
              {bar(b, i, 0, BEFORE)}
              {bar(after[i], i, 1, AFTER)}
              {(i === n - 1 || (i % labelEvery === 0 && n - 1 - i >= labelEvery)) && (
                <text x={Math.min(x(i + 0.5), width - (label(i).length * 6.5) / 2)} y={plotBottom + 13} fontSize={11} textAnchor="middle" fill="#666">
                  {label(i)}
                </text>
              )}
            </g>
          ))}
      </svg>
      {/* The values for screen readers. A table box grows to fit its rows whatever its size says: the hiding goes on a wrapper. */}
      <div style={srOnly}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{xLabel}</th>
              <th scope="col">before ERA</th>
              <th scope="col">after ERA</th>
            </tr>
          </thead>
          <tbody>
            {before.map((b, i) => (
              <tr key={i}>
                <th scope="row">{label(i)}</th>
                <td>{b.toPrecision(4)}</td>
                <td>{after[i]?.toPrecision(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
