// The one chart panel every lab draws its curves with: series styled by the shared palette (ERA solid
// blue, baselines dashed), optional min–max bands (seeds), horizontal references (H₀, a target), a
// shaded band ([ω_low, ω_high]), vertical markers (a live change "H₀ 0.6 → 1.2", a divergence), and
// CSV / JSON / PNG export (the PNG carries the title and the legend). Memoised: give it stable props.
// The plot is one canvas (canvasChart.ts): Recharts spent 40–100 ms of main thread per update
// re-rendering its SVG while a lab trained (npm run bench:long-tasks); a canvas redraw is far below that. The legend and every label
// (references, the band, markers) are HTML, so they are text for readers, tests and the PNG export.
// `lateFrames` still lets a lab's charts update in separate frames.
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFrameDelayed } from '../hooks/useFrameDelayed.ts';
import { INK, INK_MUTED, type SeriesStyle, TARGET_COLOR } from '../theme/palette.ts';
import { type ChartInput, chartLayout, drawChart, formatTick } from './canvasChart.ts';
import { useChartScale } from './chartScale.ts';
import { ExportButtons } from './ExportButtons.tsx';

export type ChartRow = Record<string, number | null | undefined>;

export interface ChartSeries {
  key: string;
  label: string;
  style: SeriesStyle;
  /** Draw the min–max band from these two row keys behind the line (e.g. across seeds). */
  band?: { low: string; high: string };
  /** false: no legend entry (e.g. one line per seed under its mean). */
  legend?: boolean;
}

export interface ChartReference {
  y: number;
  label: string;
  color?: string;
}

export interface ChartMarker {
  x: number;
  label: string;
  color?: string;
}

export interface TimeChartProps {
  title: string;
  testId: string;
  rows: readonly ChartRow[];
  series: readonly ChartSeries[];
  xKey?: string;
  /** A fixed x range (default: the data's first to last x). */
  xDomain?: readonly [number, number];
  /** Whole-number x ticks only (default true: steps); false for fractional axes. */
  xIntegers?: boolean;
  /** Draw the series as grouped bars (a histogram) instead of lines. */
  bars?: boolean;
  xLabel?: string;
  yLabel?: string;
  yDomain?: readonly [number | 'auto', number | 'auto'];
  references?: readonly ChartReference[];
  /** A shaded horizontal band, e.g. ERA's [ω_low, ω_high]. */
  band?: { from: number; to: number; label: string };
  markers?: readonly ChartMarker[];
  height?: number;
  /** Export file stem; no export buttons without it. */
  exportName?: string;
  /** Show the new rows this many animation frames late (0: at once). */
  lateFrames?: number;
  /** A short text under the title saying how to read the chart. */
  caption?: string;
}

const NONE: readonly never[] = [];
const AUTO: readonly ['auto', 'auto'] = ['auto', 'auto'];
const COLORS = { ink: INK, muted: INK_MUTED, grid: '#c8ced6', target: TARGET_COLOR };

/** The element's content width, followed as it resizes. */
function useWidth(el: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const node = el.current;
    if (!node) return;
    setWidth(Math.floor(node.getBoundingClientRect().width));
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width)));
    ro.observe(node);
    return () => ro.disconnect();
  }, [el]);
  return width;
}

function Swatch({ style, scale }: { style: SeriesStyle; scale: number }) {
  const w = Math.round(22 * scale);
  const h = Math.round(10 * scale);
  return (
    <svg width={w} height={h} aria-hidden="true" className="chart-swatch">
      <line x1={1} y1={h / 2} x2={w - 1} y2={h / 2} stroke={style.color} strokeWidth={Math.min(3, style.width) * scale} strokeDasharray={style.dash} />
    </svg>
  );
}

export const TimeChart = memo(function TimeChart(props: TimeChartProps) {
  const box = useRef<HTMLElement>(null);
  const area = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = useFrameDelayed(props.rows, props.lateFrames ?? 0);
  const scale = useChartScale();
  const width = useWidth(area);
  const [hover, setHover] = useState<number | null>(null);
  const { series, references = NONE, markers = NONE, band, xKey = 'step', yDomain = AUTO } = props;
  const fontSize = Math.round(12 * scale);
  // The x-axis title is a line of HTML under the canvas; the canvas gets the rest of the height.
  const xTitle = props.xLabel ? Math.round(fontSize * 1.4) + 2 : 0;
  const height = Math.round((props.height ?? 220) * (scale > 1 ? 1.25 : 1)) - xTitle;

  const input: ChartInput = useMemo(
    () => ({
      rows,
      series,
      xKey,
      xDomain: props.xDomain,
      xIntegers: props.xIntegers,
      bars: props.bars,
      yDomain,
      references,
      band,
      markers,
      width,
      height,
      scale,
      yLabel: !!props.yLabel,
    }),
    [rows, series, xKey, props.xDomain, props.xIntegers, props.bars, yDomain, references, band, markers, width, height, scale, props.yLabel],
  );
  const layout = useMemo(() => chartLayout(input), [input]);

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || width <= 0) return;
    const dpr = Math.max(1, window.devicePixelRatio || 1);
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (el.width !== w) el.width = w;
    if (el.height !== h) el.height = h;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawChart(ctx, input, layout, COLORS);
  }, [input, layout, width, height]);

  const legend = series.filter((s) => s.legend !== false);
  const { plot, px, py } = layout;
  const hoverRow = hover !== null ? rows[hover] : undefined;
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!rows.length) return;
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    let best = -1;
    let bestD = Infinity;
    rows.forEach((r, i) => {
      const v = r[xKey];
      if (typeof v !== 'number') return;
      const d = Math.abs(px(v) - x);
      if (d < bestD) [best, bestD] = [i, d];
    });
    setHover(best >= 0 ? best : null);
  };
  const label = (text: string, left: number, top: number, align: 'left' | 'right', key: string, size = fontSize) => (
    <span
      key={key}
      className="chart-label"
      style={{ left: align === 'left' ? left : undefined, right: align === 'right' ? width - left : undefined, top, fontSize: size }}
    >
      {text}
    </span>
  );

  return (
    <figure className="chart time-chart" data-testid={props.testId} data-points={rows.length} data-lines={layout.lines} ref={box}>
      <figcaption>
        <span className="chart-title">{props.title}</span>
        {props.exportName && <ExportButtons name={props.exportName} rows={rows} figure={box} />}
      </figcaption>
      {props.caption && <p className="chart-caption">{props.caption}</p>}
      {legend.length > 0 && (
        <ul className="chart-legend" style={{ fontSize }}>
          {legend.map((s) => (
            <li key={s.key} className="chart-legend-item">
              <Swatch style={s.style} scale={scale} />
              <span className="chart-legend-item-text">{s.label}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="chart-area" ref={area} style={{ height }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${props.title}: ${legend.map((s) => s.label).join(', ')}${props.xLabel ? ` against ${props.xLabel}` : ''}`}
          style={{ width: '100%', height }}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
        />
        {props.yLabel && (
          <span className="chart-axis-label chart-axis-y" style={{ fontSize, left: Math.round(fontSize * 0.7), top: plot.top + plot.height / 2 }}>
            {props.yLabel}
          </span>
        )}
        {band && label(band.label, plot.left + plot.width - 4, py(Math.max(band.from, band.to)) + 2, 'right', 'band')}
        {references.map((r) => label(r.label, plot.left + plot.width - 4, Math.max(0, py(r.y) - fontSize - 4), 'right', `ref:${r.label}`))}
        {layout.markers.map((m, i) => label(m.label, px(m.x) + 4, plot.top + 2, 'left', `mark:${i}:${m.x}`, Math.round(fontSize * 0.9)))}
        {hoverRow && (
          <div className="chart-tooltip" style={{ fontSize, left: Math.min(px(Number(hoverRow[xKey])) + 8, Math.max(0, width - 180)), top: plot.top }}>
            <div>
              {xKey} {formatTick(Number(hoverRow[xKey]))}
            </div>
            {legend.map((s) => {
              const v = hoverRow[s.key];
              if (typeof v !== 'number') return null;
              const b = s.band ? [hoverRow[s.band.low], hoverRow[s.band.high]] : null;
              return (
                <div key={s.key}>
                  {s.label}: {v.toPrecision(4)}
                  {b && typeof b[0] === 'number' && typeof b[1] === 'number' ? ` (${b[0].toPrecision(3)} – ${b[1].toPrecision(3)})` : ''}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {props.xLabel && (
        <div className="chart-axis-x" style={{ fontSize, height: xTitle, paddingLeft: plot.left, paddingRight: width - plot.left - plot.width }}>
          {props.xLabel}
        </div>
      )}
    </figure>
  );
});
