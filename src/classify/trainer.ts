// The lock-step trainer: up to 4 runs of the same architecture, one per regularizer, that start from the
// same weights and see the same batches (same order, same augmentation) step after step, so their curves
// differ only by the regularizer. DOM-free: the page's worker and the Node runner both drive it.
import * as tf from '@tensorflow/tfjs';
import { type ImageDataset, type ImageSplit, CHANNELS, IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from './data/dataset.ts';
import { cropAndFlip, drawCropFlips } from './augment.ts';
import { installFastCpuConvFilterGrad } from './cpu-conv-filter-grad.ts';
import { type PredictionSummary, summarizePredictions } from './metrics.ts';
import { type Classifier, type ModelKind, buildClassifier, copyWeights, disposeClassifier, extractFeatures, head } from './models.ts';
import { type RunSpec, applyDropout, crossEntropy, outputLogits } from './regularizers.ts';
import { type UniformSource, deriveSeed, mulberry32, permutation } from '../util/rng.ts';
import { type ScheduleKind, learningRateAt } from './schedule.ts';

import type { OptimizerKind } from './options.ts';

export { OPTIMIZERS, type OptimizerKind } from './options.ts';

export interface TrainerConfig {
  model: ModelKind;
  /** First-stage channels; undefined = the model's default. */
  width?: number;
  /** Input average-pool factor (tests only; see ModelOptions). */
  inputPool?: number;
  runs: RunSpec[];
  optimizer: OptimizerKind;
  learningRate: number;
  schedule: ScheduleKind;
  batchSize: number;
  /** The planned length, for the cosine schedule and progress (training may be stepped past it). */
  totalSteps: number;
  augment: boolean;
  weightDecay: number;
  seed: number;
}

export interface RunStepMetrics {
  name: string;
  /** Cross-entropy of the step's batch (training mode; for ERA runs on z'). NaN once diverged. */
  loss: number;
  /** Accuracy on the step's batch in training mode. */
  accuracy: number;
  diverged: boolean;
  /** Steps this run has completed. */
  steps: number;
}

export interface StepMetrics {
  /** Steps completed by the lock-step group (1 after the first step). */
  step: number;
  epoch: number;
  learningRate: number;
  seconds: number;
  /** Training images processed this step, all live runs together. */
  images: number;
  runs: RunStepMetrics[];
}

export interface Divergence {
  step: number;
  loss: number;
  hint: string;
}

export interface RunEvaluation extends PredictionSummary {
  name: string;
  /** Predicted probabilities of the first `keepProbabilities` examples (row-major, 10 per example). */
  probabilities: Float32Array;
}

interface RunState {
  spec: RunSpec;
  model: Classifier;
  optimizer: tf.Optimizer;
  steps: number;
  divergence: Divergence | null;
}

const SGD_MOMENTUM = 0.9;

function channelStats(split: ImageSplit): { mean: number[]; std: number[] } {
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  const { images } = split;
  for (let i = 0; i < images.length; i += CHANNELS) {
    for (let c = 0; c < CHANNELS; c++) {
      const v = images[i + c] / 255;
      sum[c] += v;
      sq[c] += v * v;
    }
  }
  const n = Math.max(1, images.length / CHANNELS);
  const mean = sum.map((s) => s / n);
  return { mean, std: sq.map((s, c) => Math.sqrt(Math.max(1e-6, s / n - mean[c] ** 2))) };
}

export function validateTrainerConfig(c: TrainerConfig): void {
  if (c.runs.length < 1 || c.runs.length > 4) throw new RangeError(`1 to 4 runs, got ${c.runs.length}`);
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${c.batchSize}`);
  if (!(c.learningRate > 0) || !Number.isFinite(c.learningRate)) throw new RangeError(`learning rate must be > 0, got ${c.learningRate}`);
  if (!(c.weightDecay >= 0)) throw new RangeError(`weight decay must be ≥ 0, got ${c.weightDecay}`);
  if (!Number.isInteger(c.totalSteps) || c.totalSteps < 1) throw new RangeError(`total steps must be a positive integer, got ${c.totalSteps}`);
}

export class LockstepTrainer {
  readonly stepsPerEpoch: number;
  readonly batchSize: number;
  private readonly runs: RunState[];
  private readonly mean: tf.Tensor1D;
  private readonly std: tf.Tensor1D;
  private readonly orderRng: UniformSource;
  private readonly augmentRng: UniformSource;
  private order: Int32Array = new Int32Array(0);
  private cursor = 0;
  private completed = 0;
  private disposed = false;

  constructor(
    readonly dataset: ImageDataset,
    readonly config: TrainerConfig,
  ) {
    validateTrainerConfig(config);
    if (tf.getBackend() === 'cpu') installFastCpuConvFilterGrad();
    // Fixed batch shapes (the last partial batch of an epoch is dropped): no shader recompiles.
    this.batchSize = Math.min(config.batchSize, dataset.train.count);
    this.stepsPerEpoch = Math.max(1, Math.floor(dataset.train.count / this.batchSize));
    const stats = channelStats(dataset.train);
    this.mean = tf.keep(tf.tensor1d(stats.mean.map((m) => m * 255)));
    this.std = tf.keep(tf.tensor1d(stats.std.map((s) => s * 255)));
    this.orderRng = mulberry32(deriveSeed(config.seed, 'batch-order'));
    this.augmentRng = mulberry32(deriveSeed(config.seed, 'augment'));
    const first = buildClassifier({ kind: config.model, width: config.width, inputPool: config.inputPool, seed: deriveSeed(config.seed, 'weights') });
    this.runs = config.runs.map((spec, i) => {
      const model =
        i === 0 ? first : buildClassifier({ kind: config.model, width: config.width, inputPool: config.inputPool, seed: deriveSeed(config.seed, 'weights') });
      if (i > 0) copyWeights(first, model);
      return { spec, model, optimizer: this.makeOptimizer(), steps: 0, divergence: null };
    });
  }

  private makeOptimizer(): tf.Optimizer {
    return this.config.optimizer === 'adam' ? tf.train.adam(this.config.learningRate) : tf.train.momentum(this.config.learningRate, SGD_MOMENTUM);
  }

  get step(): number {
    return this.completed;
  }

  get runNames(): string[] {
    return this.runs.map((r) => r.spec.name);
  }

  divergence(i: number): Divergence | null {
    return this.runs[i].divergence;
  }

  /** The classifier of run i (for tests and inspection). */
  classifier(i: number): Classifier {
    return this.runs[i].model;
  }

  private nextIndices(): Int32Array {
    if (this.order.length - this.cursor < this.batchSize) {
      this.order = permutation(this.orderRng, this.dataset.train.count);
      this.cursor = 0;
    }
    this.cursor += this.batchSize;
    return this.order.slice(this.cursor - this.batchSize, this.cursor);
  }

  /** Normalised NHWC float batch of the given examples. */
  private images(split: ImageSplit, indices: ArrayLike<number>): tf.Tensor4D {
    const n = indices.length;
    const raw = new Float32Array(n * PIXELS_PER_IMAGE);
    for (let i = 0; i < n; i++) {
      const src = split.images.subarray(indices[i] * PIXELS_PER_IMAGE, (indices[i] + 1) * PIXELS_PER_IMAGE);
      raw.set(src, i * PIXELS_PER_IMAGE);
    }
    return tf.tidy(() => tf.tensor4d(raw, [n, IMAGE_SIZE, IMAGE_SIZE, CHANNELS]).sub(this.mean).div(this.std) as tf.Tensor4D);
  }

  private setLearningRate(opt: tf.Optimizer, lr: number): void {
    // (instanceof is duck-typed for TF.js optimizers, so ask for the method itself.)
    const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
    if (o.learningRate === lr) return;
    if (o.setLearningRate)
      o.setLearningRate(lr); // SGD/momentum cache −lr in a tensor
    else o.learningRate = lr; // Adam reads this field on every update
  }

  /** The training loss of one run on one batch, as the optimizer sees it (exported for the wiring tests). */
  lossFor(run: number, x: tf.Tensor4D, labels: tf.Tensor1D, dropoutSeed: number): { loss: tf.Scalar; correct: tf.Scalar; total: tf.Scalar } {
    const { spec, model } = this.runs[run];
    const r = spec.regularizer;
    const features = extractFeatures(model, x, true);
    const logits = head(model, applyDropout(features, r.dropout, dropoutSeed));
    const out = outputLogits(logits, r);
    const loss = crossEntropy(out, labels, r.labelSmoothing);
    const correct = out.argMax(1).equal(labels).sum() as tf.Scalar;
    const wd = this.config.weightDecay;
    // A tensor of its own even without decay: the optimizer disposes what the loss closure returns.
    const total = wd > 0 ? (loss.add(tf.addN(model.kernels.map((k) => tf.sum(tf.square(k)))).mul(wd / 2)) as tf.Scalar) : loss.clone();
    return { loss, correct, total };
  }

  /** One optimisation step for every live run on the same batch; resolves once its metrics are read back. */
  async trainStep(): Promise<StepMetrics> {
    if (this.disposed) throw new Error('trainer was disposed');
    const t0 = performance.now();
    const indices = this.nextIndices();
    const lr = learningRateAt(this.config.schedule, this.config.learningRate, this.completed, this.config.totalSteps);
    const dropoutSeed = deriveSeed(this.config.seed, `dropout-${this.completed}`);
    const live = this.runs.map((r, i) => (r.divergence ? -1 : i)).filter((i) => i >= 0);
    const stats = tf.tidy(() => {
      const labels = tf.tensor1d(
        Int32Array.from(indices, (j) => this.dataset.train.labels[j]),
        'int32',
      );
      let x = this.images(this.dataset.train, indices);
      if (this.config.augment) x = cropAndFlip(x, drawCropFlips(this.augmentRng, indices.length));
      const rows: tf.Tensor[] = [];
      for (const i of live) {
        const run = this.runs[i];
        this.setLearningRate(run.optimizer, lr);
        let loss: tf.Scalar | undefined;
        let correct: tf.Scalar | undefined;
        run.optimizer.minimize(
          () => {
            const r = this.lossFor(i, x, labels, dropoutSeed);
            loss = tf.keep(r.loss);
            correct = tf.keep(r.correct);
            return r.total;
          },
          false,
          run.model.trainable,
        );
        rows.push(tf.stack([loss!, correct!.toFloat()]));
        loss!.dispose();
        correct!.dispose();
      }
      return rows.length ? tf.stack(rows) : tf.zeros([0, 2]);
    });
    const values = await stats.data();
    stats.dispose();
    this.completed++;
    const runs: RunStepMetrics[] = this.runs.map((r) => ({ name: r.spec.name, loss: NaN, accuracy: NaN, diverged: r.divergence !== null, steps: r.steps }));
    live.forEach((i, k) => {
      const loss = values[2 * k];
      const run = this.runs[i];
      if (!Number.isFinite(loss)) {
        run.divergence = {
          step: this.completed,
          loss,
          hint: `loss became ${loss} at step ${this.completed}: learning rate ${lr.toPrecision(3)} too high?`,
        };
      } else run.steps = this.completed;
      runs[i] = { name: run.spec.name, loss, accuracy: values[2 * k + 1] / indices.length, diverged: run.divergence !== null, steps: run.steps };
    });
    return {
      step: this.completed,
      epoch: this.completed / this.stepsPerEpoch,
      learningRate: lr,
      seconds: (performance.now() - t0) / 1000,
      images: indices.length * live.length,
      runs,
    };
  }

  /**
   * Evaluation-mode predictions of every run on (the first `limit` examples of) a split: accuracy,
   * entropies of softmax of the output logits (z' for ERA runs), calibration and confusion.
   */
  async evaluate(split: 'train' | 'test', opts: { limit?: number; chunk?: number; keepProbabilities?: number } = {}): Promise<RunEvaluation[]> {
    const data = this.dataset[split];
    const n = Math.min(opts.limit ?? data.count, data.count);
    const chunk = opts.chunk ?? 500;
    const probs = this.runs.map(() => new Float32Array(n * NUM_CLASSES));
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      const idx = Int32Array.from({ length: end - start }, (_, i) => start + i);
      const stacked = tf.tidy(() => {
        const x = this.images(data, idx);
        return tf.stack(this.runs.map((r) => tf.softmax(outputLogits(head(r.model, extractFeatures(r.model, x, false)), r.spec.regularizer))));
      });
      const values = await stacked.data();
      stacked.dispose();
      const per = (end - start) * NUM_CLASSES;
      this.runs.forEach((_, r) => probs[r].set(values.subarray(r * per, (r + 1) * per), start * NUM_CLASSES));
    }
    const labels = data.labels.subarray(0, n);
    return this.runs.map((r, i) => ({
      name: r.spec.name,
      ...summarizePredictions(probs[i], labels, NUM_CLASSES),
      probabilities: probs[i].slice(0, Math.min(n, opts.keepProbabilities ?? 0) * NUM_CLASSES),
    }));
  }

  /**
   * The GPU work of one step of every live run, for the performance panel: a forward and a backward pass
   * on a training-sized batch of test images, in evaluation mode (no batch-norm statistics move, no
   * update is applied). Synchronous, so tf.time can profile it whole; the gradients are disposed.
   */
  forwardBackward(): void {
    const n = Math.min(this.batchSize, this.dataset.test.count);
    tf.tidy(() => {
      const x = this.images(
        this.dataset.test,
        Array.from({ length: n }, (_, i) => i),
      );
      const labels = tf.tensor1d(Array.from(this.dataset.test.labels.subarray(0, n)), 'int32');
      this.runs.forEach((r) => {
        if (r.divergence) return;
        const loss = () =>
          crossEntropy(outputLogits(head(r.model, extractFeatures(r.model, x, false)), r.spec.regularizer), labels, r.spec.regularizer.labelSmoothing);
        tf.variableGrads(loss);
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.runs) {
      disposeClassifier(r.model);
      r.optimizer.dispose();
    }
    this.mean.dispose();
    this.std.dispose();
  }
}
