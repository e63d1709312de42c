// Soft Actor-Critic: twin Q with Polyak targets, tanh-squashed Gaussian policy with the log-probability
// correction, and automatic temperature α toward the target entropy −D.
//   critic target  y = r + γ(1 − d)(min Q̄(s′, a′) − α log π(a′|s′)),  a′ ~ π(·|s′)
//   actor loss     E[α log π(a|s) − min Q(s, a)],  a = tanh(μ + σε)
//   temperature    loss −ln α · E[log π(a|s) + H̄],  H̄ = −D
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../util/rng.ts';
import { TwinCritic } from './critic.ts';
import { gaussianEntropy, squashedGaussianSample } from './distributions.ts';
import { Mlp } from './mlp.ts';
import type { Batch } from './replay.ts';
import { type ActResult, type Agent, type AgentCheckpoint, type AgentConfig, type UpdateStats, agentSeed } from './types.ts';
import { readScalars, sampleActionInJs } from './util.ts';

export const SAC_LOG_STD_MIN = -5;
export const SAC_LOG_STD_MAX = 2;

export class SacAgent implements Agent {
  readonly kind = 'sac' as const;
  readonly targetEntropy: number;
  readonly actor: Mlp;
  readonly critic: TwinCritic;
  readonly logAlpha: tf.Variable;
  private readonly actorOptimizer: tf.Optimizer;
  private readonly alphaOptimizer: tf.Optimizer;
  private readonly rng: Rng;

  constructor(
    readonly observationSize: number,
    readonly actionSize: number,
    readonly config: AgentConfig,
    seed: number,
  ) {
    this.rng = new Rng(agentSeed(seed)); // draws actor, then critic weights: as SAC-ERA does
    this.targetEntropy = -actionSize;
    const { hidden, activation } = config;
    this.actor = new Mlp({ inputSize: observationSize, hidden, outputSize: 2 * actionSize, activation, outputScale: 0.1 }, this.rng.seed31());
    this.critic = new TwinCritic(observationSize, actionSize, hidden, activation, config.criticLr, this.rng.seed31());
    this.logAlpha = tf.variable(tf.scalar(Math.log(config.initialAlpha)));
    this.actorOptimizer = tf.train.adam(config.actorLr);
    this.alphaOptimizer = tf.train.adam(config.alphaLr);
  }

  /** μ and ln σ, with ln σ squashed smoothly into [−5, 2]. */
  policy(obs: tf.Tensor2D): { mu: tf.Tensor2D; logStd: tf.Tensor2D } {
    return tf.tidy(() => {
      const [mu, raw] = tf.split(this.actor.apply(obs), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const logStd = tf.add(SAC_LOG_STD_MIN, tf.mul(0.5 * (SAC_LOG_STD_MAX - SAC_LOG_STD_MIN), tf.add(tf.tanh(raw), 1))) as tf.Tensor2D;
      return { mu, logStd };
    });
  }

  /** Standard-normal noise for reparametrised samples (a seam: tests substitute fixed noise). */
  sampleNoise(rows: number): tf.Tensor2D {
    return tf.randomNormal([rows, this.actionSize], 0, 1, 'float32', this.rng.seed31());
  }

  async act(observation: Float32Array, stochastic: boolean): Promise<ActResult> {
    const { mu, logStd } = tf.tidy(() => this.policy(tf.tensor2d(observation, [1, this.observationSize])));
    const [m, s] = await Promise.all([mu.data(), logStd.data()]);
    tf.dispose([mu, logStd]);
    return sampleActionInJs(m as Float32Array, s as Float32Array, stochastic ? this.rng : undefined, 'tanh-normal');
  }

  /** The critic target y (a constant for the critic's step). */
  criticTarget(batch: Batch, alpha: tf.Scalar): tf.Tensor1D {
    return tf.tidy(() => {
      const { mu, logStd } = this.policy(batch.nextObservations);
      const { action, logProb } = squashedGaussianSample(mu, logStd, this.sampleNoise(mu.shape[0]));
      const soft = tf.sub(this.critic.targetMinQ(batch.nextObservations, action), tf.mul(alpha, logProb));
      const notDone = tf.sub(1, batch.terminals);
      return tf.add(batch.rewards, tf.mul(this.config.gamma, tf.mul(notDone, soft))) as tf.Tensor1D;
    });
  }

  async update(batch: Batch, readStats: boolean): Promise<UpdateStats | undefined> {
    const alpha = tf.tidy(() => tf.exp(this.logAlpha) as tf.Scalar);
    const y = this.criticTarget(batch, alpha);
    const critic = this.critic.update(batch.observations, batch.actions, y);
    y.dispose();

    let meanLogProb: tf.Scalar | undefined;
    let meanGaussEntropy: tf.Scalar | undefined;
    const eps = this.sampleNoise(batch.observations.shape[0]);
    const actorLoss = this.actorOptimizer.minimize(
      () => {
        const { mu, logStd } = this.policy(batch.observations);
        const { action, logProb } = squashedGaussianSample(mu, logStd, eps);
        meanLogProb = tf.keep(tf.mean(logProb) as tf.Scalar);
        meanGaussEntropy = tf.keep(tf.mean(gaussianEntropy(logStd)) as tf.Scalar);
        return tf.mean(tf.sub(tf.mul(alpha, logProb), this.critic.minQ(batch.observations, action))) as tf.Scalar;
      },
      true,
      this.actor.variables,
    )!;
    eps.dispose();

    // −ln α · (E log π + H̄): α grows when the entropy −E log π falls below the target H̄.
    const alphaLoss = this.alphaOptimizer.minimize(() => tf.mul(tf.neg(this.logAlpha), tf.add(meanLogProb!, this.targetEntropy)) as tf.Scalar, true, [
      this.logAlpha,
    ])!;
    this.critic.updateTargets(this.config.tau);

    const scalars = { criticLoss: critic.loss, actorLoss, qMean: critic.qMean, gaussianEntropy: meanGaussEntropy!, meanLogProb: meanLogProb!, alpha };
    const stats = readStats ? await readScalars(scalars) : undefined;
    tf.dispose([...Object.values(scalars), alphaLoss]);
    if (!stats) return undefined;
    return {
      criticLoss: stats.criticLoss,
      actorLoss: stats.actorLoss,
      qMean: stats.qMean,
      gaussianEntropy: stats.gaussianEntropy,
      actionEntropy: -stats.meanLogProb,
      alpha: stats.alpha,
      delta: NaN,
    };
  }

  async exportCheckpoint(): Promise<AgentCheckpoint> {
    return {
      kind: this.kind,
      observationSize: this.observationSize,
      actionSize: this.actionSize,
      config: this.config,
      actor: await this.actor.exportWeights(),
      scalar: (await this.logAlpha.data())[0],
    };
  }

  importCheckpoint(c: AgentCheckpoint): void {
    this.actor.importWeights(c.actor);
    this.logAlpha.assign(tf.scalar(c.scalar));
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logAlpha.dispose();
    this.actorOptimizer.dispose();
    this.alphaOptimizer.dispose();
  }
}
