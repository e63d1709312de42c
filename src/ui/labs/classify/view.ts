// The Classification lab's page-side view of its runs, folded from the worker's updates and payloads
// (pure functions, unit-tested in Node), and the chart rows drawn from it.
import type { ClassifyPayload, ClassifyUpdate, DatasetInfo, Divergence, EvalPoint, StepPoint } from '../../../classify/protocol.ts';
import { decimate } from '../../../util/decimate.ts';
import type { ChartRow } from '../../components/TimeChart.tsx';

export interface ClassifyView {
  dataset: DatasetInfo | null;
  source: string | null;
  runs: string[];
  stepsPerEpoch: number;
  steps: StepPoint[];
  evals: EvalPoint[];
  divergences: Divergence[];
  needArchive: string | null;
  archive: { fraction: number; stage: string } | null;
  archiveError: string | null;
  /** The Hugging Face download in flight: bytes so far and the total (null while unknown). */
  download: { received: number; total: number | null } | null;
  downloadError: string | null;
  /** The served data/cifar10/ files loading: bytes so far and the total. */
  served: { received: number; total: number } | null;
  /** How many downloads finished (the page then asks the worker to use the new data). */
  downloadsDone: number;
}

export const emptyView = (): ClassifyView => ({
  dataset: null,
  source: null,
  runs: [],
  stepsPerEpoch: 1,
  steps: [],
  evals: [],
  divergences: [],
  needArchive: null,
  archive: null,
  archiveError: null,
  download: null,
  downloadError: null,
  served: null,
  downloadsDone: 0,
});

export function reduceUpdates(v: ClassifyView, updates: ClassifyUpdate[]): ClassifyView {
  if (updates.length === 0) return v;
  return {
    ...v,
    steps: [...v.steps, ...updates.map((u) => u.step)],
    evals: [...v.evals, ...updates.flatMap((u) => (u.evaluation ? [u.evaluation] : []))],
    divergences: [...v.divergences, ...updates.flatMap((u) => u.divergences)],
  };
}

export function reducePayload(v: ClassifyView, p: ClassifyPayload): ClassifyView {
  switch (p.kind) {
    case 'dataset':
      return {
        ...v,
        dataset: p.info,
        source: p.source,
        runs: p.runs,
        stepsPerEpoch: p.stepsPerEpoch,
        needArchive: null,
        archive: null,
        download: null,
        served: null,
      };
    case 'need-archive':
      return { ...v, needArchive: p.message, dataset: null, runs: [], served: null };
    case 'archive-progress':
      return { ...v, archive: { fraction: p.fraction, stage: p.stage }, archiveError: null };
    case 'archive-error':
      return { ...v, archive: null, archiveError: p.message };
    case 'download-progress':
      return { ...v, download: { received: p.received, total: p.total }, downloadError: null, archiveError: null };
    case 'download-error':
      return { ...v, download: null, archive: null, downloadError: p.message };
    case 'download-cancelled':
      return { ...v, download: null, archive: null, downloadError: 'Download cancelled: nothing was stored.' };
    case 'download-done':
      return { ...v, downloadsDone: v.downloadsDone + 1 };
    case 'served-progress':
      return { ...v, served: { received: p.received, total: p.total } };
  }
}

/** 'era:0.6+ls:0.1#2' → 'era+ls': the run's regularizer kind (for its colour and dash). */
export function runKind(name: string): string {
  return name
    .replace(/#\d+$/, '')
    .split('+')
    .map((t) => t.split(':')[0])
    .join('+');
}

/** Points per chart series: enough to read a curve, few enough to redraw inside a frame. */
const MAX_POINTS = 500;

export function stepRows(steps: readonly StepPoint[], pick: (r: StepPoint['runs'][number]) => number): ChartRow[] {
  return decimate(steps, MAX_POINTS).map((s) => {
    const row: ChartRow = { step: s.step };
    for (const r of s.runs) if (!r.diverged) row[r.name] = pick(r);
    return row;
  });
}

export function evalRows(evals: readonly EvalPoint[], pick: (r: EvalPoint['runs'][number]) => number): ChartRow[] {
  return decimate(evals, MAX_POINTS).map((e) => {
    const row: ChartRow = { step: e.step };
    for (const r of e.runs) if (Number.isFinite(pick(r))) row[r.name] = pick(r);
    return row;
  });
}
