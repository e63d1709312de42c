// A metric-over-steps chart (loss, accuracy, entropy, return…) with optional horizontal reference lines
// (e.g. H₀) and export buttons. Rows are plain objects: { step, seriesA, seriesB, … }.
import { useRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ExportButtons } from './ExportButtons.tsx';

export interface Series {
  key: string;
  label: string;
  color: string;
}

export interface LineChartPanelProps {
  title: string;
  rows: readonly Record<string, number>[];
  xKey?: string;
  series: readonly Series[];
  references?: readonly { y: number; label: string; color?: string }[];
  height?: number;
  yDomain?: [number | 'auto', number | 'auto'];
  /** File name stem for exports. */
  exportName?: string;
  testId?: string;
}

export function LineChartPanel({ title, rows, xKey = 'step', series, references = [], height = 240, yDomain, exportName, testId }: LineChartPanelProps) {
  const box = useRef<HTMLDivElement>(null);
  return (
    <figure className="chart line-chart" data-testid={testId}>
      <figcaption>
        {title}
        {exportName && <ExportButtons name={exportName} rows={rows} chart={box} />}
      </figcaption>
      <div ref={box}>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={rows as Record<string, number>[]} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey={xKey} type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={48} domain={yDomain ?? ['auto', 'auto']} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
            <Legend verticalAlign="top" height={24} />
            {references.map((r) => (
              <ReferenceLine key={r.label} y={r.y} stroke={r.color ?? '#2b8a3e'} strokeDasharray="4 3" label={{ value: r.label, fontSize: 11, position: 'insideTopRight' }} />
            ))}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} dot={false} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
