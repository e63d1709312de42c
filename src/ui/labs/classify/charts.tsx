// The lab's non-line charts: entropy histogram, reliability diagram, confusion matrix and the grid of
// test images with each run's predicted probabilities. Memoised: they change with a new evaluation, not with
// every training step. The histogram and the calibration chart are TimeCharts (canvas) and update a few
// frames after the others, so the first evaluation does not land in one long main-thread task.
import { memo, useEffect, useMemo, useRef } from 'react';
import type { DatasetInfo, EvalPoint } from '../../../classify/protocol.ts';
import { type ChartMarker, type ChartRow, type ChartSeries, TimeChart } from '../../components/TimeChart.tsx';
import { TARGET_COLOR, type SeriesStyle } from '../../theme/palette.ts';

export interface RunStyle {
  name: string;
  style: SeriesStyle;
}

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
  const rows = useMemo(() => {
    const bins = evaluation?.runs[0]?.entropyHistogram.length ?? 0;
    return Array.from({ length: bins }, (_, b) => {
      const row: ChartRow = { h: +(((b + 0.5) * maxEntropy) / bins).toFixed(3) };
      evaluation!.runs.forEach((r) => (row[r.name] = r.entropyHistogram[b]));
      return row;
    });
  }, [evaluation, maxEntropy]);
  const series = useMemo<ChartSeries[]>(() => runs.map((r) => ({ key: r.name, label: r.name, style: { ...r.style, dash: undefined } })), [runs]);
  const markers = useMemo<ChartMarker[]>(() => (h0 !== null ? [{ x: h0, label: 'H₀', color: TARGET_COLOR }] : []), [h0]);
  const xDomain = useMemo(() => [0, maxEntropy] as const, [maxEntropy]);
  return (
    <TimeChart
      title={`Test-set predictive entropy (nats), histogram${evaluation ? ` at step ${evaluation.step}` : ''}`}
      testId="chart-entropy-histogram"
      rows={rows}
      series={series}
      xKey="h"
      xDomain={xDomain}
      xIntegers={false}
      bars
      markers={markers}
      xLabel="entropy (nats)"
      exportName="classify-entropy-histogram"
      lateFrames={4}
    />
  );
});

const UNIT = [0, 1] as const;
const IDEAL: ChartSeries = { key: 'ideal', label: 'perfectly calibrated', style: { color: '#6b7785', dash: '4 3', width: 1.5 } };

export const ReliabilityDiagram = memo(function ReliabilityDiagram({ evaluation, runs }: { evaluation: EvalPoint | undefined; runs: RunStyle[] }) {
  const rows = useMemo(
    () =>
      evaluation?.runs[0]?.reliability.map((b, i) => {
        const row: ChartRow = { confidence: +((b.lo + b.hi) / 2).toFixed(3), ideal: (b.lo + b.hi) / 2 };
        evaluation.runs.forEach((r) => (row[r.name] = r.reliability[i].count ? r.reliability[i].accuracy : null));
        return row;
      }) ?? [],
    [evaluation],
  );
  const series = useMemo<ChartSeries[]>(() => [IDEAL, ...runs.map((r) => ({ key: r.name, label: r.name, style: r.style }))], [runs]);
  const ece = evaluation?.runs.map((r) => `${r.name} ${(100 * r.ece).toFixed(1)}%`).join(' · ');
  return (
    <TimeChart
      title={`Calibration: accuracy per confidence bin (ECE ${ece ?? '–'})`}
      testId="chart-reliability"
      rows={rows}
      series={series}
      xKey="confidence"
      xDomain={UNIT}
      xIntegers={false}
      yDomain={UNIT}
      xLabel="confidence"
      exportName="classify-reliability"
      lateFrames={5}
    />
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
