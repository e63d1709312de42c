// A whole headless experiment on one dataset: lock-step training for a fixed number of steps, test-set
// evaluation at every epoch boundary and at the end, and the rows of the per-step and per-epoch CSVs.
// DOM-free and file-free: the CLI writes what this returns.
import type { ImageDataset } from './data/dataset.ts';
import { regularizerKind } from './regularizers.ts';
import { type RunEvaluation, LockstepTrainer, type StepMetrics, type TrainerConfig } from './trainer.ts';

export const STEP_COLUMNS = ['step', 'epoch', 'run', 'regularizer', 'loss', 'batch_accuracy', 'learning_rate', 'diverged'] as const;
export const EPOCH_COLUMNS = [
  'epoch',
  'step',
  'run',
  'regularizer',
  'train_loss',
  'train_batch_accuracy',
  'test_accuracy',
  'test_nll',
  'mean_entropy',
  'min_entropy',
  'max_entropy',
  'ece',
  'diverged_at_step',
] as const;

export type CsvRow = Record<string, string | number | boolean | null>;

export interface RunSummary {
  name: string;
  regularizer: string;
  steps: number;
  finalTrainAccuracy: number | null;
  finalTestAccuracy: number | null;
  meanEntropy: number | null;
  minEntropy: number | null;
}

export interface ExperimentResult {
  runs: RunSummary[];
  stepRows: CsvRow[];
  epochRows: CsvRow[];
  divergences: Array<{ run: string; step: number; hint: string } | null>;
  trainSeconds: number;
  trainImages: number;
  /** Training images per second, all runs together (evaluation time excluded). */
  imagesPerSecond: number;
  stepsPerEpoch: number;
  totalSteps: number;
}

export interface ExperimentOptions {
  /** Examples of the training set evaluated (in evaluation mode) for finalTrainAccuracy. */
  trainEvalLimit?: number;
  onStep?: (m: StepMetrics) => void;
  onEvaluation?: (epoch: number, evals: RunEvaluation[]) => void;
}

/** Finite numbers as they are, anything else (NaN, ±∞ of a diverged run) as null: valid JSON. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export async function runExperiment(dataset: ImageDataset, config: TrainerConfig, opts: ExperimentOptions = {}): Promise<ExperimentResult> {
  const trainer = new LockstepTrainer(dataset, config);
  const names = trainer.runNames;
  const kinds = config.runs.map((r) => regularizerKind(r.regularizer));
  const stepRows: CsvRow[] = [];
  const epochRows: CsvRow[] = [];
  const epochLoss = names.map(() => ({ loss: 0, acc: 0, n: 0 }));
  let trainSeconds = 0;
  let trainImages = 0;
  let lastTest: RunEvaluation[] = [];
  try {
    const evaluateEpoch = async (step: number) => {
      lastTest = await trainer.evaluate('test');
      const epoch = step / trainer.stepsPerEpoch;
      opts.onEvaluation?.(epoch, lastTest);
      lastTest.forEach((e, i) => {
        const acc = epochLoss[i];
        epochRows.push({
          epoch: +epoch.toFixed(4),
          step,
          run: names[i],
          regularizer: kinds[i],
          train_loss: acc.n ? acc.loss / acc.n : null,
          train_batch_accuracy: acc.n ? acc.acc / acc.n : null,
          test_accuracy: e.accuracy,
          test_nll: finiteOrNull(e.nll),
          mean_entropy: finiteOrNull(e.meanEntropy),
          min_entropy: finiteOrNull(e.minEntropy),
          max_entropy: finiteOrNull(e.maxEntropy),
          ece: finiteOrNull(e.ece),
          diverged_at_step: trainer.divergence(i)?.step ?? null,
        });
        epochLoss[i] = { loss: 0, acc: 0, n: 0 };
      });
    };
    for (let s = 0; s < config.totalSteps; s++) {
      const m = await trainer.trainStep();
      trainSeconds += m.seconds;
      trainImages += m.images;
      opts.onStep?.(m);
      m.runs.forEach((r, i) => {
        stepRows.push({
          step: m.step,
          epoch: +m.epoch.toFixed(4),
          run: r.name,
          regularizer: kinds[i],
          loss: finiteOrNull(r.loss),
          batch_accuracy: finiteOrNull(r.accuracy),
          learning_rate: m.learningRate,
          diverged: r.diverged,
        });
        if (!r.diverged) {
          epochLoss[i].loss += r.loss;
          epochLoss[i].acc += r.accuracy;
          epochLoss[i].n++;
        }
      });
      if (m.step % trainer.stepsPerEpoch === 0 || m.step === config.totalSteps) await evaluateEpoch(m.step);
    }
    const trainEval = await trainer.evaluate('train', { limit: opts.trainEvalLimit ?? 10_000 });
    const runs: RunSummary[] = names.map((name, i) => ({
      name,
      regularizer: kinds[i],
      steps: trainer.divergence(i) ? trainer.divergence(i)!.step - 1 : config.totalSteps,
      finalTrainAccuracy: finiteOrNull(trainEval[i].accuracy),
      finalTestAccuracy: finiteOrNull(lastTest[i].accuracy),
      meanEntropy: finiteOrNull(lastTest[i].meanEntropy),
      minEntropy: finiteOrNull(lastTest[i].minEntropy),
    }));
    return {
      runs,
      stepRows,
      epochRows,
      divergences: names.map((name, i) => {
        const d = trainer.divergence(i);
        return d ? { run: name, step: d.step, hint: d.hint } : null;
      }),
      trainSeconds,
      trainImages,
      imagesPerSecond: trainSeconds > 0 ? trainImages / trainSeconds : 0,
      stepsPerEpoch: trainer.stepsPerEpoch,
      totalSteps: config.totalSteps,
    };
  } finally {
    trainer.dispose();
  }
}
