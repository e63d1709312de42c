// Adam (or plain SGD) for weights stacked over seeds on their leading axis. The update is elementwise,
// so the seeds stay independent, and each seed keeps its own step count: a seed that skips a step (it
// diverged, or a filtered step kept no group) leaves its weights, moments and bias correction exactly
// as they were, as a single-seed run that skipped the update would. The learning rate is a plain number
// per call, so it can change between steps. The arithmetic follows tf.train.adam's op for op (β₁ 0.9,
// β₂ 0.999, the backend's ε, bias-correction powers accumulated in float32), so one seed trains as
// TF.js's own Adam would train it.
import * as tf from '@tensorflow/tfjs';

export type OptimizerKind = 'adam' | 'sgd';

const BETA1 = 0.9;
const BETA2 = 0.999;

export class SeedStackedOptimizer {
  private readonly first: tf.Variable[];
  private readonly second: tf.Variable[];
  /** Per seed: β₁ᵗ and β₂ᵗ after its t steps so far, in float32 as tf.train.adam keeps them. */
  private readonly accBeta1: Float32Array;
  private readonly accBeta2: Float32Array;

  constructor(
    readonly kind: OptimizerKind,
    private readonly variables: tf.Variable[],
    readonly seeds: number,
  ) {
    for (const v of variables) if (v.shape[0] !== seeds) throw new RangeError(`variable ${v.name} has ${v.shape[0]} seeds, expected ${seeds}`);
    const zeros = () => (kind === 'adam' ? variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false))) : []);
    this.first = zeros();
    this.second = zeros();
    this.accBeta1 = new Float32Array(seeds).fill(BETA1);
    this.accBeta2 = new Float32Array(seeds).fill(BETA2);
  }

  /**
   * One step on the seeds where `active` is true (grads in the order of the variables); the others are
   * left untouched, whatever their gradients hold (NaN included).
   */
  apply(grads: tf.Tensor[], active: readonly boolean[], learningRate: number): void {
    if (grads.length !== this.variables.length) throw new RangeError(`${grads.length} gradients for ${this.variables.length} variables`);
    if (active.length !== this.seeds) throw new RangeError(`active has ${active.length} entries for ${this.seeds} seeds`);
    if (!active.some(Boolean)) return;
    const all = active.every(Boolean);
    tf.tidy(() => {
      const perSeed = (values: ArrayLike<number>, rank: number) => tf.tensor(Float32Array.from(values), [this.seeds, ...Array<number>(rank - 1).fill(1)]);
      const mask = (rank: number) => tf.tensor(Uint8Array.from(active, Number), [this.seeds, ...Array<number>(rank - 1).fill(1)], 'bool');
      const keepInactive = (value: tf.Variable, next: tf.Tensor) => (all ? next : tf.where(mask(value.rank), next, value));
      const oneMinus1 = this.accBeta1.map((b) => 1 - b);
      const oneMinus2 = this.accBeta2.map((b) => 1 - b);
      this.variables.forEach((value, i) => {
        const g = grads[i];
        if (this.kind === 'sgd') {
          value.assign(keepInactive(value, tf.sub(value, tf.mul(tf.scalar(learningRate), g))));
          return;
        }
        const m = this.first[i];
        const v = this.second[i];
        const newFirst = tf.add(tf.mul(m, BETA1), tf.mul(g, 1 - BETA1));
        const newSecond = tf.add(tf.mul(v, BETA2), tf.mul(tf.square(g), 1 - BETA2));
        const corrected1 = tf.div(newFirst, perSeed(oneMinus1, value.rank));
        const corrected2 = tf.div(newSecond, perSeed(oneMinus2, value.rank));
        m.assign(keepInactive(m, newFirst));
        v.assign(keepInactive(v, newSecond));
        const step = tf.mul(tf.div(corrected1, tf.add(tf.sqrt(corrected2), tf.backend().epsilon())), -learningRate);
        value.assign(keepInactive(value, tf.add(step, value)));
      });
    });
    for (let s = 0; s < this.seeds; s++) {
      if (!active[s]) continue;
      this.accBeta1[s] = Math.fround(this.accBeta1[s] * BETA1);
      this.accBeta2[s] = Math.fround(this.accBeta2[s] * BETA2);
    }
  }

  dispose(): void {
    tf.dispose([...this.first, ...this.second]);
  }
}
