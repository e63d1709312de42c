// The Tokens lab's view of its runs and seeds (folded from the worker's updates) and its charts:
// response entropy against ERA's [ω_low, ω_high] band (the primary chart), the mean token entropy (the
// paper's metric), reward, ERA's case shares, pass@k, and sampled responses shaded by probability.
import { memo, useMemo } from 'react';
import type { SessionUpdate } from '../../../tokens/session.ts';
import type { EvalResult, StepMetrics } from '../../../tokens/trainer.ts';
import { decimate } from '../../../util/decimate.ts';
import { type ChartMarker, type ChartRow, type ChartSeries, TimeChart } from '../../components/TimeChart.tsx';
import { seedBandRows, seedBandSeries } from '../../components/seedBands.ts';
import { OKABE_ITO, runStyle } from '../../theme/palette.ts';

export const RUNS = [
  { name: 'grpo', label: 'GRPO' },
  { name: 'grpo-era', label: 'GRPO+ERA' },
] as const;

export interface SeedView {
  history: StepMetrics[];
  evals: EvalResult[];
  divergedAt: number | null;
}

/** Run name → seed → what that seed produced. */
export type TokensView = Record<string, Record<number, SeedView>>;

export const emptyView = (): TokensView => ({});

/** Folds a batch of the worker's updates (one per run and seed) into the view (pure). */
export function reduceUpdates(view: TokensView, updates: SessionUpdate[]): TokensView {
  if (updates.length === 0) return view;
  const runs = { ...view };
  for (const u of updates) {
    const seeds = { ...(runs[u.run] ?? {}) };
    const r = seeds[u.seed] ?? { history: [], evals: [], divergedAt: null };
    seeds[u.seed] = {
      history: u.metrics ? [...r.history, u.metrics] : r.history,
      evals: u.eval ? [...r.evals, u.eval] : r.evals,
      divergedAt: u.divergedAt ?? r.divergedAt,
    };
    runs[u.run] = seeds;
  }
  return runs;
}

/** The seeds of a run, in order. */
export const seedsOf = (view: TokensView, run: string): number[] =>
  Object.keys(view[run] ?? {})
    .map(Number)
    .sort((a, b) => a - b);

/** Points per chart series: enough to read a curve, few enough to redraw inside a frame. */
const MAX_POINTS = 400;

/** Rows of one metric: per run its mean over the seeds, the min–max band and (on demand) each seed. */
export function metricRows(view: TokensView, pick: (m: StepMetrics) => number, withSeeds: boolean): ChartRow[] {
  const runs = new Map(
    RUNS.map((r) => [r.name, new Map(seedsOf(view, r.name).map((s) => [s, view[r.name][s].history.map((m) => [m.step, pick(m)] as [number, number])]))]),
  );
  return seedBandRows(runs, 'step', MAX_POINTS, withSeeds);
}

function runSeries(view: TokensView, withSeeds: boolean): ChartSeries[] {
  return seedBandSeries(
    RUNS.map((r) => ({ key: r.name, label: r.label, style: runStyle(r.name), seeds: seedsOf(view, r.name) })),
    withSeeds,
  );
}

const PASS_SERIES: ChartSeries[] = RUNS.map((r) => ({
  key: r.name,
  label: r.label,
  style: runStyle(r.name),
  band: { low: `${r.name}:min`, high: `${r.name}:max` },
}));
const CASE_SERIES: ChartSeries[] = [
  { key: 'sharpen', label: 'sharpen (k·z)', style: { color: OKABE_ITO.blue, width: 2 } },
  { key: 'keep', label: 'keep', style: { color: '#5f6b7a', dash: '6 3', width: 2 } },
  { key: 'flatten', label: 'flatten (z/k)', style: { color: OKABE_ITO.vermillion, dash: '2 2', width: 2 } },
];
const UNIT = [0, 1] as const;

export function EntropyChart({
  runs,
  omegaLow,
  omegaHigh,
  markers,
  withSeeds,
}: {
  runs: TokensView;
  omegaLow: number;
  omegaHigh: number;
  markers: readonly ChartMarker[];
  withSeeds: boolean;
}) {
  const rows = useMemo(() => metricRows(runs, (m) => m.responseEntropy, withSeeds), [runs, withSeeds]);
  const series = useMemo(() => runSeries(runs, withSeeds), [runs, withSeeds]);
  const band = useMemo(() => ({ from: omegaLow, to: omegaHigh, label: '[ω_low, ω_high]' }), [omegaLow, omegaHigh]);
  return (
    <TimeChart
      title="Response entropy H_resp (nats) against ERA's band [ω_low, ω_high]"
      caption="Per run the mean over its seeds (line) and the lowest to highest seed (shaded). H_resp is the mean of each response's top-⌊L/5⌋ token entropies, before ERA; below ω_low GRPO+ERA sharpens correct responses."
      testId="chart-entropy"
      rows={rows}
      series={series}
      band={band}
      markers={markers}
      height={300}
      xLabel="GRPO step"
      exportName="tokens-response-entropy"
    />
  );
}

export const SideCharts = memo(function SideCharts({ runs, markers, withSeeds }: { runs: TokensView; markers: readonly ChartMarker[]; withSeeds: boolean }) {
  const series = useMemo(() => runSeries(runs, withSeeds), [runs, withSeeds]);
  const tokenEntropy = useMemo(() => metricRows(runs, (m) => m.meanTokenEntropy, withSeeds), [runs, withSeeds]);
  const reward = useMemo(() => metricRows(runs, (m) => m.reward, withSeeds), [runs, withSeeds]);
  const cases = useMemo(() => {
    // GRPO+ERA's case shares, averaged over its seeds.
    const bySeed = Object.values(runs['grpo-era'] ?? {}).map((v) => v.history);
    const steps = Math.max(0, ...bySeed.map((h) => h.length));
    const rows: ChartRow[] = [];
    for (let i = 0; i < steps; i++) {
      const at = bySeed.map((h) => h[i]).filter(Boolean);
      const mean = (f: (m: StepMetrics) => number) => at.reduce((a, m) => a + f(m), 0) / at.length;
      rows.push({ step: at[0].step, sharpen: mean((m) => m.sharpenShare), keep: mean((m) => m.keepShare), flatten: mean((m) => m.flattenShare) });
    }
    return decimate(rows, MAX_POINTS);
  }, [runs]);
  const passAtK = useMemo(() => {
    // The latest evaluation of each seed: mean and min–max per k.
    const rows: ChartRow[] = [];
    for (const r of RUNS) {
      const latest = seedsOf(runs, r.name)
        .map((s) => runs[r.name][s].evals.at(-1)?.passAtK)
        .filter((p): p is number[] => !!p);
      latest[0]?.forEach((_, i) => {
        const vs = latest.map((p) => p[i]);
        rows[i] ??= { k: i + 1 };
        rows[i][r.name] = vs.reduce((a, b) => a + b, 0) / vs.length;
        rows[i][`${r.name}:min`] = Math.min(...vs);
        rows[i][`${r.name}:max`] = Math.max(...vs);
      });
    }
    return rows;
  }, [runs]);
  return (
    <div className="chart-grid">
      <TimeChart
        title="Mean token entropy (nats): the paper's entropy curve"
        caption="The token-mean entropy over each step's training batch (verl's actor/entropy), the metric the paper plots."
        testId="chart-token-entropy"
        rows={tokenEntropy}
        series={series}
        markers={markers}
        xLabel="GRPO step"
        exportName="tokens-mean-token-entropy"
        lateFrames={1}
      />
      <TimeChart
        title="Reward (share of correct responses)"
        testId="chart-reward"
        rows={reward}
        series={series}
        yDomain={UNIT}
        markers={markers}
        xLabel="GRPO step"
        exportName="tokens-reward"
        lateFrames={2}
      />
      <TimeChart
        title="GRPO+ERA: share of responses per ERA case (mean over seeds)"
        testId="chart-cases"
        rows={cases}
        series={CASE_SERIES}
        yDomain={UNIT}
        markers={markers}
        xLabel="GRPO step"
        exportName="tokens-cases"
        lateFrames={3}
      />
      <TimeChart
        title="pass@k on the evaluation prompts (latest)"
        testId="chart-passk"
        rows={passAtK}
        xKey="k"
        series={PASS_SERIES}
        yDomain={UNIT}
        xLabel="k (samples per prompt)"
        exportName="tokens-pass-at-k"
        lateFrames={4}
      />
    </div>
  );
});

function Responses({ run }: { run: SeedView | undefined }) {
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
            <span
              key={j}
              className="tok"
              style={{ background: `rgba(0, 114, 178, ${(s.tokenProbs[j] ?? 0).toFixed(2)})`, color: (s.tokenProbs[j] ?? 0) > 0.5 ? '#fff' : undefined }}
              title={`p = ${(s.tokenProbs[j] ?? 0).toFixed(3)}`}
            >
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
      {RUNS.map((r) => {
        const first = seedsOf(runs, r.name)[0];
        return (
          <div key={r.name}>
            <h3>
              {r.label}: sampled responses{first !== undefined ? ` of seed ${first}` : ''} (shade = the token's probability)
            </h3>
            <Responses run={first !== undefined ? runs[r.name][first] : undefined} />
          </div>
        );
      })}
    </div>
  );
}
