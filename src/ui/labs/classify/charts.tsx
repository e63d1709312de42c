// The lab's non-line charts: entropy histogram, reliability diagram, confusion matrix and the grid of
// test images with each run's predicted probabilities. Memoised: they change with a new evaluation, not with
// every training step (the histogram and the calibration chart are Recharts SVG, costly to re-render).
import { memo, useEffect, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DatasetInfo, EvalPoint } from '../../../classify/protocol.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { useChartScale } from '../../components/chartScale.ts';
import { INK, TARGET_COLOR, type SeriesStyle } from '../../theme/palette.ts';

export interface RunStyle {
  name: string;
  style: SeriesStyle;
}

const legendText = (value: string) => <span style={{ color: INK }}>{value}</span>;

export const EntropyHistogram = memo(function EntropyHistogram({
  evaluation,
  runs,
  h0,
  maxEntropy,
}: {
  evaluation: EvalPoint | undefined;
  runs: RunStyle[];
  h0: number | null;
  maxEntropy: number;
}) {
  const box = useRef<HTMLElement>(null);
  const tick = { fontSize: Math.round(12 * useChartScale()), fill: INK };
  const bins = evaluation?.runs[0]?.entropyHistogram.length ?? 0;
  const rows = Array.from({ length: bins }, (_, b) => {
    const row: Record<string, number> = { h: +(((b + 0.5) * maxEntropy) / bins).toFixed(3) };
    evaluation!.runs.forEach((r) => (row[r.name] = r.entropyHistogram[b]));
    return row;
  });
  return (
    <figure className="chart" data-testid="chart-entropy-histogram" data-points={rows.length} ref={box}>
      <figcaption>
        Test-set predictive entropy (nats), histogram{evaluation ? ` at step ${evaluation.step}` : ''}
        <ExportButtons name="classify-entropy-histogram" rows={rows} figure={box} />
      </figcaption>
      <div>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="h" type="number" domain={[0, maxEntropy]} tick={tick} />
            <YAxis tick={tick} width={40} />
            <Tooltip />
            <Legend verticalAlign="top" height={24} formatter={legendText} />
            {h0 !== null && <ReferenceLine x={h0} stroke={TARGET_COLOR} strokeDasharray="4 3" label={{ value: 'H₀', fontSize: tick.fontSize, fill: INK }} />}
            {runs.map((r) => (
              <Bar key={r.name} dataKey={r.name} fill={r.style.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

export const ReliabilityDiagram = memo(function ReliabilityDiagram({ evaluation, runs }: { evaluation: EvalPoint | undefined; runs: RunStyle[] }) {
  const box = useRef<HTMLElement>(null);
  const tick = { fontSize: Math.round(12 * useChartScale()), fill: INK };
  const rows =
    evaluation?.runs[0]?.reliability.map((b, i) => {
      const row: Record<string, number | null> = { confidence: +((b.lo + b.hi) / 2).toFixed(3), ideal: (b.lo + b.hi) / 2 };
      evaluation.runs.forEach((r) => (row[r.name] = r.reliability[i].count ? r.reliability[i].accuracy : null));
      return row;
    }) ?? [];
  const ece = evaluation?.runs.map((r) => `${r.name} ${(100 * r.ece).toFixed(1)}%`).join(' · ');
  return (
    <figure className="chart" data-testid="chart-reliability" data-points={rows.length} ref={box}>
      <figcaption>
        Calibration: accuracy per confidence bin (ECE {ece ?? '–'})
        <ExportButtons name="classify-reliability" rows={rows} figure={box} />
      </figcaption>
      <div>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="confidence" type="number" domain={[0, 1]} tick={tick} />
            <YAxis domain={[0, 1]} tick={tick} width={40} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
            <Legend verticalAlign="top" height={24} formatter={legendText} />
            <Line dataKey="ideal" name="perfectly calibrated" stroke="#6b7785" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
            {runs.map((r) => (
              <Line
                key={r.name}
                dataKey={r.name}
                stroke={r.style.color}
                strokeWidth={r.style.width}
                strokeDasharray={r.style.dash}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

export const ConfusionMatrix = memo(function ConfusionMatrix({
  evaluation,
  run,
  classNames,
}: {
  evaluation: EvalPoint | undefined;
  run: string;
  classNames: string[];
}) {
  const r = evaluation?.runs.find((x) => x.name === run);
  if (!r) return <p className="muted">No evaluation yet.</p>;
  const max = Math.max(1, ...r.confusion.flat());
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <caption>Confusion matrix of {run} (rows: true class, columns: predicted)</caption>
      <thead>
        <tr>
          <th />
          {classNames.map((c) => (
            <th key={c} title={c}>
              {c.slice(0, 4)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {r.confusion.map((row, i) => (
          <tr key={i}>
            <th>{classNames[i]}</th>
            {row.map((n, j) => (
              <td key={j} style={{ background: `rgba(0, 114, 178, ${((0.6 * n) / max).toFixed(2)})` }}>
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

function ImageCanvas({ pixels, index }: { pixels: Uint8Array; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(32, 32);
    for (let p = 0; p < 1024; p++) {
      img.data.set(pixels.subarray(index * 3072 + p * 3, index * 3072 + p * 3 + 3), p * 4);
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, index]);
  return <canvas ref={ref} width={32} height={32} className="pixelated" />;
}

export const PredictionGrid = memo(function PredictionGrid({
  info,
  evaluation,
  runs,
}: {
  info: DatasetInfo;
  evaluation: EvalPoint | undefined;
  runs: RunStyle[];
}) {
  return (
    <div className="prediction-grid" data-testid="prediction-grid">
      {info.gridLabels.map((label, i) => (
        <div key={i} className="prediction-cell">
          <ImageCanvas pixels={info.gridImages} index={i} />
          <div className="muted">{info.classNames[label]}</div>
          {runs.map((r) => {
            const probs = evaluation?.runs.find((x) => x.name === r.name)?.gridProbabilities[i];
            if (!probs) return null;
            const top = probs.indexOf(Math.max(...probs));
            return (
              <div key={r.name} className="prob-row" title={`${r.name}: ${probs.map((p, k) => `${info.classNames[k]} ${(100 * p).toFixed(1)}%`).join(', ')}`}>
                <span className="prob-bar" style={{ width: `${(100 * probs[top]).toFixed(0)}%`, background: r.style.color }} />
                <span className={top === label ? 'ok' : 'wrong'}>
                  {info.classNames[top]} {(100 * probs[top]).toFixed(0)}%
                </span>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
});
