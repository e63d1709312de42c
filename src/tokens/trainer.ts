// GRPO (plain or with ERA) for S seeds trained together: sample groups from the unmodified policy, score
// them, and take clipped-objective steps. The seeds share one batched computation (weights stacked on a
// leading axis, one sampling pass and one loss for all), while each has its own weights, prompts,
// sampling noise and optimiser state, so each trains exactly as it would alone. The same classes run in
// the page's worker and in the headless CLI.
import * as tf from '@tensorflow/tfjs';
import { tokenEraConstants, type TokenEraOptions } from '../era/index.ts';
import { DEFAULT_ERA } from './eraDefaults.ts';
import { DEFAULT_RUN } from './runDefaults.ts';
import { GroupCollector, type SampledGroup } from './dapo.ts';
import {
  clippedSurrogateLossPerSeed,
  groupAdvantages,
  lengthMask,
  logSoftmaxLastAxis,
  meanTokenEntropyPerSeed,
  policyPath,
  responseEntropy,
  sumLastAxis,
  tokenEntropiesFromLogProbs,
} from './grpo.ts';
import { SeedStackedOptimizer } from './optimizer.ts';
import { TokenPolicy } from './policy.ts';
import { Rng } from '../util/rng.ts';
import { EOS, type TaskConfig, VOCAB_SIZE, passAtK, promptOf, promptText, responseText, PromptDeck, scoreResponse, validateTask } from './task.ts';

export interface RunConfig {
  name: string;
  /** ERA options, or null for plain GRPO. */
  era: Required<TokenEraOptions> | null;
  /** Renormalise log-probabilities over the top-K logits (0 = off; released code: 20). */
  topK: number;
  groupSize: number;
  promptsPerStep: number;
  learningRate: number;
  /** 'adam' (default) or plain 'sgd'. */
  optimizer: 'adam' | 'sgd';
  clipEps: number;
  /** Optimiser steps on each sampled batch (1 = on-policy; more makes the clip matter). */
  updatesPerBatch: number;
  /** Samples per evaluation prompt for pass@k (k = 1..groupSize). */
  evalSamples: number;
  embedDim: number;
  hiddenDim: number;
  task: TaskConfig;
  /** The first seed; the run trains seeds seed, seed + 1, …, seed + seeds − 1. */
  seed: number;
  /** How many seeds train together (1 to 8 in the lab). */
  seeds: number;
  /** DAPO dynamic sampling: drop groups whose rewards are all equal, refill from more prompts. */
  filterGroups: boolean;
  /** With filterGroups: at most this many generation rounds (of promptsPerStep prompts) per step. */
  maxGenBatches: number;
}

export { DEFAULT_ERA };

export { DEFAULT_RUN };

/** The two runs the lab compares, by name. */
export const RUN_PRESETS = {
  grpo: (base: Partial<RunConfig> = {}): RunConfig => ({ ...DEFAULT_RUN, ...base, name: 'grpo', era: null }),
  'grpo-era': (base: Partial<RunConfig> = {}, era: Partial<TokenEraOptions> = {}): RunConfig => ({
    ...DEFAULT_RUN,
    ...base,
    name: 'grpo-era',
    era: { ...DEFAULT_ERA, ...era },
  }),
} as const;
export type { RunName } from './runNames.ts';

/** What can change between steps without a reset: ERA's options (ignored by plain GRPO) and Adam's rate. */
export interface LiveKnobs {
  k?: number;
  omegaLow?: number;
  omegaHigh?: number;
  scaleAdvantages?: boolean;
  learningRate?: number;
}

export interface SampledResponse {
  target: number;
  /** What the policy was shown: the target, or its bucket ("4–6"). */
  prompt: string;
  text: string;
  /** Probability the policy gave each emitted token (for shading). */
  tokenProbs: number[];
  reward: number;
}

/**
 * One seed's step. Rollout figures (reward, groupSolved, wellFormed, meanLength) cover every response the
 * step sampled; policy figures (the entropies, ERA's case shares, loss, samples) cover the batch the loss
 * trains on, as verl logs `actor/entropy` after filtering. Without filtering the two are the same batch.
 */
export interface StepMetrics {
  step: number;
  /** Mean reward of the sampled responses (= share of correct responses). */
  reward: number;
  /** Share of sampled prompts with at least one correct response in their group. */
  groupSolved: number;
  /** Share of well-formed responses (digits then <eos>, whatever the sum). */
  wellFormed: number;
  /** Mean H_resp (ERA's response entropy, before any ERA change) of the training batch's responses. */
  responseEntropy: number;
  /** Mean token entropy: the token-mean over the training batch's response tokens (verl's actor/entropy; the paper's curves). */
  meanTokenEntropy: number;
  flattenShare: number;
  keepShare: number;
  sharpenShare: number;
  loss: number;
  meanLength: number;
  /** Groups the loss trained on (promptsPerStep without filtering; 0 when a filtered step kept none). */
  groupsKept: number;
  /** Generation rounds sampled (1 without filtering; up to maxGenBatches with it). */
  genBatches: number;
  samples: SampledResponse[];
}

export interface EvalResult {
  step: number;
  /** pass@k for k = 1..groupSize on the evaluation prompts. */
  passAtK: number[];
}

function validateRun(c: RunConfig): void {
  validateTask(c.task);
  const posInt = (name: string, v: number, min = 1) => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
  };
  posInt('groupSize', c.groupSize, 2);
  posInt('promptsPerStep', c.promptsPerStep);
  posInt('updatesPerBatch', c.updatesPerBatch);
  posInt('evalSamples', c.evalSamples, c.groupSize);
  posInt('topK', c.topK, 0);
  posInt('seed', c.seed, 0);
  posInt('seeds', c.seeds);
  posInt('maxGenBatches', c.maxGenBatches);
  if (!(c.learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${c.learningRate}`);
  if (!(c.clipEps > 0 && c.clipEps < 1)) throw new RangeError(`clipEps must be in (0, 1), got ${c.clipEps}`);
  if (c.era) tokenEraConstants(c.era);
}

/** Run config with the live knobs applied (ERA's for a GRPO+ERA run only); throws on invalid values. */
export function withLiveKnobs(c: RunConfig, patch: LiveKnobs): RunConfig {
  const { learningRate, ...era } = patch;
  const next: RunConfig = { ...c, learningRate: learningRate ?? c.learningRate };
  if (c.era) next.era = { ...c.era, ...Object.fromEntries(Object.entries(era).filter(([, v]) => v !== undefined)) };
  validateRun(next);
  return next;
}

/** The run's S seeds, trained together in one batched computation. */
export class GrpoSeeds {
  readonly policy: TokenPolicy;
  /** The seeds, in the order of the weights' leading axis. */
  readonly seedList: number[];
  private cfg: RunConfig;
  private readonly optimizer: SeedStackedOptimizer;
  private readonly decks: PromptDeck[];
  private readonly sampleRngs: Rng[];
  /** The evaluation prompts: every target once, never used for updates. */
  readonly evalPrompts: number[];
  stepCount = 0;
  /** Per seed: the step at which its loss became NaN/∞ (that seed stops there), or null. */
  readonly divergedAt: Array<number | null>;

  constructor(config: RunConfig) {
    validateRun(config);
    this.cfg = { ...config };
    this.seedList = Array.from({ length: config.seeds }, (_, i) => config.seed + i);
    // Each seed's streams come from its own root, as a single-seed run forks them: prompts, weights,
    // sampling. Both runs of a comparison share the seeds, hence the same weights, prompts and noise.
    const roots = this.seedList.map((s) => new Rng(s));
    const promptRngs = roots.map((r) => r.fork());
    const weightRngs = roots.map((r) => r.fork());
    this.sampleRngs = roots.map((r) => r.fork());
    const { task } = config;
    this.decks = promptRngs.map((r) => new PromptDeck(r, task));
    this.policy = new TokenPolicy(
      { vocabSize: VOCAB_SIZE, maxLength: task.maxLength, promptCount: task.maxTarget + 1, embedDim: config.embedDim, hiddenDim: config.hiddenDim },
      weightRngs,
    );
    this.optimizer = new SeedStackedOptimizer(config.optimizer, this.policy.variables, config.seeds);
    this.evalPrompts = Array.from({ length: task.maxTarget - task.minTarget + 1 }, (_, i) => task.minTarget + i);
    this.divergedAt = this.seedList.map(() => null);
  }

  /** The run's config, live knobs included. */
  get config(): RunConfig {
    return this.cfg;
  }

  /** Per seed: still training (its loss never went NaN/∞). */
  get live(): boolean[] {
    return this.divergedAt.map((d) => d === null);
  }

  /** Every seed has diverged. */
  get finished(): boolean {
    return this.divergedAt.every((d) => d !== null);
  }

  /** Changes ERA's options or the learning rate from the next step on (no reset). */
  setLive(patch: LiveKnobs): void {
    this.cfg = withLiveKnobs(this.cfg, patch);
  }

  /**
   * One GRPO step of every live seed. Returns one entry per seed: its metrics, or null for a seed that
   * had already diverged. A seed whose loss becomes NaN/∞ now returns this step's metrics and stops.
   */
  async step(): Promise<Array<StepMetrics | null>> {
    const c = this.cfg;
    const S = c.seeds;
    const g = c.groupSize;
    const P = c.promptsPerStep;
    const T = c.task.maxLength;
    const live = this.live;
    if (!live.some(Boolean)) throw new Error(`${c.name}: every seed has diverged`);

    // Generation rounds: every live seed samples once; with filtering, the seeds still short of P
    // informative groups sample again. A seed that needs no more this round draws nothing from its
    // streams (its rows are placeholders), so it consumes exactly what it would alone.
    const collectors = live.map((l) => (l ? new GroupCollector(P, c.filterGroups, c.maxGenBatches) : null));
    const rollout = this.seedList.map(() => ({ responses: 0, reward: 0, wellFormed: 0, length: 0, groups: 0, solved: 0 }));
    for (;;) {
      const wanted = collectors.map((col) => !!col?.needsMore);
      if (!wanted.some(Boolean)) break;
      const targets = wanted.map((w, s) => (w ? this.decks[s].draw(P) : Array<number>(P).fill(c.task.minTarget)));
      const noise = new Float32Array(S * T * P * g * VOCAB_SIZE);
      const perSeed = T * P * g * VOCAB_SIZE;
      for (let s = 0; s < S; s++) if (wanted[s]) this.sampleRngs[s].gumbel(noise.subarray(s * perSeed, (s + 1) * perSeed));
      const prompts = targets.flatMap((ts) => ts.flatMap((t) => Array<number>(g).fill(promptOf(t, c.task))));
      const tokens = await this.policy.sample(prompts, noise);
      for (let s = 0; s < S; s++) {
        if (!wanted[s]) continue;
        const groups = targets[s].map((target, p) => scoreGroup(target, tokens.subarray((s * P + p) * g * T, (s * P + p + 1) * g * T), g, T));
        const r = rollout[s];
        for (const grp of groups) {
          r.groups++;
          if (grp.rewards.some((x) => x > 0)) r.solved++;
          for (let j = 0; j < g; j++) {
            r.responses++;
            r.reward += grp.rewards[j];
            r.wellFormed += grp.wellFormed[j] ? 1 : 0;
            r.length += grp.lengths[j];
          }
        }
        collectors[s]!.add(groups);
      }
    }

    // The training batch: P group slots per seed; unused slots (and diverged seeds) are placeholder
    // rows of one <eos> token that count nowhere.
    const batches = collectors.map((col) => col?.take() ?? { groups: [], inLoss: false });
    const n = P * g;
    const promptIds = new Int32Array(S * n);
    const tokenIds = new Int32Array(S * n * T).fill(EOS);
    const advantages = new Float32Array(S * n);
    const lengths = Array<number>(S * n).fill(1);
    const counted = new Float32Array(S * n); // rows the metrics cover
    const inLoss = new Float32Array(S * n); // rows the loss covers
    batches.forEach((b, s) => {
      b.groups.forEach((grp, p) => {
        const row = s * n + p * g;
        promptIds.fill(promptOf(grp.target, c.task), row, row + g);
        tokenIds.set(grp.tokens, row * T);
        advantages.set(groupAdvantages(grp.rewards, g), row);
        for (let j = 0; j < g; j++) lengths[row + j] = grp.lengths[j];
        counted.fill(1, row, row + g);
        if (b.inLoss) inLoss.fill(1, row, row + g);
      });
    });

    const features = this.policy.features(promptIds, tokenIds);
    const flatTokens = tf.tensor2d(tokenIds, [S * n, T], 'int32');
    const advT = tf.tensor1d(advantages);
    const validT = lengthMask(lengths, T);
    const lossMask = tf.tidy(() => tf.mul(validT, tf.tensor2d(inLoss, [S * n, 1])) as tf.Tensor2D);
    const pathOpts = { era: c.era, topK: c.topK };
    const logitsOf = () => this.policy.logits(features).reshape([S * n, T, VOCAB_SIZE]) as tf.Tensor3D;

    // The old policy is the current one until the first update, so the first update's forward pass is
    // also the old policy's view (ERA applied to it too, so the ratio compares like with like): its
    // log-probabilities, as constants, serve every update of this batch, and the step's figures are
    // packed from it into one tensor, read with the first update's loss.
    let oldLogProbs: tf.Tensor2D | null = null;
    let figuresT: tf.Tensor1D | null = null;
    const anyInLoss = batches.map((b) => b.inLoss && b.groups.length > 0);
    const lastLoss = new Float64Array(S);
    let packed: Float32Array | null = null;
    const stepping = live.map((l, s) => l && anyInLoss[s]);
    for (let u = 0; u < c.updatesPerBatch; u++) {
      let perSeedLoss: tf.Tensor1D | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const logits = logitsOf();
        const path = policyPath(logits, flatTokens, advT, lengths, pathOpts);
        if (oldLogProbs === null) {
          oldLogProbs = tf.keep(constant(path.logProbs));
          figuresT = tf.keep(stepFigures(logits, path.case, flatTokens, tf.mul(validT, tf.tensor2d(counted, [S * n, 1])) as tf.Tensor2D, lengths, S));
        }
        perSeedLoss = tf.keep(clippedSurrogateLossPerSeed(path.logProbs, oldLogProbs, path.advantages, lossMask, c.clipEps, S));
        return tf.sum(perSeedLoss) as tf.Scalar;
      }, this.policy.variables);
      value.dispose();
      const lossT = perSeedLoss as unknown as tf.Tensor1D;
      let losses: Float32Array;
      if (packed === null) {
        const both = tf.concat([lossT, figuresT!]);
        const data = (await both.data()) as Float32Array;
        both.dispose();
        losses = data.subarray(0, S);
        packed = data.subarray(S);
      } else losses = (await lossT.data()) as Float32Array;
      lossT.dispose();
      for (let s = 0; s < S; s++) {
        if (!stepping[s]) continue;
        lastLoss[s] = losses[s];
        // A seed whose loss is NaN/∞ takes no update and stops; the others go on.
        if (!Number.isFinite(losses[s])) stepping[s] = false;
      }
      const grad = this.policy.variables.map((v) => grads[v.name]);
      this.optimizer.apply(grad, stepping, c.learningRate);
      tf.dispose(grads);
      if (!stepping.some(Boolean)) break;
    }
    tf.dispose([features, flatTokens, advT, validT, lossMask, oldLogProbs!, figuresT!]);
    this.stepCount++;

    const figures = packed!;
    const hResp = figures.subarray(S, S + S * n);
    const cases = figures.subarray(S + S * n, S + 2 * S * n);
    const tokenProbs = figures.subarray(S + 2 * S * n);
    return this.seedList.map((_, s) => {
      if (!live[s]) return null;
      if (!Number.isFinite(lastLoss[s])) this.divergedAt[s] = this.stepCount;
      const b = batches[s];
      const rows = b.groups.length * g;
      const mean = (f: (i: number) => number) => {
        let sum = 0;
        for (let j = 0; j < rows; j++) sum += f(s * n + j);
        return sum / rows;
      };
      const r = rollout[s];
      // A few responses to show: the first of each of the first four groups of the training batch.
      const samples: SampledResponse[] = b.groups.slice(0, 4).map((grp, p) => {
        const i = s * n + p * g;
        return {
          target: grp.target,
          prompt: promptText(grp.target, c.task),
          text: responseText(grp.tokens, grp.lengths[0]),
          tokenProbs: Array.from(tokenProbs.subarray(i * T, i * T + grp.lengths[0])),
          reward: grp.rewards[0],
        };
      });
      return {
        step: this.stepCount,
        reward: r.reward / r.responses,
        groupSolved: r.solved / r.groups,
        wellFormed: r.wellFormed / r.responses,
        responseEntropy: mean((i) => hResp[i]),
        meanTokenEntropy: figures[s],
        flattenShare: mean((i) => (cases[i] === -1 ? 1 : 0)),
        keepShare: mean((i) => (cases[i] === 0 ? 1 : 0)),
        sharpenShare: mean((i) => (cases[i] === 1 ? 1 : 0)),
        loss: lastLoss[s],
        meanLength: r.length / r.responses,
        groupsKept: b.inLoss ? b.groups.length : 0,
        genBatches: collectors[s]!.rounds,
        samples,
      };
    });
  }

  /**
   * pass@k (k = 1..G) on the evaluation prompts for every live seed (null for a diverged one):
   * `evalSamples` fresh responses per prompt from the unmodified policy, scored with the unbiased
   * estimator. A seed's noise depends only on that seed and the step, so two runs of a comparison are
   * evaluated on identical noise. One sampling pass and one read for all seeds.
   */
  async evaluate(): Promise<Array<EvalResult | null>> {
    const c = this.cfg;
    const S = c.seeds;
    const m = c.evalSamples;
    const T = c.task.maxLength;
    const live = this.live;
    const expanded = this.evalPrompts.flatMap((t) => Array<number>(m).fill(t));
    const perSeed = T * expanded.length * VOCAB_SIZE;
    const noise = new Float32Array(S * perSeed);
    for (let s = 0; s < S; s++) if (live[s]) new Rng(this.seedList[s] * 1_000_003 + this.stepCount).gumbel(noise.subarray(s * perSeed, (s + 1) * perSeed));
    const prompts = this.seedList.flatMap(() => expanded.map((t) => promptOf(t, c.task)));
    const tokens = await this.policy.sample(prompts, noise);
    return this.seedList.map((_, s) => {
      if (!live[s]) return null;
      const sums = new Array<number>(c.groupSize).fill(0);
      for (let p = 0; p < this.evalPrompts.length; p++) {
        let correct = 0;
        for (let j = 0; j < m; j++) {
          const i = s * expanded.length + p * m + j;
          correct += scoreResponse(expanded[p * m + j], tokens.subarray(i * T, (i + 1) * T), T).reward;
        }
        for (let k = 1; k <= c.groupSize; k++) sums[k - 1] += passAtK(m, correct, k);
      }
      return { step: this.stepCount, passAtK: sums.map((x) => x / this.evalPrompts.length) };
    });
  }

  dispose(): void {
    this.policy.dispose();
    this.optimizer.dispose();
  }
}

/** A copy of `x` that autodiff treats as a constant (the old policy's log-probabilities). */
const constant = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
  value: (args[0] as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as <T extends tf.Tensor>(x: T) => T;

/**
 * The step's figures from the unmodified logits [S·N, T, V], in one tensor: the mean token entropy per
 * seed over `counted` tokens [S], H_resp per response [S·N], ERA's case per response [S·N], and the
 * probability of every sampled token [S·N·T].
 */
function stepFigures(logits: tf.Tensor3D, cases: tf.Tensor1D, tokens: tf.Tensor2D, counted: tf.Tensor2D, lengths: number[], seeds: number): tf.Tensor1D {
  return tf.tidy(() => {
    // One log-softmax for the shading probabilities and the token entropies.
    const logp = logSoftmaxLastAxis(logits) as tf.Tensor3D;
    const plain = tf.exp(sumLastAxis(tf.mul(logp, tf.oneHot(tokens, VOCAB_SIZE))));
    return tf.concat([
      meanTokenEntropyPerSeed(tokenEntropiesFromLogProbs(logp), counted, seeds),
      responseEntropy(logits, lengths),
      tf.cast(cases, 'float32'),
      plain.reshape([-1]),
    ]) as tf.Tensor1D;
  });
}

/** Scores one prompt's G responses (tokens [G, T]). */
function scoreGroup(target: number, tokens: Int32Array, g: number, T: number): SampledGroup {
  const rewards = new Float32Array(g);
  const lengths: number[] = [];
  const wellFormed: boolean[] = [];
  for (let j = 0; j < g; j++) {
    const s = scoreResponse(target, tokens.subarray(j * T, (j + 1) * T), T);
    rewards[j] = s.reward;
    lengths.push(s.length);
    wellFormed.push(s.outcome === 'correct' || s.outcome === 'wrong-sum');
  }
  return { target, tokens: tokens.slice(), rewards, lengths, wellFormed };
}

/** One seed of a run: the single-seed view of GrpoSeeds (a run of S = 1). */
export class GrpoRun {
  private readonly seeds: GrpoSeeds;

  constructor(config: RunConfig) {
    if (config.seeds !== 1) throw new RangeError(`GrpoRun trains one seed (got seeds = ${config.seeds}); GrpoSeeds trains several`);
    this.seeds = new GrpoSeeds(config);
  }

  get config(): RunConfig {
    return this.seeds.config;
  }
  get policy(): TokenPolicy {
    return this.seeds.policy;
  }
  get evalPrompts(): number[] {
    return this.seeds.evalPrompts;
  }
  get stepCount(): number {
    return this.seeds.stepCount;
  }
  /** Step at which the loss became NaN/∞ (the run stops there), or null. */
  get divergedAt(): number | null {
    return this.seeds.divergedAt[0];
  }
  get diverged(): boolean {
    return this.divergedAt !== null;
  }

  setLive(patch: LiveKnobs): void {
    this.seeds.setLive(patch);
  }

  async step(): Promise<StepMetrics> {
    if (this.diverged) throw new Error(`${this.config.name} diverged at step ${this.divergedAt}`);
    return (await this.seeds.step())[0]!;
  }

  async evaluate(): Promise<EvalResult> {
    const r = (await this.seeds.evaluate())[0];
    if (!r) throw new Error(`${this.config.name} diverged at step ${this.divergedAt}`);
    return r;
  }

  dispose(): void {
    this.seeds.dispose();
  }
}
