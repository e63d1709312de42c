// One lab session in the worker: a dataset, the lock-step trainer built from the page's settings, and the
// compact updates the page charts (step metrics every step, an evaluation every few steps). DOM-free.
import { type ClassifySettings, trainerConfigOf } from './config.ts';
import { type ImageDataset, PIXELS_PER_IMAGE } from './data/dataset.ts';
import { histogram } from './metrics.ts';
import { type DatasetInfo, type Divergence, ENTROPY_HISTOGRAM_BINS, type EvalPoint, GRID_SIZE, type StepPoint } from './protocol.ts';
import { LockstepTrainer } from './trainer.ts';

export const ENTROPY_MAX = Math.log(10);

export function datasetInfo(ds: ImageDataset): DatasetInfo {
  const n = Math.min(GRID_SIZE, ds.test.count);
  return {
    name: ds.name,
    synthetic: ds.synthetic,
    classNames: [...ds.classNames],
    train: ds.train.count,
    test: ds.test.count,
    gridImages: ds.test.images.slice(0, n * PIXELS_PER_IMAGE),
    gridLabels: Array.from(ds.test.labels.subarray(0, n)),
  };
}

export class ClassifySession {
  readonly trainer: LockstepTrainer;
  readonly totalSteps: number;
  private reported = new Set<number>();

  constructor(
    readonly dataset: ImageDataset,
    readonly settings: ClassifySettings,
  ) {
    const config = trainerConfigOf(settings, dataset.train.count);
    this.totalSteps = config.totalSteps;
    this.trainer = new LockstepTrainer(dataset, config);
  }

  /**
   * Live settings, from the next step on: ERA's H₀, label smoothing ε, dropout p (for the runs that use
   * them) and the base learning rate (the schedule scales it). The trainer reads them at every step.
   */
  setLive(patch: Partial<Pick<ClassifySettings, 'h0' | 'ls' | 'dropout' | 'lr'>>): void {
    for (const run of this.trainer.config.runs) {
      const r = run.regularizer;
      if (patch.h0 !== undefined && r.eraH0 !== null) r.eraH0 = patch.h0;
      if (patch.ls !== undefined && /(^|\+)ls:/.test(run.name)) r.labelSmoothing = patch.ls;
      if (patch.dropout !== undefined && /(^|\+)dropout:/.test(run.name)) r.dropout = patch.dropout;
    }
    if (patch.lr !== undefined) this.trainer.config.learningRate = patch.lr;
  }

  get finished(): boolean {
    return this.trainer.step >= this.totalSteps;
  }

  async step(): Promise<{ step: StepPoint; evaluation: EvalPoint | null; divergences: Divergence[] }> {
    const m = await this.trainer.trainStep();
    const divergences: Divergence[] = [];
    m.runs.forEach((r, i) => {
      const d = this.trainer.divergence(i);
      if (d && !this.reported.has(i)) {
        this.reported.add(i);
        divergences.push({ run: r.name, step: d.step, hint: d.hint });
      }
    });
    const atEpochEnd = m.step % this.trainer.stepsPerEpoch === 0;
    const due = m.step === 1 || m.step % this.settings.evalEvery === 0 || atEpochEnd || m.step === this.totalSteps;
    return {
      step: {
        step: m.step,
        epoch: m.epoch,
        learningRate: m.learningRate,
        seconds: m.seconds,
        images: m.images,
        runs: m.runs.map(({ name, loss, accuracy, diverged }) => ({ name, loss, accuracy, diverged })),
      },
      evaluation: due ? await this.evaluate() : null,
      divergences,
    };
  }

  async evaluate(): Promise<EvalPoint> {
    const evals = await this.trainer.evaluate('test', { keepProbabilities: GRID_SIZE });
    const step = this.trainer.step;
    return {
      step,
      epoch: step / this.trainer.stepsPerEpoch,
      runs: evals.map((e) => ({
        name: e.name,
        accuracy: e.accuracy,
        nll: e.nll,
        meanEntropy: e.meanEntropy,
        minEntropy: e.minEntropy,
        ece: e.ece,
        entropyHistogram: histogram(e.entropies, ENTROPY_HISTOGRAM_BINS, 0, ENTROPY_MAX),
        reliability: e.reliability,
        confusion: e.confusion,
        gridProbabilities: Array.from({ length: e.probabilities.length / 10 }, (_, i) => Array.from(e.probabilities.subarray(i * 10, i * 10 + 10))),
      })),
    };
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
