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

  /** Teacher-forced logits [S, N, T, V] of every position given the prompts [S, N] and tokens [S, N, T] (int32). */
  logits(prompts: tf.Tensor2D, tokens: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      const [s, n, t] = tokens.shape;
      const d = this.cfg.embedDim;
      // Exclusive prefix sum over positions as a [T, T] strictly-lower-triangular matmul (TF.js 4.22's
      // cumsum gradient is wrong for a non-last axis); every column is one (seed, response, dim).
      const strictlyLower = tf.linalg.bandPart(tf.ones([t, t]), -1, 0).sub(tf.eye(t));
      const perPosition = this.embed(this.tokenEmbed, tokens).transpose([2, 0, 1, 3]).reshape([t, s * n * d]);
      const prefix = tf.matMul(strictlyLower, perPosition).reshape([t, s, n, d]).transpose([1, 2, 0, 3]);
      const x = tf.add(
        tf.add(prefix, this.embed(this.promptEmbed, prompts).expandDims(2)),
        this.positionEmbed.slice([0, 0, 0], [s, t, d]).expandDims(1),
      );
      return this.head(x.reshape([s, n * t, d])).reshape([s, n, t, this.cfg.vocabSize]);
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
    if (!Number.isInteger(n) || noise.length !== s * t * n * v) throw new RangeError(`sample: ${prompts.length} prompts and ${noise.length} noise values do not fit ${s} seeds`);
    const tokens = tf.tidy(() => {
      const promptIds = tf.tensor2d(Int32Array.from(prompts), [s, n], 'int32');
      const base = this.embed(this.promptEmbed, promptIds);
      const gumbel = tf.tensor4d(noise, [s, t, n, v]);
      let prefix: tf.Tensor = tf.zeros([s, n, d]);
      const picked: tf.Tensor2D[] = [];
      for (let i = 0; i < t; i++) {
        const x = tf.add(tf.add(base, prefix), this.positionEmbed.slice([0, i, 0], [s, 1, d])) as tf.Tensor3D;
        const noisy = tf.add(this.head(x), gumbel.slice([0, i, 0, 0], [s, 1, n, v]).reshape([s, n, v]));
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
