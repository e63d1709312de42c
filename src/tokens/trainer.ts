// One GRPO run (plain or with ERA): sample groups from the unmodified policy, score them, and take
// clipped-objective steps. The same class runs in the page's worker and in the headless CLI.
import * as tf from '@tensorflow/tfjs';
import type { TokenEraOptions } from '../era/index.ts';
import { DEFAULT_ERA } from './eraDefaults.ts';
import { DEFAULT_RUN } from './runDefaults.ts';
import { clippedSurrogateLoss, groupAdvantages, lengthMask, policyPath, responseEntropy } from './grpo.ts';
import { TokenPolicy } from './policy.ts';
import { Rng } from '../util/rng.ts';
import { type Outcome, type TaskConfig, VOCAB_SIZE, passAtK, promptOf, promptText, responseText, PromptDeck, scoreResponse, validateTask } from './task.ts';

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
  seed: number;
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

export interface SampledResponse {
  target: number;
  /** What the policy was shown: the target, or its bucket ("4–6"). */
  prompt: string;
  text: string;
  /** Probability the policy gave each emitted token (for shading). */
  tokenProbs: number[];
  reward: number;
}

export interface StepMetrics {
  step: number;
  /** Mean reward of the batch (= share of correct responses). */
  reward: number;
  /** Share of prompts with at least one correct response in their group. */
  groupSolved: number;
  /** Share of well-formed responses (digits then <eos>, whatever the sum). */
  wellFormed: number;
  /** Mean H_resp (ERA's response entropy, before any ERA change) of the sampled responses. */
  responseEntropy: number;
  flattenShare: number;
  keepShare: number;
  sharpenShare: number;
  loss: number;
  meanLength: number;
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
  if (!(c.learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${c.learningRate}`);
  if (!(c.clipEps > 0 && c.clipEps < 1)) throw new RangeError(`clipEps must be in (0, 1), got ${c.clipEps}`);
}

export class GrpoRun {
  readonly policy: TokenPolicy;
  private readonly optimizer: tf.Optimizer;
  private readonly prompts: PromptDeck;
  private readonly sampleRng: Rng;
  /** The evaluation prompts: every target once, never used for updates. */
  readonly evalPrompts: number[];
  stepCount = 0;
  /** Step at which the loss became NaN/∞ (the run stops there), or null. */
  divergedAt: number | null = null;

  constructor(readonly config: RunConfig) {
    validateRun(config);
    // Both runs of a comparison share the seed, hence the same weights, prompts and sampling noise.
    const root = new Rng(config.seed);
    const promptRng = root.fork();
    const weightRng = root.fork();
    this.sampleRng = root.fork();
    const { task } = config;
    this.prompts = new PromptDeck(promptRng, task);
    this.policy = new TokenPolicy(
      { vocabSize: VOCAB_SIZE, maxLength: task.maxLength, promptCount: task.maxTarget + 1, embedDim: config.embedDim, hiddenDim: config.hiddenDim },
      weightRng,
    );
    this.optimizer = config.optimizer === 'sgd' ? tf.train.sgd(config.learningRate) : tf.train.adam(config.learningRate);
    this.evalPrompts = Array.from({ length: task.maxTarget - task.minTarget + 1 }, (_, i) => task.minTarget + i);
  }

  get diverged(): boolean {
    return this.divergedAt !== null;
  }

  async step(): Promise<StepMetrics> {
    if (this.diverged) throw new Error(`${this.config.name} diverged at step ${this.divergedAt}`);
    const c = this.config;
    const g = c.groupSize;
    const maxLength = c.task.maxLength;
    const targets = this.prompts.draw(c.promptsPerStep);
    const expanded = targets.flatMap((t) => Array<number>(g).fill(t));
    const n = expanded.length;
    const tokens = await this.policy.sample(expanded.map((t) => promptOf(t, c.task)), this.sampleRng);

    const rewards = new Float32Array(n);
    const lengths: number[] = [];
    const outcomes: Outcome[] = [];
    for (let i = 0; i < n; i++) {
      const s = scoreResponse(expanded[i], tokens.subarray(i * maxLength, (i + 1) * maxLength), maxLength);
      rewards[i] = s.reward;
      lengths.push(s.length);
      outcomes.push(s.outcome);
    }
    const adv = groupAdvantages(rewards, g);

    // The policy sees the prompt (the target's bucket); the verifier scores against the target.
    const promptT = tf.tensor1d(expanded.map((t) => promptOf(t, c.task)), 'int32');
    const tokenT = tf.tensor2d(tokens, [n, maxLength], 'int32');
    const advT = tf.tensor1d(adv);
    const mask = lengthMask(lengths, maxLength);
    const pathOpts = { era: c.era, topK: c.topK };

    // The old policy's view (ERA applied to it too, so the ratio compares like with like).
    const old = tf.tidy(() => {
      const logits = this.policy.logits(promptT, tokenT);
      const path = policyPath(logits, tokenT, advT, lengths, pathOpts);
      const plain = tf.exp(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(tokenT, VOCAB_SIZE)), 2));
      return { logProbs: path.logProbs, case: path.case, entropy: responseEntropy(logits, lengths), tokenProbs: plain };
    });

    let lastLoss = 0;
    for (let u = 0; u < c.updatesPerBatch; u++) {
      const { value, grads } = tf.variableGrads(() => {
        const logits = this.policy.logits(promptT, tokenT);
        const path = policyPath(logits, tokenT, advT, lengths, pathOpts);
        return clippedSurrogateLoss(path.logProbs, old.logProbs, path.advantages, mask, c.clipEps);
      }, this.policy.variables);
      const lossData = await value.data();
      value.dispose();
      lastLoss = lossData[0];
      if (!Number.isFinite(lastLoss)) {
        tf.dispose(grads);
        break;
      }
      // variableGrads' name → gradient map is what applyGradients takes (its declared type is not exported).
      this.optimizer.applyGradients(grads as never);
      tf.dispose(grads);
    }

    const [entropy, cases, tokenProbs] = await Promise.all([old.entropy.data(), old.case.data(), old.tokenProbs.data()]);
    tf.dispose([promptT, tokenT, advT, mask, old.logProbs, old.case, old.entropy, old.tokenProbs]);
    this.stepCount++;
    if (!Number.isFinite(lastLoss)) this.divergedAt = this.stepCount;

    const mean = (f: (i: number) => number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += f(i);
      return s / n;
    };
    let solved = 0;
    for (let p = 0; p < targets.length; p++) if (rewards.subarray(p * g, (p + 1) * g).some((r) => r > 0)) solved++;
    // A few responses to show: the first of each of the first four groups.
    const samples: SampledResponse[] = [];
    for (let p = 0; p < Math.min(4, targets.length); p++) {
      const i = p * g;
      samples.push({
        target: expanded[i],
        prompt: promptText(expanded[i], c.task),
        text: responseText(tokens.subarray(i * maxLength), lengths[i]),
        tokenProbs: Array.from(tokenProbs.subarray(i * maxLength, i * maxLength + lengths[i])),
        reward: rewards[i],
      });
    }
    return {
      step: this.stepCount,
      reward: mean((i) => rewards[i]),
      groupSolved: solved / targets.length,
      wellFormed: mean((i) => (outcomes[i] === 'correct' || outcomes[i] === 'wrong-sum' ? 1 : 0)),
      responseEntropy: mean((i) => entropy[i]),
      flattenShare: mean((i) => (cases[i] === -1 ? 1 : 0)),
      keepShare: mean((i) => (cases[i] === 0 ? 1 : 0)),
      sharpenShare: mean((i) => (cases[i] === 1 ? 1 : 0)),
      loss: lastLoss,
      meanLength: mean((i) => lengths[i]),
      samples,
    };
  }

  /**
   * pass@k (k = 1..G) on the evaluation prompts: `evalSamples` fresh responses per prompt from the
   * unmodified policy, scored with the unbiased estimator. The noise stream depends only on the seed
   * and the step, so two runs of a comparison are evaluated on identical noise.
   */
  async evaluate(): Promise<EvalResult> {
    const c = this.config;
    const m = c.evalSamples;
    const maxLength = c.task.maxLength;
    const expanded = this.evalPrompts.flatMap((t) => Array<number>(m).fill(t));
    const tokens = await this.policy.sample(expanded.map((t) => promptOf(t, c.task)), new Rng(c.seed * 1_000_003 + this.stepCount));
    const sums = new Array<number>(c.groupSize).fill(0);
    for (let p = 0; p < this.evalPrompts.length; p++) {
      let correct = 0;
      for (let j = 0; j < m; j++) {
        const i = p * m + j;
        correct += scoreResponse(expanded[i], tokens.subarray(i * maxLength, (i + 1) * maxLength), maxLength).reward;
      }
      for (let k = 1; k <= c.groupSize; k++) sums[k - 1] += passAtK(m, correct, k);
    }
    return { step: this.stepCount, passAtK: sums.map((s) => s / this.evalPrompts.length) };
  }

  dispose(): void {
    this.policy.dispose();
    this.optimizer.dispose();
  }
}
