// The one chart panel every lab draws its curves with: series styled by the shared palette (ERA solid
// blue, baselines dashed), optional min–max bands (seeds), horizontal references (H₀, a target), a
// shaded band ([ω_low, ω_high]), vertical markers (a live change "H₀ 0.6 → 1.2", a divergence), and
// CSV / JSON / PNG export (the PNG carries the title and the legend). Memoised: give it stable props.
// A Recharts update costs milliseconds to tens of milliseconds of main thread, so `lateFrames` lets a
// lab's charts update in separate frames instead of one long task.
import { memo, useMemo, useRef } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFrameDelayed } from '../hooks/useFrameDelayed.ts';
import { INK, INK_MUTED, type SeriesStyle, TARGET_COLOR } from '../theme/palette.ts';
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
const MARGIN = { top: 8, right: 16, bottom: 18, left: 4 };
const X_DOMAIN = ['dataMin', 'dataMax'] as const;
const AUTO: readonly ['auto', 'auto'] = ['auto', 'auto'];

/** Axis numbers with at most 3 significant digits (2.48115 → 2.48). */
const formatTick = (v: number) => String(+v.toPrecision(3));

/** Legend labels in the body colour (a series colour as text would fail contrast); the swatch keeps it. */
const legendText = (value: string) => <span style={{ color: INK }}>{value}</span>;

export const TimeChart = memo(function TimeChart(props: TimeChartProps) {
  const box = useRef<HTMLElement>(null);
  const rows = useFrameDelayed(props.rows, props.lateFrames ?? 0);
  const scale = useChartScale();
  const { series, references = NONE, markers = NONE, band, xKey = 'step' } = props;
  const tick = useMemo(() => ({ fontSize: Math.round(12 * scale), fill: INK }), [scale]);
  const height = Math.round((props.height ?? 220) * (scale > 1 ? 1.25 : 1));

  // Everything but the data stays the same element while the props do: Recharts then only redraws.
  const children = useMemo(
    () => [
      <CartesianGrid key="grid" strokeDasharray="3 3" stroke="#c8ced6" />,
      <XAxis
        key="x"
        dataKey={xKey}
        type="number"
        domain={X_DOMAIN as unknown as [string, string]}
        allowDecimals={false}
        tick={tick}
        stroke={INK_MUTED}
        label={props.xLabel ? { value: props.xLabel, position: 'insideBottom', offset: -10, fontSize: tick.fontSize, fill: INK } : undefined}
      />,
      <YAxis
        key="y"
        width={Math.round(52 * scale)}
        tick={tick}
        tickFormatter={formatTick}
        stroke={INK_MUTED}
        domain={(props.yDomain ?? AUTO) as [number | 'auto', number | 'auto']}
        label={props.yLabel ? { value: props.yLabel, angle: -90, position: 'insideLeft', fontSize: tick.fontSize, fill: INK } : undefined}
      />,
      <Tooltip
        key="tip"
        formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : Array.isArray(v) ? v.map((x) => Number(x).toPrecision(3)).join(' – ') : String(v))}
      />,
      // No fixed height: Recharts measures the legend, so one that wraps onto two lines (long series names,
      // present mode's larger type) pushes the plot down instead of covering it.
      <Legend key="legend" verticalAlign="top" formatter={legendText} wrapperStyle={{ fontSize: tick.fontSize }} />,
      band ? (
        <ReferenceArea
          key="band"
          y1={band.from}
          y2={band.to}
          fill={TARGET_COLOR}
          fillOpacity={0.1}
          label={{ value: band.label, fontSize: tick.fontSize, fill: INK, position: 'insideTopRight' }}
          ifOverflow="extendDomain"
        />
      ) : null,
      ...references.map((r) => (
        <ReferenceLine
          key={`ref:${r.label}`}
          y={r.y}
          stroke={r.color ?? TARGET_COLOR}
          strokeWidth={1.5}
          strokeDasharray="4 3"
          label={{ value: r.label, fontSize: tick.fontSize, fill: INK, position: 'insideTopRight' }}
          ifOverflow="extendDomain"
        />
      )),
      ...markers.map((m, i) => (
        <ReferenceLine
          key={`mark:${i}:${m.x}`}
          x={m.x}
          stroke={m.color ?? INK_MUTED}
          strokeDasharray="2 2"
          label={{ value: m.label, fontSize: Math.round(tick.fontSize * 0.9), fill: INK, position: 'insideTopLeft', angle: 0 }}
        />
      )),
      ...series.flatMap((s) => [
        s.band ? (
          <Area
            key={`band:${s.key}`}
            dataKey={(r: ChartRow) => [r[s.band!.low] ?? null, r[s.band!.high] ?? null]}
            stroke="none"
            fill={s.style.color}
            fillOpacity={0.18}
            isAnimationActive={false}
            legendType="none"
            connectNulls
            name={`${s.label} (min–max)`}
          />
        ) : null,
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.label}
          stroke={s.style.color}
          strokeWidth={s.style.width * (scale > 1 ? 1.4 : 1)}
          strokeDasharray={s.style.dash}
          strokeOpacity={s.legend === false ? 0.55 : 1}
          legendType={s.legend === false ? 'none' : undefined}
          dot={false}
          isAnimationActive={false}
          connectNulls
        />,
      ]),
    ],
    [series, references, markers, band, xKey, tick, scale, props.xLabel, props.yLabel, props.yDomain],
  );

  return (
    <figure className="chart time-chart" data-testid={props.testId} data-points={rows.length} ref={box}>
      <figcaption>
        <span className="chart-title">{props.title}</span>
        {props.exportName && <ExportButtons name={props.exportName} rows={rows} figure={box} />}
      </figcaption>
      {props.caption && <p className="chart-caption">{props.caption}</p>}
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={rows as ChartRow[]} margin={MARGIN}>
          {children}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
});
