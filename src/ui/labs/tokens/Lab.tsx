// The Tokens lab: GRPO and GRPO+ERA on a digit-sum task, trained side by side in a worker, in the
// shared lab layout. The primary chart is the response entropy against ERA's [ω_low, ω_high] band.
import { useMemo, useState } from 'react';
import type { SessionUpdate } from '../../../tokens/session.ts';
import { TOKEN_TEXT } from '../../../tokens/task.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import type { ChartMarker } from '../../components/TimeChart.tsx';
import { LabLayout } from '../../lab/LabLayout.tsx';
import { useLab } from '../../lab/useLab.ts';
import './tokens.css';
import { EntropyChart, RUNS, SampledResponses, SideCharts, type TokensView, emptyView, reduceUpdates, seedsOf } from './charts.tsx';
import { tokensSchema } from './schema.ts';

const createWorker = () => new Worker(new URL('../../../tokens/worker.ts', import.meta.url), { type: 'module' });

export default function TokensLab({ present = false }: { present?: boolean }) {
  const lab = useLab<typeof tokensSchema.specs, SessionUpdate, never, never, TokensView>('/tokens', tokensSchema, {
    create: createWorker,
    initialView: emptyView,
    reduce: reduceUpdates,
  });
  const runs = lab.worker.state.view;
  const { settings } = lab;
  const [withSeeds, setWithSeeds] = useState(false);
  const diverged = useMemo(
    () =>
      RUNS.flatMap((r) =>
        seedsOf(runs, r.name).flatMap((seed) => (runs[r.name][seed].divergedAt ? [{ run: r, seed, at: runs[r.name][seed].divergedAt! }] : [])),
      ),
    [runs],
  );

  const markers = useMemo<ChartMarker[]>(
    () => [
      ...lab.markers.map((m) => ({ x: m.step, label: m.label })),
      ...diverged.map((d) => ({ x: d.at, label: `${d.run.label} seed ${d.seed} diverged`, color: '#b3261e' })),
    ],
    [lab.markers, diverged],
  );
  const exportRows = () =>
    RUNS.flatMap((r) => seedsOf(runs, r.name).flatMap((seed) => runs[r.name][seed].history.map(({ samples: _s, ...m }) => ({ run: r.name, seed, ...m }))));

  return (
    <LabLayout
      lab={lab}
      id="tokens"
      title="Tokens: GRPO with and without ERA"
      present={present}
      stepUnit="GRPO steps"
      lede={
        <>
          A tiny policy writes digits, then {TOKEN_TEXT[10]}; reward 1 if they sum to a hidden target. Plain GRPO drifts to one answer per prompt and its
          entropy collapses; ERA sharpens the training target of low-entropy correct responses and keeps several answers alive.
        </>
      }
      actions={
        <>
          <label className="inline-check">
            <input type="checkbox" checked={withSeeds} onChange={(e) => setWithSeeds(e.target.checked)} data-testid="show-seeds" /> show every seed
          </label>
          <ExportButtons name="tokens-steps" rows={exportRows} extra={{ settings: lab.applied }} />
        </>
      }
      primary={<EntropyChart runs={runs} omegaLow={lab.applied.omegaLow} omegaHigh={lab.applied.omegaHigh} markers={markers} withSeeds={withSeeds} />}
      about={
        <p>
          The prompt shows only the target's bucket of {settings.bucket} sums, so no single answer is always right and a policy that covers the bucket solves
          more prompts in k tries (pass@k). With the advantage rescaling off (the original released script) ERA holds the response entropy at or above ω_low on
          this task; with it on (the paper's A′ = A/k) it keeps it around ω_low. Both runs share the seeds: for each seed, the same initial weights and prompts.
          Each run trains all its seeds at once, as one batched computation; the charts show their mean and the spread from the worst seed to the best. H_resp
          is ERA's response entropy: the mean of each response's top ⌊0.2·L⌋ token entropies (at L ≤ 6, its largest token entropy).
        </p>
      }
    >
      {diverged.map((d) => (
        <p key={`${d.run.name}:${d.seed}`} className="error">
          {d.run.label} seed {d.seed} diverged at step {d.at} (NaN or infinite loss); the other seeds and runs go on.
        </p>
      ))}
      <SideCharts runs={runs} markers={markers} withSeeds={withSeeds} />
      <SampledResponses runs={runs} />
    </LabLayout>
  );
}
