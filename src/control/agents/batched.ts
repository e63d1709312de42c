// SAC and SAC-ERA for S seeds trained together as one batched computation. Every seed's weights are
// stacked on a leading axis ([S, in, out], batched tf.matMul on [S, B, in] inputs); each loss is the sum
// over seeds of that seed's own loss, so a seed's gradient is exactly its single-seed gradient, and Adam
// is elementwise, so the seeds stay independent. Each seed keeps its own generator (initial weights,
// acting and sampling noise) drawn in the order a single agent (sac.ts, sacEra.ts) draws it, so seed k of
// a batch trains as the single agent of seed k does (test/control/seeds.test.ts).
import * as tf from '@tensorflow/tfjs';
import { eraGaussian, maxGaussianTarget } from '../../era/index.ts';
import { Rng } from '../../util/rng.ts';
import { clampedNormalSample, gaussianEntropy, squashedGaussianSample, truncatedNormalEntropy, truncatedNormalInverseCdf } from './distributions.ts';
import { type Activation, type MlpSpec, activate, initialWeights } from './mlp.ts';
import type { BatchArrays } from './replay.ts';
import { SAC_LOG_STD_MAX, SAC_LOG_STD_MIN } from './sac.ts';
import { AGENT_KINDS, type ActResult, type AgentCheckpoint, type AgentConfig, type AgentKind, type UpdateStats, agentSeed } from './types.ts';
import { sampleActionInJs } from './util.ts';

/** The seeds' batches stacked: [S, B, ·]. */
export interface SeedsBatch {
  observations: tf.Tensor3D;
  actions: tf.Tensor3D;
  rewards: tf.Tensor2D;
  nextObservations: tf.Tensor3D;
  terminals: tf.Tensor2D;
}

export function seedsBatchOf(a: BatchArrays, seeds: number, batchSize: number, observationSize: number, actionSize: number): SeedsBatch {
  return {
    observations: tf.tensor3d(a.obs, [seeds, batchSize, observationSize]),
    actions: tf.tensor3d(a.act, [seeds, batchSize, actionSize]),
    rewards: tf.tensor2d(a.rew, [seeds, batchSize]),
    nextObservations: tf.tensor3d(a.next, [seeds, batchSize, observationSize]),
    terminals: tf.tensor2d(a.term, [seeds, batchSize]),
  };
}

export function disposeSeedsBatch(b: SeedsBatch): void {
  tf.dispose([b.observations, b.actions, b.rewards, b.nextObservations, b.terminals]);
}

/** S fully connected networks of one shape, weights [S, in, out] and biases [S, 1, out]. */
export class BatchedMlp {
  readonly weights: tf.Variable[] = [];
  readonly biases: tf.Variable[] = [];

  /** One network per seed of `seeds`, each initialised exactly as `new Mlp(spec, seed)`. */
  constructor(
    readonly spec: MlpSpec,
    seeds: number[],
    trainable = true,
  ) {
    const perSeed = seeds.map((s) => initialWeights(spec, s));
    const layers = perSeed[0].length;
    for (let l = 0; l < layers; l++) {
      const { fanIn, fanOut } = perSeed[0][l];
      const w = new Float32Array(seeds.length * fanIn * fanOut);
      perSeed.forEach((p, k) => w.set(p[l].w, k * fanIn * fanOut));
      // Inside tidy: the initial tensors go, the variables (untracked by tidy) keep their data.
      this.weights.push(tf.tidy(() => tf.variable(tf.tensor3d(w, [seeds.length, fanIn, fanOut]), trainable)));
      this.biases.push(tf.tidy(() => tf.variable(tf.zeros([seeds.length, 1, fanOut]), trainable)));
    }
  }

  get seeds(): number {
    return this.weights[0].shape[0];
  }

  get variables(): tf.Variable[] {
    return this.weights.flatMap((w, i) => [w, this.biases[i]]);
  }

  apply(x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      let h: tf.Tensor3D = x;
      const n = this.weights.length;
      for (let i = 0; i < n; i++) {
        h = tf.add(tf.matMul(h, this.weights[i] as tf.Tensor3D), this.biases[i]);
        if (i + 1 < n) h = activate(h, this.spec.activation);
      }
      return h;
    });
  }

  cloneFrozen(): BatchedMlp {
    const copy = new BatchedMlp(
      this.spec,
      Array.from({ length: this.seeds }, () => 0),
      false,
    );
    copy.copyFrom(this, 1);
    return copy;
  }

  /** θ ← (1 − τ)·θ + τ·θ_source (elementwise: every seed alike). */
  copyFrom(source: BatchedMlp, tau: number): void {
    tf.tidy(() => {
      const mine = this.variables;
      source.variables.forEach((v, i) => {
        mine[i].assign(tau === 1 ? v : tf.add(tf.mul(mine[i], 1 - tau), tf.mul(v, tau)));
      });
    });
  }

  /** Seed slot k's weights in the single network's format (`Mlp.exportWeights`). */
  async exportWeights(slot: number): Promise<number[][]> {
    return Promise.all(
      this.variables.map(async (v) => {
        const part = tf.slice(v, [slot], [1]);
        const data = await part.data();
        part.dispose();
        return Array.from(data);
      }),
    );
  }

  /** Loads a single network's weights (`Mlp.exportWeights`) into seed slot k; the other slots keep theirs. */
  importWeights(slot: number, values: number[][]): void {
    const vars = this.variables;
    if (values.length !== vars.length) throw new RangeError(`checkpoint has ${values.length} arrays, network has ${vars.length}`);
    vars.forEach((v, i) => {
      const size = v.size / v.shape[0];
      if (values[i].length !== size) throw new RangeError(`checkpoint array ${i} has ${values[i].length} numbers, expected ${size}`);
    });
    tf.tidy(() => {
      vars.forEach((v, i) => {
        const t = tf.tensor(values[i], [1, ...v.shape.slice(1)]);
        const parts: tf.Tensor[] = [];
        if (slot > 0) parts.push(tf.slice(v, [0], [slot]));
        parts.push(t);
        if (slot + 1 < v.shape[0]) parts.push(tf.slice(v, [slot + 1], [v.shape[0] - slot - 1]));
        v.assign(tf.concat(parts, 0));
      });
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** Twin Q networks with Polyak targets for S seeds (critic.ts, batched). */
export class BatchedTwinCritic {
  readonly q1: BatchedMlp;
  readonly q2: BatchedMlp;
  readonly target1: BatchedMlp;
  readonly target2: BatchedMlp;
  private readonly optimizer: tf.Optimizer;

  constructor(observationSize: number, actionSize: number, hidden: number[], activation: Activation, learningRate: number, seeds: number[]) {
    const spec = { inputSize: observationSize + actionSize, hidden, outputSize: 1, activation };
    this.q1 = new BatchedMlp(spec, seeds);
    this.q2 = new BatchedMlp(
      spec,
      seeds.map((s) => s + 1),
    );
    this.target1 = this.q1.cloneFrozen();
    this.target2 = this.q2.cloneFrozen();
    this.optimizer = tf.train.adam(learningRate);
  }

  /** min(Q1, Q2)(s, a) as [S, B]. */
  minQ(obs: tf.Tensor3D, action: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const x = tf.concat([obs, action], 2) as tf.Tensor3D;
      return tf.squeeze(tf.minimum(this.q1.apply(x), this.q2.apply(x)), [2]) as tf.Tensor2D;
    });
  }

  targetMinQ(obs: tf.Tensor3D, action: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const x = tf.concat([obs, action], 2) as tf.Tensor3D;
      return tf.squeeze(tf.minimum(this.target1.apply(x), this.target2.apply(x)), [2]) as tf.Tensor2D;
    });
  }

  /** One Adam step on Σ_seeds [mean (Q1 − y)² + mean (Q2 − y)²]; per-seed losses and mean Q1 as [S]. */
  update(obs: tf.Tensor3D, action: tf.Tensor3D, y: tf.Tensor2D): { loss: tf.Tensor1D; qMean: tf.Tensor1D } {
    let qMean: tf.Tensor1D | undefined;
    let perSeed: tf.Tensor1D | undefined;
    const total = this.optimizer.minimize(
      () => {
        const x = tf.concat([obs, action], 2) as tf.Tensor3D;
        const q1 = tf.squeeze(this.q1.apply(x), [2]);
        const q2 = tf.squeeze(this.q2.apply(x), [2]);
        qMean = tf.keep(tf.mean(q1, 1) as tf.Tensor1D);
        perSeed = tf.keep(tf.add(tf.mean(tf.squaredDifference(q1, y), 1), tf.mean(tf.squaredDifference(q2, y), 1)) as tf.Tensor1D);
        return tf.sum(perSeed) as tf.Scalar;
      },
      true,
      [...this.q1.variables, ...this.q2.variables],
    )!;
    total.dispose();
    return { loss: perSeed!, qMean: qMean! };
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

/** Reads several [S] vectors with one transfer; returns per seed a record of numbers. */
async function readPerSeed<K extends string>(vectors: Record<K, tf.Tensor1D>, seeds: number): Promise<Array<Record<K, number>>> {
  const keys = Object.keys(vectors) as K[];
  const stacked = tf.stack(keys.map((k) => vectors[k]));
  const values = await stacked.data();
  stacked.dispose();
  return Array.from({ length: seeds }, (_, s) => Object.fromEntries(keys.map((k, i) => [k, values[i * seeds + s]])) as Record<K, number>);
}

/** The interface both batched agents implement: S seeds, one call for all. */
export interface SeedsAgent {
  readonly kind: AgentKind;
  readonly seeds: number[];
  readonly observationSize: number;
  readonly actionSize: number;
  /** The entropy the agent steers toward (the same for every seed). */
  readonly targetEntropy: number;
  /**
   * One observation per seed, one forward pass for all; each seed samples with its own generator.
   * `stochastic` per slot (an array) lets one seed sample while the others' generators stay untouched.
   */
  act(observations: Float32Array[], stochastic: boolean | readonly boolean[]): Promise<ActResult[]>;
  /** One gradient step of every seed; per-seed statistics on request. */
  update(batch: SeedsBatch, readStats: boolean): Promise<UpdateStats[] | undefined>;
  /** Seed slot k's actor in the single agent's checkpoint format. */
  exportCheckpoint(slot: number): Promise<AgentCheckpoint>;
  importCheckpoint(slot: number, checkpoint: AgentCheckpoint): void;
  dispose(): void;
}

const sampling = (stochastic: boolean | readonly boolean[], slot: number) => (typeof stochastic === 'boolean' ? stochastic : (stochastic[slot] ?? false));

/** Shared construction: per seed the generator of `agentSeed(seed)` draws actor, then critic seeds. */
abstract class SeedsAgentBase {
  readonly actor: BatchedMlp;
  readonly critic: BatchedTwinCritic;
  protected readonly rngs: Rng[];
  protected readonly actorOptimizer: tf.Optimizer;

  constructor(
    readonly observationSize: number,
    readonly actionSize: number,
    readonly config: AgentConfig,
    readonly seeds: number[],
  ) {
    if (seeds.length < 1) throw new RangeError('at least one seed');
    this.rngs = seeds.map((s) => new Rng(agentSeed(s)));
    const actorSeeds = this.rngs.map((r) => r.seed31());
    const criticSeeds = this.rngs.map((r) => r.seed31());
    const { hidden, activation } = config;
    this.actor = new BatchedMlp({ inputSize: observationSize, hidden, outputSize: 2 * actionSize, activation, outputScale: 0.1 }, actorSeeds);
    this.critic = new BatchedTwinCritic(observationSize, actionSize, hidden, activation, config.criticLr, criticSeeds);
    this.actorOptimizer = tf.train.adam(config.actorLr);
  }

  get size(): number {
    return this.seeds.length;
  }

  /** [S·rows, D] standard normals, seed k's rows from its own generator (as the single agent draws them). */
  protected normalNoise(rows: number): tf.Tensor2D {
    return tf.tidy(
      () =>
        tf.concat(
          this.rngs.map((r) => tf.randomNormal([rows, this.actionSize], 0, 1, 'float32', r.seed31())),
          0,
        ) as tf.Tensor2D,
    );
  }

  /** μ and ln σ for one state per seed, read back: [S, D] each. */
  protected async headsOf(observations: Float32Array[], policy: (obs: tf.Tensor3D) => { mu: tf.Tensor2D; logStd: tf.Tensor2D }) {
    const o = this.observationSize;
    const flat = new Float32Array(this.size * o);
    observations.forEach((x, k) => flat.set(x, k * o));
    const { mu, logStd } = tf.tidy(() => policy(tf.tensor3d(flat, [this.size, 1, o])));
    const [m, s] = await Promise.all([mu.data(), logStd.data()]);
    tf.dispose([mu, logStd]);
    const d = this.actionSize;
    return {
      mu: m as Float32Array,
      logStd: s as Float32Array,
      row: (k: number) => [(m as Float32Array).subarray(k * d, (k + 1) * d), (s as Float32Array).subarray(k * d, (k + 1) * d)] as const,
    };
  }

  protected checkpointOf(kind: AgentKind, actor: number[][], scalar: number): AgentCheckpoint {
    return { kind, observationSize: this.observationSize, actionSize: this.actionSize, config: this.config, actor, scalar };
  }

  protected disposeBase(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.actorOptimizer.dispose();
  }
}

/** SAC (sac.ts) for S seeds: ln α is an [S] vector. Policies and samples are flattened to [S·B, D]. */
export class SacSeeds extends SeedsAgentBase implements SeedsAgent {
  readonly kind = 'sac' as const;
  readonly targetEntropy: number;
  readonly logAlpha: tf.Variable;
  private readonly alphaOptimizer: tf.Optimizer;

  constructor(observationSize: number, actionSize: number, config: AgentConfig, seeds: number[]) {
    super(observationSize, actionSize, config, seeds);
    this.targetEntropy = -actionSize;
    this.logAlpha = tf.tidy(() => tf.variable(tf.fill([seeds.length], Math.log(config.initialAlpha))));
    this.alphaOptimizer = tf.train.adam(config.alphaLr);
  }

  /** μ and ln σ as [S·B, D] (seed-major rows). */
  policy(obs: tf.Tensor3D): { mu: tf.Tensor2D; logStd: tf.Tensor2D } {
    return tf.tidy(() => {
      const out = this.actor.apply(obs);
      const [mu, raw] = tf.split(tf.reshape(out, [-1, 2 * this.actionSize]), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const logStd = tf.add(SAC_LOG_STD_MIN, tf.mul(0.5 * (SAC_LOG_STD_MAX - SAC_LOG_STD_MIN), tf.add(tf.tanh(raw), 1))) as tf.Tensor2D;
      return { mu, logStd };
    });
  }

  async act(observations: Float32Array[], stochastic: boolean | readonly boolean[]): Promise<ActResult[]> {
    const h = await this.headsOf(observations, (o) => this.policy(o));
    return this.rngs.map((r, k) => {
      const [m, s] = h.row(k);
      return sampleActionInJs(m, s, sampling(stochastic, k) ? r : undefined, 'tanh-normal');
    });
  }

  private criticTarget(batch: SeedsBatch, alpha: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [S, B] = batch.rewards.shape;
      const { mu, logStd } = this.policy(batch.nextObservations);
      const { action, logProb } = squashedGaussianSample(mu, logStd, this.normalNoise(B));
      const q = this.critic.targetMinQ(batch.nextObservations, tf.reshape(action, [S, B, this.actionSize]));
      const soft = tf.sub(q, tf.mul(alpha, tf.reshape(logProb, [S, B])));
      return tf.add(batch.rewards, tf.mul(this.config.gamma, tf.mul(tf.sub(1, batch.terminals), soft))) as tf.Tensor2D;
    });
  }

  async update(batch: SeedsBatch, readStats: boolean): Promise<UpdateStats[] | undefined> {
    const [S, B] = batch.rewards.shape;
    const alpha = tf.tidy(() => tf.reshape(tf.exp(this.logAlpha), [S, 1]) as tf.Tensor2D);
    const y = this.criticTarget(batch, alpha);
    const critic = this.critic.update(batch.observations, batch.actions, y);
    y.dispose();

    let meanLogProb: tf.Tensor1D | undefined;
    let meanGaussEntropy: tf.Tensor1D | undefined;
    let actorLoss: tf.Tensor1D | undefined;
    const eps = this.normalNoise(B);
    const total = this.actorOptimizer.minimize(
      () => {
        const { mu, logStd } = this.policy(batch.observations);
        const { action, logProb } = squashedGaussianSample(mu, logStd, eps);
        const lp = tf.reshape(logProb, [S, B]);
        meanLogProb = tf.keep(tf.mean(lp, 1) as tf.Tensor1D);
        meanGaussEntropy = tf.keep(tf.mean(tf.reshape(gaussianEntropy(logStd), [S, B]), 1) as tf.Tensor1D);
        const q = this.critic.minQ(batch.observations, tf.reshape(action, [S, B, this.actionSize]));
        actorLoss = tf.keep(tf.mean(tf.sub(tf.mul(alpha, lp), q), 1) as tf.Tensor1D);
        return tf.sum(actorLoss) as tf.Scalar;
      },
      true,
      this.actor.variables,
    )!;
    eps.dispose();
    total.dispose();

    const alphaLoss = this.alphaOptimizer.minimize(() => tf.sum(tf.mul(tf.neg(this.logAlpha), tf.add(meanLogProb!, this.targetEntropy))) as tf.Scalar, true, [
      this.logAlpha,
    ])!;
    this.critic.updateTargets(this.config.tau);

    const alphaVec = tf.reshape(alpha, [S]) as tf.Tensor1D;
    const vectors = {
      criticLoss: critic.loss,
      actorLoss: actorLoss!,
      qMean: critic.qMean,
      gaussianEntropy: meanGaussEntropy!,
      meanLogProb: meanLogProb!,
      alpha: alphaVec,
    };
    const stats = readStats ? await readPerSeed(vectors, S) : undefined;
    tf.dispose([...Object.values(vectors), alpha, alphaLoss]);
    return stats?.map((s) => ({
      criticLoss: s.criticLoss,
      actorLoss: s.actorLoss,
      qMean: s.qMean,
      gaussianEntropy: s.gaussianEntropy,
      actionEntropy: -s.meanLogProb,
      alpha: s.alpha,
      delta: NaN,
    }));
  }

  async exportCheckpoint(slot: number): Promise<AgentCheckpoint> {
    const la = tf.slice(this.logAlpha, [slot], [1]);
    const scalar = (await la.data())[0];
    la.dispose();
    return this.checkpointOf(this.kind, await this.actor.exportWeights(slot), scalar);
  }

  importCheckpoint(slot: number, c: AgentCheckpoint): void {
    this.actor.importWeights(slot, c.actor);
    tf.tidy(() => {
      const mask = tf.tensor1d(
        this.seeds.map((_, k) => k === slot),
        'bool',
      );
      this.logAlpha.assign(tf.where(mask, tf.fill([this.size], c.scalar), this.logAlpha));
    });
  }

  dispose(): void {
    this.disposeBase();
    this.logAlpha.dispose();
    this.alphaOptimizer.dispose();
  }
}

/** δ is read back and stepped every this many updates when auto-tuned (as sacEra.ts). */
const DELTA_EVERY = 10;

/** SAC-ERA (sacEra.ts) for S seeds: one target H₀ for all, a δ per seed (they differ when auto-tuned). */
export class SacEraSeeds extends SeedsAgentBase implements SeedsAgent {
  readonly kind = 'sac-era' as const;
  targetEntropy: number;
  /** δ per seed. */
  readonly deltas: number[];
  private maxDelta: number;
  private updates = 0;

  constructor(observationSize: number, actionSize: number, config: AgentConfig, seeds: number[]) {
    super(observationSize, actionSize, config, seeds);
    this.targetEntropy = actionSize * config.targetEntropyPerDim;
    this.maxDelta = maxGaussianTarget(actionSize, config.logStdMax) - this.targetEntropy;
    if (this.maxDelta < 0) {
      this.disposeBase();
      throw new RangeError(
        `target entropy ${this.targetEntropy} exceeds the largest feasible ${maxGaussianTarget(actionSize, config.logStdMax).toFixed(4)} for D = ${actionSize}`,
      );
    }
    this.deltas = seeds.map(() => config.delta);
  }

  /** A new H₀ = D·perDim for every seed (live); each δ is capped to stay feasible. */
  setTargetEntropyPerDim(perDim: number): void {
    const target = this.actionSize * perDim;
    const maxDelta = maxGaussianTarget(this.actionSize, this.config.logStdMax) - target;
    if (maxDelta < 0) throw new RangeError(`target entropy ${target} exceeds the largest feasible for D = ${this.actionSize}`);
    this.targetEntropy = target;
    this.maxDelta = maxDelta;
    for (let k = 0; k < this.deltas.length; k++) this.deltas[k] = Math.min(this.deltas[k], maxDelta);
  }

  /** Sets every seed's δ (the live knob). */
  setDelta(delta: number): void {
    for (let k = 0; k < this.deltas.length; k++) this.deltas[k] = delta;
  }

  /** μ and ERA's ln σ as [S·B, D]: one ERA call when the seeds' δ agree, else one per seed. */
  policy(obs: tf.Tensor3D): { mu: tf.Tensor2D; logStd: tf.Tensor2D } {
    return tf.tidy(() => {
      const out = this.actor.apply(obs);
      const [mu, sigmaHat] = tf.split(tf.reshape(out, [-1, 2 * this.actionSize]), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const opts = (delta: number) => ({ h0: this.targetEntropy, delta, logStdMin: this.config.logStdMin, logStdMax: this.config.logStdMax });
      if (this.deltas.every((d) => d === this.deltas[0])) return eraGaussian(mu, sigmaHat, opts(this.deltas[0]));
      const muParts = tf.split(mu, this.size, 0) as tf.Tensor2D[];
      const parts = tf.split(sigmaHat, this.size, 0) as tf.Tensor2D[];
      const logStd = tf.concat(
        parts.map((p, k) => eraGaussian(muParts[k], p, opts(this.deltas[k])).logStd),
        0,
      ) as tf.Tensor2D;
      return { mu, logStd };
    });
  }

  /** [S·rows, D] noise: uniforms from each seed's generator (truncated normal), else standard normals. */
  sampleNoise(rows: number): tf.Tensor2D {
    if (this.config.distribution !== 'truncated-normal') return this.normalNoise(rows);
    const per = rows * this.actionSize;
    const u = new Float32Array(this.size * per);
    this.rngs.forEach((r, k) => {
      for (let i = 0; i < per; i++) u[k * per + i] = r.uniform();
    });
    return tf.tensor2d(u, [this.size * rows, this.actionSize]);
  }

  /** As `SacEraAgent.sample`, on [S·B, D] rows. */
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

  async act(observations: Float32Array[], stochastic: boolean | readonly boolean[]): Promise<ActResult[]> {
    const h = await this.headsOf(observations, (o) => this.policy(o));
    return this.rngs.map((r, k) => {
      const [m, s] = h.row(k);
      return sampleActionInJs(m, s, sampling(stochastic, k) ? r : undefined, this.config.distribution);
    });
  }

  private criticTarget(batch: SeedsBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const [S, B] = batch.rewards.shape;
      const { mu, logStd } = this.policy(batch.nextObservations);
      const { action } = this.sample(mu, logStd, this.sampleNoise(B));
      const next = this.critic.targetMinQ(batch.nextObservations, tf.reshape(action, [S, B, this.actionSize]));
      return tf.add(batch.rewards, tf.mul(this.config.gamma, tf.mul(tf.sub(1, batch.terminals), next))) as tf.Tensor2D;
    });
  }

  async update(batch: SeedsBatch, readStats: boolean): Promise<UpdateStats[] | undefined> {
    const [S, B] = batch.rewards.shape;
    const y = this.criticTarget(batch);
    const critic = this.critic.update(batch.observations, batch.actions, y);
    y.dispose();

    let meanActionEntropy: tf.Tensor1D | undefined;
    let meanGaussEntropy: tf.Tensor1D | undefined;
    let actorLoss: tf.Tensor1D | undefined;
    const noise = this.sampleNoise(B);
    const total = this.actorOptimizer.minimize(
      () => {
        const { mu, logStd } = this.policy(batch.observations);
        const { action, actionEntropy } = this.sample(mu, logStd, noise);
        meanActionEntropy = tf.keep(tf.mean(tf.reshape(actionEntropy, [S, B]), 1) as tf.Tensor1D);
        meanGaussEntropy = tf.keep(tf.mean(tf.reshape(gaussianEntropy(logStd), [S, B]), 1) as tf.Tensor1D);
        actorLoss = tf.keep(tf.neg(tf.mean(this.critic.minQ(batch.observations, tf.reshape(action, [S, B, this.actionSize])), 1)) as tf.Tensor1D);
        return tf.sum(actorLoss) as tf.Scalar;
      },
      true,
      this.actor.variables,
    )!;
    noise.dispose();
    total.dispose();
    this.critic.updateTargets(this.config.tau);
    this.updates++;

    const stepDelta = this.config.deltaMode === 'auto' && this.updates % DELTA_EVERY === 0;
    const vectors = {
      criticLoss: critic.loss,
      actorLoss: actorLoss!,
      qMean: critic.qMean,
      gaussianEntropy: meanGaussEntropy!,
      actionEntropy: meanActionEntropy!,
    };
    const stats = readStats || stepDelta ? await readPerSeed(vectors, S) : undefined;
    tf.dispose(Object.values(vectors));
    if (stepDelta && stats) {
      stats.forEach((s, k) => {
        const next = this.deltas[k] - DELTA_EVERY * this.config.deltaLr * (s.actionEntropy - this.targetEntropy);
        if (Number.isFinite(next)) this.deltas[k] = Math.min(this.maxDelta, Math.max(0, next));
      });
    }
    if (!readStats || !stats) return undefined;
    return stats.map((s, k) => ({ ...s, alpha: NaN, delta: this.deltas[k] }));
  }

  async exportCheckpoint(slot: number): Promise<AgentCheckpoint> {
    return this.checkpointOf(this.kind, await this.actor.exportWeights(slot), this.deltas[slot]);
  }

  importCheckpoint(slot: number, c: AgentCheckpoint): void {
    this.actor.importWeights(slot, c.actor);
    this.deltas[slot] = Math.min(this.maxDelta, Math.max(0, c.scalar));
  }

  dispose(): void {
    this.disposeBase();
  }
}

export function makeSeedsAgent(kind: string, observationSize: number, actionSize: number, config: AgentConfig, seeds: number[]): SeedsAgent {
  if (kind === 'sac') return new SacSeeds(observationSize, actionSize, config, seeds);
  if (kind === 'sac-era') return new SacEraSeeds(observationSize, actionSize, config, seeds);
  throw new RangeError(`unknown agent '${kind}': expected one of ${AGENT_KINDS.join(', ')}`);
}
