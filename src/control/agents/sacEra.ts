// SAC-ERA as released (shared/ERA.md §2): ERA on the log-std head fixes the policy Gaussian's entropy
// at H₀ + δ on every state, so there is no temperature and no entropy term anywhere:
//   (μ, ln σ) = eraGaussian(μ̂, σ̂, {h0: H₀, delta: δ, logStdMin, logStdMax}),  H₀ = D·targetEntropyPerDim
//   critic target  y = r + γ(1 − d)·min Q̄(s′, a′),  a′ ~ π(·|s′)
//   actor loss     −E[min Q(s, a)],  a reparametrised from the truncated normal (inverse CDF at a
//                  uniform u), the tanh-normal or the clamped normal
//   δ (auto)       minimises E[δ·(H[π] − H₀)] with H[π] the executed distribution's entropy, δ ≥ 0
import * as tf from '@tensorflow/tfjs';
import { eraGaussian, maxGaussianTarget } from '../../era/index.ts';
import { Rng } from '../../util/rng.ts';
import { TwinCritic } from './critic.ts';
import { clampedNormalSample, gaussianEntropy, squashedGaussianSample, truncatedNormalEntropy, truncatedNormalInverseCdf } from './distributions.ts';
import { Mlp } from './mlp.ts';
import type { Batch } from './replay.ts';
import { type ActResult, type Agent, type AgentCheckpoint, type AgentConfig, type UpdateStats, agentSeed } from './types.ts';
import { readScalars, sampleActionInJs } from './util.ts';

/** δ is read back (one scalar) and stepped every this many updates when auto-tuned. */
const DELTA_EVERY = 10;

export class SacEraAgent implements Agent {
  readonly kind = 'sac-era' as const;
  targetEntropy: number;
  readonly actor: Mlp;
  readonly critic: TwinCritic;
  delta: number;
  private maxDelta: number;
  private readonly actorOptimizer: tf.Optimizer;
  private readonly rng: Rng;
  private updates = 0;

  constructor(
    readonly observationSize: number,
    readonly actionSize: number,
    readonly config: AgentConfig,
    seed: number,
  ) {
    this.rng = new Rng(agentSeed(seed)); // draws actor, then critic weights: as SAC does
    this.targetEntropy = actionSize * config.targetEntropyPerDim;
    this.delta = config.delta;
    // ERA is feasible only for H₀ + δ ≤ D·(ln σ_max + ln√(2πe)); eraGaussian rejects anything above.
    this.maxDelta = maxGaussianTarget(actionSize, config.logStdMax) - this.targetEntropy;
    if (this.maxDelta < 0) {
      throw new RangeError(
        `target entropy ${this.targetEntropy} exceeds the largest feasible ${maxGaussianTarget(actionSize, config.logStdMax).toFixed(4)} for D = ${actionSize}`,
      );
    }
    const { hidden, activation } = config;
    this.actor = new Mlp({ inputSize: observationSize, hidden, outputSize: 2 * actionSize, activation, outputScale: 0.1 }, this.rng.seed31());
    this.critic = new TwinCritic(observationSize, actionSize, hidden, activation, config.criticLr, this.rng.seed31());
    this.actorOptimizer = tf.train.adam(config.actorLr);
  }
  /**
   * A new target H₀ = D·perDim from the next action on (a live setting): ERA sets σ for it directly, so
   * the Gaussian's entropy is at the new target at once. δ is capped to stay feasible.
   */
  setTargetEntropyPerDim(perDim: number): void {
    const target = this.actionSize * perDim;
    const maxDelta = maxGaussianTarget(this.actionSize, this.config.logStdMax) - target;
    if (maxDelta < 0) throw new RangeError(`target entropy ${target} exceeds the largest feasible for D = ${this.actionSize}`);
    this.targetEntropy = target;
    this.maxDelta = maxDelta;
    this.delta = Math.min(this.delta, maxDelta);
  }

  /** μ and ERA's ln σ (entropy H₀ + δ per state, ± clipping). */
  policy(obs: tf.Tensor2D): { mu: tf.Tensor2D; logStd: tf.Tensor2D } {
    return tf.tidy(() => {
      const [mu, sigmaHat] = tf.split(this.actor.apply(obs), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      return eraGaussian(mu, sigmaHat, {
        h0: this.targetEntropy,
        delta: this.delta,
        logStdMin: this.config.logStdMin,
        logStdMax: this.config.logStdMax,
      });
    });
  }

  /**
   * Noise for reparametrised samples (a seam: tests substitute fixed noise): uniforms in [0, 1) from the
   * seeded generator for the truncated normal's inverse CDF, standard normals for the other two.
   */
  sampleNoise(rows: number): tf.Tensor2D {
    if (this.config.distribution === 'truncated-normal') {
      const u = new Float32Array(rows * this.actionSize);
      for (let i = 0; i < u.length; i++) u[i] = this.rng.uniform();
      return tf.tensor2d(u, [rows, this.actionSize]);
    }
    return tf.randomNormal([rows, this.actionSize], 0, 1, 'float32', this.rng.seed31());
  }

  /**
   * A reparametrised action and the executed distribution's entropy (what the episode reports and
   * auto-δ steers): the truncated normal's exact entropy; for the tanh-normal the one-sample Monte
   * Carlo −log π(a) with the log-det term; for the clamped normal, whose atoms at ±1 make its
   * differential entropy −∞, the entropy of its continuous part renormalised (the same truncated-normal
   * formula): finite, equal to the Gaussian's while the clamp rarely acts, and blind to the mass at ±1.
   */
  sample(mu: tf.Tensor2D, logStd: tf.Tensor2D, noise: tf.Tensor2D): { action: tf.Tensor2D; actionEntropy: tf.Tensor1D } {
    return tf.tidy(() => {
      const distribution = this.config.distribution;
      if (distribution === 'tanh-normal') {
        const { action, logProb } = squashedGaussianSample(mu, logStd, noise);
        return { action, actionEntropy: tf.neg(logProb) as tf.Tensor1D };
      }
      const loc = tf.tanh(mu) as tf.Tensor2D;
      const action =
        distribution === 'truncated-normal' ? truncatedNormalInverseCdf(loc, tf.exp(logStd) as tf.Tensor2D, noise) : clampedNormalSample(mu, logStd, noise);
      return { action, actionEntropy: truncatedNormalEntropy(loc, logStd) };
    });
  }

  async act(observation: Float32Array, stochastic: boolean): Promise<ActResult> {
    const { mu, logStd } = tf.tidy(() => this.policy(tf.tensor2d(observation, [1, this.observationSize])));
    const [m, s] = await Promise.all([mu.data(), logStd.data()]);
    tf.dispose([mu, logStd]);
    return sampleActionInJs(m as Float32Array, s as Float32Array, stochastic ? this.rng : undefined, this.config.distribution);
  }

  criticTarget(batch: Batch): tf.Tensor1D {
    return tf.tidy(() => {
      const { mu, logStd } = this.policy(batch.nextObservations);
      const { action } = this.sample(mu, logStd, this.sampleNoise(mu.shape[0]));
      const notDone = tf.sub(1, batch.terminals);
      const next = this.critic.targetMinQ(batch.nextObservations, action);
      return tf.add(batch.rewards, tf.mul(this.config.gamma, tf.mul(notDone, next))) as tf.Tensor1D;
    });
  }

  async update(batch: Batch, readStats: boolean): Promise<UpdateStats | undefined> {
    const y = this.criticTarget(batch);
    const critic = this.critic.update(batch.observations, batch.actions, y);
    y.dispose();

    let meanActionEntropy: tf.Scalar | undefined;
    let meanGaussEntropy: tf.Scalar | undefined;
    const noise = this.sampleNoise(batch.observations.shape[0]);
    const actorLoss = this.actorOptimizer.minimize(
      () => {
        const { mu, logStd } = this.policy(batch.observations);
        const { action, actionEntropy } = this.sample(mu, logStd, noise);
        meanActionEntropy = tf.keep(tf.mean(actionEntropy) as tf.Scalar);
        meanGaussEntropy = tf.keep(tf.mean(gaussianEntropy(logStd)) as tf.Scalar);
        return tf.neg(tf.mean(this.critic.minQ(batch.observations, action))) as tf.Scalar;
      },
      true,
      this.actor.variables,
    )!;
    noise.dispose();
    this.critic.updateTargets(this.config.tau);
    this.updates++;

    const autoDelta = this.config.deltaMode === 'auto';
    const stepDelta = autoDelta && this.updates % DELTA_EVERY === 0;
    const scalars = { criticLoss: critic.loss, actorLoss, qMean: critic.qMean, gaussianEntropy: meanGaussEntropy!, actionEntropy: meanActionEntropy! };
    const stats = readStats || stepDelta ? await readScalars(scalars) : undefined;
    tf.dispose(Object.values(scalars));
    if (stepDelta && stats) {
      // ∂/∂δ of δ·(H − H₀) is H − H₀: δ rises while the executed entropy is below the target.
      const next = this.delta - DELTA_EVERY * this.config.deltaLr * (stats.actionEntropy - this.targetEntropy);
      if (Number.isFinite(next)) this.delta = Math.min(this.maxDelta, Math.max(0, next));
    }
    if (!readStats || !stats) return undefined;
    return { ...stats, alpha: NaN, delta: this.delta };
  }

  async exportCheckpoint(): Promise<AgentCheckpoint> {
    return {
      kind: this.kind,
      observationSize: this.observationSize,
      actionSize: this.actionSize,
      config: this.config,
      actor: await this.actor.exportWeights(),
      scalar: this.delta,
    };
  }

  importCheckpoint(c: AgentCheckpoint): void {
    this.actor.importWeights(c.actor);
    this.delta = Math.min(this.maxDelta, Math.max(0, c.scalar));
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.actorOptimizer.dispose();
  }
}
