// The token policy: a tiny autoregressive model small enough to train in a browser tab.
// The state at position t is a sum of embeddings: prompt (the target) + position + every token emitted
// before t (a bag of the prefix, which is all a digit-sum task needs); a 2-layer MLP maps it to logits.
// It is causal by construction, so one teacher-forced pass gives the logits of every position, and
// sampling runs the same function position by position on the GPU.
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
  readonly promptEmbed: tf.Variable;
  readonly positionEmbed: tf.Variable;
  readonly tokenEmbed: tf.Variable;
  readonly w1: tf.Variable;
  readonly b1: tf.Variable;
  readonly w2: tf.Variable;
  readonly b2: tf.Variable;

  constructor(
    readonly cfg: PolicyConfig,
    rng: Rng,
  ) {
    // Weights come from the seeded CPU generator so a seed means the same network on every backend.
    const normal = (shape: number[], std: number) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = rng.normal() * std;
      return tf.variable(tf.tensor(data, shape), true);
    };
    const { vocabSize: v, maxLength: t, promptCount: p, embedDim: d, hiddenDim: h } = cfg;
    this.promptEmbed = normal([p, d], 0.5);
    this.positionEmbed = normal([t, d], 0.5);
    this.tokenEmbed = normal([v, d], 0.5);
    this.w1 = normal([d, h], Math.sqrt(2 / d));
    this.b1 = tf.variable(tf.zeros([h]), true);
    // Small output weights: the untrained policy is close to uniform over the vocabulary.
    this.w2 = normal([h, v], 0.1 / Math.sqrt(h));
    this.b2 = tf.variable(tf.zeros([v]), true);
  }

  get variables(): tf.Variable[] {
    return [this.promptEmbed, this.positionEmbed, this.tokenEmbed, this.w1, this.b1, this.w2, this.b2];
  }

  /**
   * Embedding lookup as one-hot × table: its gradient is a matmul, where tf.gather's (UnsortedSegmentSum)
   * is slow on TF.js's CPU backend. Tables here have at most a few dozen rows.
   */
  private embed(table: tf.Variable, ids: tf.Tensor): tf.Tensor {
    const [rows, dim] = table.shape as [number, number];
    const flat = tf.oneHot(ids.reshape([-1]) as tf.Tensor1D, rows);
    return tf.matMul(flat, table as tf.Tensor2D).reshape([...ids.shape, dim]);
  }

  private head(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, this.w1), this.b1)), this.w2), this.b2);
  }

  /** Teacher-forced logits [N, T, V] of every position given the responses' tokens [N, T] (int32). */
  logits(prompts: tf.Tensor1D, tokens: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [n, t] = tokens.shape;
      const d = this.cfg.embedDim;
      // Exclusive prefix sum over positions as a [T, T] strictly-lower-triangular matmul (TF.js 4.22's
      // cumsum gradient is wrong for a non-last axis).
      const strictlyLower = tf.linalg.bandPart(tf.ones([t, t]), -1, 0).sub(tf.eye(t));
      const perPosition = this.embed(this.tokenEmbed, tokens.transpose()).reshape([t, n * d]);
      const prefix = tf.matMul(strictlyLower, perPosition).reshape([t, n, d]).transpose([1, 0, 2]);
      const x = tf.add(
        tf.add(prefix, this.embed(this.promptEmbed, prompts).expandDims(1)),
        this.positionEmbed.slice([0, 0], [t, d]).expandDims(0),
      );
      return this.head(x.reshape([n * t, d])).reshape([n, t, this.cfg.vocabSize]);
    });
  }

  /**
   * Samples one response per prompt from the unmodified policy: argmax(logits + Gumbel noise) at each
   * position (noise drawn from `rng` on the CPU, so runs are reproducible). Returns tokens [N, T].
   */
  async sample(prompts: number[], rng: Rng): Promise<Int32Array> {
    const { maxLength: t, vocabSize: v, embedDim: d } = this.cfg;
    const n = prompts.length;
    const noise = rng.gumbel(new Float32Array(t * n * v));
    const tokens = tf.tidy(() => {
      const promptIds = tf.tensor1d(prompts, 'int32');
      const base = this.embed(this.promptEmbed, promptIds);
      const gumbel = tf.tensor3d(noise, [t, n, v]);
      let prefix: tf.Tensor2D = tf.zeros([n, d]);
      const picked: tf.Tensor1D[] = [];
      for (let i = 0; i < t; i++) {
        const x = tf.add(tf.add(base, prefix), this.positionEmbed.slice([i, 0], [1, d])) as tf.Tensor2D;
        const noisy = tf.add(this.head(x), gumbel.slice([i, 0, 0], [1, n, v]).reshape([n, v]));
        const tok = tf.argMax(noisy, 1) as tf.Tensor1D;
        picked.push(tok);
        prefix = tf.add(prefix, this.embed(this.tokenEmbed, tok));
      }
      return tf.stack(picked, 1);
    });
    const data = (await tokens.data()) as Int32Array;
    tokens.dispose();
    return data;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
