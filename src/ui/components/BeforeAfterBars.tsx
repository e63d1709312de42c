// Paired bars (before / after ERA) per index, e.g. class probabilities or per-dimension σ.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

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

export function BeforeAfterBars({ before, after, xLabel, yLabel, height = 220, testId, name }: BarsProps) {
  const data = before.map((b, i) => ({ i: name ? name(i) : String(i), before: b, after: after[i] }));
  return (
    <figure className="chart" data-testid={testId} aria-label={`${yLabel} by ${xLabel}, before and after ERA`}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} barGap={0}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="i" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} width={44} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
          <Legend verticalAlign="top" height={24} />
          <Bar dataKey="before" name="before ERA" fill="#9aa5b1" isAnimationActive={false} />
          <Bar dataKey="after" name="after ERA" fill="#d9480f" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
