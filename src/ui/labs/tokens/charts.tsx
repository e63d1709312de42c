// The Tokens lab's view of its runs (folded from the worker's updates) and its charts: response
// entropy against ERA's [ω_low, ω_high] band (the primary chart), reward, ERA's case shares, pass@k,
// and a few sampled responses shaded by the probability of each token.
import { memo, useMemo } from 'react';
import type { SessionUpdate } from '../../../tokens/session.ts';
import type { EvalResult, StepMetrics } from '../../../tokens/trainer.ts';
import { decimate } from '../../../util/decimate.ts';
import { type ChartMarker, type ChartRow, type ChartSeries, TimeChart } from '../../components/TimeChart.tsx';
import { OKABE_ITO, runStyle } from '../../theme/palette.ts';

export const RUNS = [
  { name: 'grpo', label: 'GRPO' },
  { name: 'grpo-era', label: 'GRPO+ERA' },
] as const;

export interface RunView {
  history: StepMetrics[];
  evals: EvalResult[];
  divergedAt: number | null;
}

export type TokensView = Record<string, RunView>;

export const emptyView = (): TokensView => ({});

/** Folds a batch of the worker's updates into the runs (pure). */
export function reduceUpdates(view: TokensView, updates: SessionUpdate[]): TokensView {
  if (updates.length === 0) return view;
  const runs = { ...view };
  for (const u of updates) {
    const r = runs[u.run] ?? { history: [], evals: [], divergedAt: null };
    runs[u.run] = {
      history: u.metrics ? [...r.history, u.metrics] : r.history,
      evals: u.eval ? [...r.evals, u.eval] : r.evals,
      divergedAt: u.divergedAt ?? r.divergedAt,
    };
  }
  return runs;
}

/** Points per chart series: enough to read a curve, few enough to redraw inside a frame. */
const MAX_POINTS = 400;

/** Rows { step, grpo, grpo-era } of one metric across both runs. */
export function mergedRows(runs: TokensView, pick: (m: StepMetrics) => number): ChartRow[] {
  const byStep = new Map<number, ChartRow>();
  for (const r of RUNS) {
    for (const m of runs[r.name]?.history ?? []) {
      const row = byStep.get(m.step) ?? { step: m.step };
      row[r.name] = pick(m);
      byStep.set(m.step, row);
    }
  }
  return decimate([...byStep.values()], MAX_POINTS);
}

const RUN_SERIES: ChartSeries[] = RUNS.map((r) => ({ key: r.name, label: r.label, style: runStyle(r.name) }));
const CASE_SERIES: ChartSeries[] = [
  { key: 'sharpen', label: 'sharpen (k·z)', style: { color: OKABE_ITO.blue, width: 2 } },
  { key: 'keep', label: 'keep', style: { color: '#5f6b7a', dash: '6 3', width: 2 } },
  { key: 'flatten', label: 'flatten (z/k)', style: { color: OKABE_ITO.vermillion, dash: '2 2', width: 2 } },
];
const UNIT = [0, 1] as const;

export function EntropyChart({ runs, omegaLow, omegaHigh, markers }: { runs: TokensView; omegaLow: number; omegaHigh: number; markers: readonly ChartMarker[] }) {
  const rows = useMemo(() => mergedRows(runs, (m) => m.responseEntropy), [runs]);
  const band = useMemo(() => ({ from: omegaLow, to: omegaHigh, label: '[ω_low, ω_high]' }), [omegaLow, omegaHigh]);
  return (
    <TimeChart
      title="Response entropy H_resp (nats) against ERA's band [ω_low, ω_high]"
      caption="Mean over the step's sampled responses of H_resp, the mean of each response's top-⌊L/5⌋ token entropies, measured before ERA. Below ω_low GRPO+ERA sharpens correct responses."
      testId="chart-entropy"
      rows={rows}
      series={RUN_SERIES}
      band={band}
      markers={markers}
      height={300}
      xLabel="GRPO step"
      exportName="tokens-response-entropy"
    />
  );
}

export const SideCharts = memo(function SideCharts({ runs, markers }: { runs: TokensView; markers: readonly ChartMarker[] }) {
  const reward = useMemo(() => mergedRows(runs, (m) => m.reward), [runs]);
  const cases = useMemo(
    () => decimate((runs['grpo-era']?.history ?? []).map((m) => ({ step: m.step, sharpen: m.sharpenShare, keep: m.keepShare, flatten: m.flattenShare })), MAX_POINTS),
    [runs],
  );
  // Keyed on the evaluation lists alone: they keep their identity between evaluations.
  const evalsGrpo = runs.grpo?.evals;
  const evalsEra = runs['grpo-era']?.evals;
  const passAtK = useMemo(() => {
    const rows: ChartRow[] = [];
    for (const [r, evals] of [
      [RUNS[0], evalsGrpo],
      [RUNS[1], evalsEra],
    ] as const) {
      evals?.at(-1)?.passAtK.forEach((v, i) => {
        rows[i] ??= { k: i + 1 };
        rows[i][r.name] = v;
      });
    }
    return rows;
  }, [evalsGrpo, evalsEra]);
  return (
    <div className="chart-grid">
      <TimeChart title="Reward (share of correct responses)" testId="chart-reward" rows={reward} series={RUN_SERIES} yDomain={UNIT} markers={markers} xLabel="GRPO step" exportName="tokens-reward" lateFrames={1} />
      <TimeChart title="GRPO+ERA: share of responses per ERA case" testId="chart-cases" rows={cases} series={CASE_SERIES} yDomain={UNIT} markers={markers} xLabel="GRPO step" exportName="tokens-cases" lateFrames={2} />
      <TimeChart title="pass@k on the evaluation prompts (latest)" testId="chart-passk" rows={passAtK} xKey="k" series={RUN_SERIES} yDomain={UNIT} xLabel="k (samples per prompt)" exportName="tokens-pass-at-k" lateFrames={3} />
    </div>
  );
});

function Responses({ run }: { run: RunView | undefined }) {
  const last = run?.history[run.history.length - 1];
  if (!last) return <p className="muted">No samples yet.</p>;
  return (
    <ul className="responses">
      {last.samples.map((s, i) => (
        <li key={i}>
          <span className="target">
            Σ ∈ {s.prompt} (Σ = {s.target}):
          </span>{' '}
          {[...s.text].map((ch, j) => (
            // Darker = the policy was more sure of that token (white text from 0.5 keeps the contrast).
            <span key={j} className="tok" style={{ background: `rgba(0, 114, 178, ${(s.tokenProbs[j] ?? 0).toFixed(2)})`, color: (s.tokenProbs[j] ?? 0) > 0.5 ? '#fff' : undefined }} title={`p = ${(s.tokenProbs[j] ?? 0).toFixed(3)}`}>
              {ch}
            </span>
          ))}{' '}
          <span aria-label={s.reward > 0 ? 'correct' : 'wrong'}>{s.reward > 0 ? '✓' : '✗'}</span>
        </li>
      ))}
    </ul>
  );
}

export function SampledResponses({ runs }: { runs: TokensView }) {
  return (
    <div className="samples">
      {RUNS.map((r) => (
        <div key={r.name}>
          <h3>{r.label}: sampled responses (shade = the token's probability)</h3>
          <Responses run={runs[r.name]} />
        </div>
      ))}
    </div>
  );
}
