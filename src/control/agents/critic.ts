// Twin Q networks with Polyak-averaged target copies (clipped double-Q), shared by SAC and SAC-ERA.
import * as tf from '@tensorflow/tfjs';
import { type Activation, Mlp } from './mlp.ts';

export class TwinCritic {
  readonly q1: Mlp;
  readonly q2: Mlp;
  readonly target1: Mlp;
  readonly target2: Mlp;
  private readonly optimizer: tf.Optimizer;

  constructor(observationSize: number, actionSize: number, hidden: number[], activation: Activation, learningRate: number, seed: number) {
    const spec = { inputSize: observationSize + actionSize, hidden, outputSize: 1, activation };
    this.q1 = new Mlp(spec, seed);
    this.q2 = new Mlp(spec, seed + 1);
    this.target1 = this.q1.cloneFrozen();
    this.target2 = this.q2.cloneFrozen();
    this.optimizer = tf.train.adam(learningRate);
  }

  /** min(Q1, Q2)(s, a) as a [B] vector (differentiable w.r.t. a and the online critics). */
  minQ(obs: tf.Tensor2D, action: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const x = tf.concat([obs, action], 1) as tf.Tensor2D;
      return tf.minimum(this.q1.apply(x), this.q2.apply(x)).reshape([-1]) as tf.Tensor1D;
    });
  }

  /** min over the target copies, a constant for the caller. */
  targetMinQ(obs: tf.Tensor2D, action: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const x = tf.concat([obs, action], 1) as tf.Tensor2D;
      return tf.minimum(this.target1.apply(x), this.target2.apply(x)).reshape([-1]) as tf.Tensor1D;
    });
  }

  /** One Adam step on mean (Q1 − y)² + mean (Q2 − y)²; returns that loss and mean Q1 (caller disposes). */
  update(obs: tf.Tensor2D, action: tf.Tensor2D, y: tf.Tensor1D): { loss: tf.Scalar; qMean: tf.Scalar } {
    let qMean: tf.Scalar | undefined;
    const loss = this.optimizer.minimize(
      () => {
        const x = tf.concat([obs, action], 1) as tf.Tensor2D;
        const q1 = this.q1.apply(x).reshape([-1]);
        const q2 = this.q2.apply(x).reshape([-1]);
        qMean = tf.keep(tf.mean(q1) as tf.Scalar);
        return tf.add(tf.mean(tf.squaredDifference(q1, y)), tf.mean(tf.squaredDifference(q2, y))) as tf.Scalar;
      },
      true,
      [...this.q1.variables, ...this.q2.variables],
    )!;
    return { loss, qMean: qMean! };
  }

  updateTargets(tau: number): void {
    this.target1.copyFrom(this.q1, tau);
    this.target2.copyFrom(this.q2, tau);
  }

  dispose(): void {
    for (const m of [this.q1, this.q2, this.target1, this.target2]) m.dispose();
    this.optimizer.dispose();
  }
}
