// A small fully connected network on raw tf.Variables (fewer ops per step than tf.layers), seeded
// Glorot-uniform initialisation, Polyak averaging and plain-array weight export for checkpoints.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../util/rng.ts';

export type Activation = 'relu' | 'elu' | 'tanh';

export interface MlpSpec {
  inputSize: number;
  hidden: number[];
  outputSize: number;
  activation: Activation;
  /** Scales the last layer's initial weights (a small value starts a policy near zero mean). */
  outputScale?: number;
}

/** The seeded Glorot-uniform weight matrices of every layer (row-major [fanIn, fanOut]); biases start at 0. */
export function initialWeights(spec: MlpSpec, seed: number): Array<{ w: Float32Array; fanIn: number; fanOut: number }> {
  const rng = new Rng(seed);
  const sizes = [spec.inputSize, ...spec.hidden, spec.outputSize];
  const layers = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [fanIn, fanOut] = [sizes[i], sizes[i + 1]];
    const last = i + 2 === sizes.length;
    const limit = Math.sqrt(6 / (fanIn + fanOut)) * (last ? (spec.outputScale ?? 1) : 1);
    const w = new Float32Array(fanIn * fanOut);
    for (let j = 0; j < w.length; j++) w[j] = rng.range(-limit, limit);
    layers.push({ w, fanIn, fanOut });
  }
  return layers;
}

export class Mlp {
  readonly weights: tf.Variable[] = [];
  readonly biases: tf.Variable[] = [];

  constructor(
    readonly spec: MlpSpec,
    seed: number,
    trainable = true,
  ) {
    for (const { w, fanIn, fanOut } of initialWeights(spec, seed)) {
      this.weights.push(tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), trainable)));
      this.biases.push(tf.tidy(() => tf.variable(tf.zeros([fanOut]), trainable)));
    }
  }

  get variables(): tf.Variable[] {
    return this.weights.flatMap((w, i) => [w, this.biases[i]]);
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      const n = this.weights.length;
      for (let i = 0; i < n; i++) {
        h = tf.add(tf.matMul(h, this.weights[i]), this.biases[i]);
        if (i + 1 < n) h = activate(h, this.spec.activation);
      }
      return h;
    });
  }

  /** A frozen copy with the same weights (for target networks). */
  cloneFrozen(): Mlp {
    const copy = new Mlp(this.spec, 0, false);
    copy.copyFrom(this, 1);
    return copy;
  }

  /** θ ← (1 − τ)·θ + τ·θ_source; τ = 1 copies. */
  copyFrom(source: Mlp, tau: number): void {
    tf.tidy(() => {
      const mine = this.variables;
      source.variables.forEach((v, i) => {
        mine[i].assign(tau === 1 ? v : tf.add(tf.mul(mine[i], 1 - tau), tf.mul(v, tau)));
      });
    });
  }

  async exportWeights(): Promise<number[][]> {
    return Promise.all(this.variables.map(async (v) => Array.from(await v.data())));
  }

  importWeights(values: number[][]): void {
    const vars = this.variables;
    if (values.length !== vars.length) throw new RangeError(`checkpoint has ${values.length} arrays, network has ${vars.length}`);
    vars.forEach((v, i) => {
      if (values[i].length !== v.size) throw new RangeError(`checkpoint array ${i} has ${values[i].length} numbers, expected ${v.size}`);
      const t = tf.tensor(values[i], v.shape);
      v.assign(t);
      t.dispose();
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

export function activate<T extends tf.Tensor>(h: T, a: Activation): T {
  if (a === 'relu') return tf.relu(h);
  if (a === 'elu') return tf.elu(h);
  return tf.tanh(h);
}
