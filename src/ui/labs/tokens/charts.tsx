// The lab's charts (Recharts): a metric of both runs over steps, with an optional shaded band.
import { memo, useRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { downloadBlob, svgToPng } from '../../components/ExportButtons.tsx';
import { useFrameDelayed } from '../../hooks/useFrameDelayed.ts';

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

const NO_MARKERS: { x: number; label: string }[] = [];

/**
 * Memoised (give it stable props), and drawn `lateFrames` animation frames after its rows change: a
 * Recharts update costs tens of milliseconds, so the lab's charts update in separate frames instead of
 * one long main-thread task.
 */
export const MetricChart = memo(function MetricChart(props: {
  title: string;
  rows: Record<string, number | null>[];
  series: SeriesSpec[];
  xKey?: string;
  band?: { from: number; to: number; label: string };
  markers?: { x: number; label: string }[];
  yDomain?: [number | 'auto', number | 'auto'];
  testId: string;
  lateFrames?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { title, series, xKey = 'step', band, markers = NO_MARKERS, yDomain, testId } = props;
  const rows = useFrameDelayed(props.rows, props.lateFrames ?? 0);
  return (
    <figure className="chart" data-testid={testId} data-points={rows.length}>
      <figcaption>
        {title}{' '}
        <button
          type="button"
          className="small"
          onClick={() => {
            const svg = box.current?.querySelector('svg');
            if (svg) void svgToPng(svg).then((b) => downloadBlob(`tokens-${testId}.png`, b));
          }}
        >
          PNG
        </button>
      </figcaption>
      <div ref={box}>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey={xKey} type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={44} domain={yDomain ?? ['auto', 'auto']} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(3) : String(v))} />
            <Legend verticalAlign="top" height={22} />
            {band && <ReferenceArea y1={band.from} y2={band.to} fill="#2b8a3e" fillOpacity={0.08} label={{ value: band.label, fontSize: 11, position: 'insideTopRight' }} />}
            {band && <ReferenceLine y={band.from} stroke="#2b8a3e" strokeDasharray="4 3" />}
            {markers.map((m) => (
              <ReferenceLine key={m.label} x={m.x} stroke="#c92a2a" label={{ value: m.label, fontSize: 11, position: 'insideTopLeft' }} />
            ))}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeDasharray={s.dashed ? '5 3' : undefined} dot={false} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
