// The token policy: a tiny autoregressive model small enough to train in a browser tab, for S seeds at
// once. The state at position t is a sum of embeddings: prompt (the target) + position + every token
// emitted before t (a bag of the prefix, which is all a digit-sum task needs); a 2-layer MLP maps it to
// logits. It is causal by construction, so one teacher-forced pass gives the logits of every position,
// and sampling runs the same function position by position on the GPU.
// Every weight carries a leading seed axis ([S, in, out]) and every product is a batched matMul, so S
// seeds cost one set of kernel launches; no op mixes two seeds' rows, so each seed trains as it would alone.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng.ts';

export interface PolicyConfig {
  vocabSize: number;
  maxLength: number;
  /** Prompts are integers in [0, promptCount). */
  promptCount: number;
  embedDim: number;
  hiddenDim: number;
}

export class TokenPolicy {
  /** How many seeds the weights stack (their leading axis). */
  readonly seeds: number;
  readonly promptEmbed: tf.Variable;
  readonly positionEmbed: tf.Variable;
  readonly tokenEmbed: tf.Variable;
  readonly w1: tf.Variable;
  /** Biases are [S, 1, out], to broadcast over the rows of each seed. */
  readonly b1: tf.Variable;
  readonly w2: tf.Variable;
  readonly b2: tf.Variable;

  /** One weight stream per seed: seed s gets the network a single-seed policy draws from rngs[s]. */
  constructor(
    readonly cfg: PolicyConfig,
    rngs: Rng[],
  ) {
    if (rngs.length < 1) throw new RangeError('a policy needs at least one seed');
    this.seeds = rngs.length;
    const s = this.seeds;
    const { vocabSize: v, maxLength: t, promptCount: p, embedDim: d, hiddenDim: h } = cfg;
    // Weights come from the seeded CPU generator so a seed means the same network on every backend; each
    // seed draws its tensors in the same order as it would alone.
    const shapes: Array<[number[], number]> = [
      [[p, d], 0.5],
      [[t, d], 0.5],
      [[v, d], 0.5],
      [[d, h], Math.sqrt(2 / d)],
      // Small output weights: the untrained policy is close to uniform over the vocabulary.
      [[h, v], 0.1 / Math.sqrt(h)],
    ];
    const data = shapes.map(([shape]) => new Float32Array(s * shape.reduce((a, b) => a * b, 1)));
    rngs.forEach((rng, seed) => {
      shapes.forEach(([, std], k) => {
        const n = data[k].length / s;
        for (let i = 0; i < n; i++) data[k][seed * n + i] = rng.normal() * std;
      });
    });
    // In a tidy, so the initial values do not outlive the variables made from them.
    const stacked = (k: number) => tf.tidy(() => tf.variable(tf.tensor(data[k], [s, ...shapes[k][0]]), true));
    this.promptEmbed = stacked(0);
    this.positionEmbed = stacked(1);
    this.tokenEmbed = stacked(2);
    this.w1 = stacked(3);
    this.b1 = tf.tidy(() => tf.variable(tf.zeros([s, 1, h]), true));
    this.w2 = stacked(4);
    this.b2 = tf.tidy(() => tf.variable(tf.zeros([s, 1, v]), true));
  }

  get variables(): tf.Variable[] {
    return [this.promptEmbed, this.positionEmbed, this.tokenEmbed, this.w1, this.b1, this.w2, this.b2];
  }

  /**
   * Embedding lookup as one-hot × table, per seed: ids [S, …] → [S, …, dim]. Its gradient is a matmul,
   * where tf.gather's (UnsortedSegmentSum) is slow on TF.js's CPU backend. Tables have a few dozen rows.
   */
  private embed(table: tf.Variable, ids: tf.Tensor): tf.Tensor {
    const [, rows, dim] = table.shape as [number, number, number];
    const flat = tf.oneHot(ids.reshape([this.seeds, -1]) as tf.Tensor2D, rows) as tf.Tensor3D;
    return tf.matMul(flat, table as tf.Tensor3D).reshape([...ids.shape, dim]);
  }

  /** [S, M, d] → logits [S, M, V]. */
  private head(x: tf.Tensor3D): tf.Tensor3D {
    return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, this.w1 as tf.Tensor3D), this.b1)), this.w2 as tf.Tensor3D), this.b2);
  }

  /**
   * The teacher-forced pass's input, built on the CPU from the token ids (a constant for autodiff): for
   * every (seed, response, position) the count of each token emitted before that position, then the
   * prompt and the position one-hot, [S, N·T, V + P + T]. Times the stacked tables [tokens; prompts;
   * positions] it is the state x of every position in one batched matmul: no prefix-sum product, no
   * broadcast whose gradient is a reduction, and a gradient that is one matmul too.
   */
  features(prompts: ArrayLike<number>, tokens: ArrayLike<number>): tf.Tensor3D {
    const { vocabSize: v, promptCount: p, maxLength: t } = this.cfg;
    const s = this.seeds;
    const n = prompts.length / s;
    if (!Number.isInteger(n) || tokens.length !== s * n * t)
      throw new RangeError(`features: ${prompts.length} prompts and ${tokens.length} tokens do not fit ${s} seeds × ${t} positions`);
    const width = v + p + t;
    const f = new Float32Array(s * n * t * width);
    const counts = new Float32Array(v);
    for (let r = 0; r < s * n; r++) {
      counts.fill(0);
      for (let i = 0; i < t; i++) {
        const row = (r * t + i) * width;
        f.set(counts, row);
        f[row + v + prompts[r]] = 1;
        f[row + v + p + i] = 1;
        counts[tokens[r * t + i]]++;
      }
    }
    return tf.tensor3d(f, [s, n * t, width]);
  }

  /** Teacher-forced logits [S, N, T, V] of every position, from `features` of the prompts and tokens. */
  logits(features: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      const [s, rows] = features.shape;
      const t = this.cfg.maxLength;
      const table = tf.concat([this.tokenEmbed, this.promptEmbed, this.positionEmbed], 1) as tf.Tensor3D;
      return this.head(tf.matMul(features, table)).reshape([s, rows / t, t, this.cfg.vocabSize]);
    });
  }

  /**
   * Samples one response per prompt from the unmodified policy: argmax(logits + Gumbel noise) at each
   * position. `prompts` holds N per seed (seed-major, S·N), `noise` the Gumbel noise of each seed in turn
   * as [T, N, V] (drawn on the CPU by the caller, from each seed's own stream, so runs are reproducible).
   * Every position runs on the device; the tokens of all seeds come back in one read. Returns [S, N, T].
   */
  async sample(prompts: ArrayLike<number>, noise: Float32Array): Promise<Int32Array> {
    const { maxLength: t, vocabSize: v, embedDim: d } = this.cfg;
    const s = this.seeds;
    const n = prompts.length / s;
    if (!Number.isInteger(n) || noise.length !== s * t * n * v)
      throw new RangeError(`sample: ${prompts.length} prompts and ${noise.length} noise values do not fit ${s} seeds`);
    // Each position's noise [S, N, V] as its own tensor (a slice of one [S, T, N, V] tensor is a copy kernel).
    const perPosition = Array.from({ length: t }, (_, i) => {
      const out = new Float32Array(s * n * v);
      for (let k = 0; k < s; k++) out.set(noise.subarray((k * t + i) * n * v, (k * t + i + 1) * n * v), k * n * v);
      return out;
    });
    const tokens = tf.tidy(() => {
      const promptIds = tf.tensor2d(Int32Array.from(prompts), [s, n], 'int32');
      const base = this.embed(this.promptEmbed, promptIds);
      let prefix: tf.Tensor = tf.zeros([s, n, d]);
      const picked: tf.Tensor2D[] = [];
      for (let i = 0; i < t; i++) {
        const x = tf.add(tf.add(base, prefix), this.positionEmbed.slice([0, i, 0], [s, 1, d])) as tf.Tensor3D;
        const noisy = tf.add(this.head(x), tf.tensor3d(perPosition[i], [s, n, v]));
        const tok = tf.argMax(noisy, 2) as tf.Tensor2D;
        picked.push(tok);
        prefix = tf.add(prefix, this.embed(this.tokenEmbed, tok));
      }
      return tf.stack(picked, 2);
    });
    const data = (await tokens.data()) as Int32Array;
    tokens.dispose();
    return data;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
