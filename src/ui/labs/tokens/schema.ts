// The Tokens lab's settings, declared once: the panel, the URL (#/tokens?…) and `TokensSettings`
// (what the worker and src/tokens/config.ts take) all come from this schema. DOM-free.
import { DEFAULT_ERA } from '../../../tokens/eraDefaults.ts';
import { DEFAULT_TASK } from '../../../tokens/task.ts';
import { DEFAULT_RUN } from '../../../tokens/runDefaults.ts';
import { type StateOf, defaults, defineSchema } from '../../state/schema.ts';

export const tokensSchema = defineSchema(
  [
    { kind: 'number', name: 'k', group: 'era', apply: 'live', label: 'k (ERA scale factor)', ascii: 'k', help: 'Sharpen: z′ = k·z, A′ = A/k; flatten: z′ = z/k, A′ = k·A.', default: DEFAULT_ERA.k, min: 1, max: 8, step: 0.1 },
    { kind: 'number', name: 'omegaLow', group: 'era', apply: 'live', label: 'ω_low', ascii: 'omega low', help: 'Below this response entropy (and A > 0) ERA sharpens the target distribution.', default: DEFAULT_ERA.omegaLow, min: 0, max: 3, step: 0.01 },
    { kind: 'number', name: 'omegaHigh', group: 'era', apply: 'live', label: 'ω_high', ascii: 'omega high', help: 'Above this response entropy (and A > 0) ERA flattens. With 12 tokens H ≤ ln 12 ≈ 2.48, so the default 3 never flattens.', default: DEFAULT_ERA.omegaHigh, min: 0, max: 5, step: 0.01 },
    {
      kind: 'bool',
      name: 'scaleAdvantages',
      group: 'era',
      apply: 'live',
      label: 'rescale A (advantages)',
      ascii: 'rescale advantages',
      help: 'On (the paper): A′ = A/k, so only the target distribution changes. Off (the original released script): low-entropy correct responses also push k times harder. On this task off holds the entropy at or above ω_low at every step; on keeps it around ω_low (a k times weaker push).',
      default: DEFAULT_ERA.scaleAdvantages,
    },
    { kind: 'number', name: 'learningRate', group: 'optimisation', apply: 'live', label: 'lr (learning rate)', ascii: 'learning rate', help: 'Adam step size.', default: DEFAULT_RUN.learningRate, min: 1e-4, max: 0.1, step: 1e-4 },
    { kind: 'int', name: 'budget', group: 'optimisation', apply: 'live', label: 'Step budget (0 = none)', ascii: 'step budget', help: 'Training pauses after this many GRPO steps (the lessons use 400).', default: 400, min: 0, max: 100_000, step: 50 },
    { kind: 'int', name: 'groupSize', group: 'optimisation', apply: 'reset', label: 'G (group size)', ascii: 'group size', help: 'Responses sampled per prompt; advantages are normalised within the group.', default: DEFAULT_RUN.groupSize, min: 2, max: 32, step: 1 },
    { kind: 'int', name: 'promptsPerStep', group: 'optimisation', apply: 'reset', label: 'prompts / step', help: 'Groups per GRPO step.', default: DEFAULT_RUN.promptsPerStep, min: 1, max: 64, step: 1 },
    { kind: 'number', name: 'clipEps', group: 'optimisation', apply: 'reset', label: 'ε (PPO clip)', ascii: 'clip epsilon', help: 'PPO ratio clip: r is clipped to [1 − ε, 1 + ε].', default: DEFAULT_RUN.clipEps, min: 0.01, max: 0.9, step: 0.01 },
    { kind: 'int', name: 'updatesPerBatch', group: 'optimisation', apply: 'reset', label: 'updates / batch', help: 'Optimiser steps on each sampled batch (1 = on-policy; more makes the clip matter).', default: DEFAULT_RUN.updatesPerBatch, min: 1, max: 8, step: 1 },
    {
      kind: 'int',
      name: 'bucket',
      group: 'data',
      apply: 'reset',
      label: 'W (target bucket)',
      ascii: 'target bucket width',
      help: 'The prompt shows the target only to within this many sums (3: "4–6"), so no single answer is always right and covering the bucket pays (pass@k). 1 = the exact target: groups soon answer alike, and with zero advantages neither run learns anything more.',
      default: DEFAULT_TASK.bucket ?? 1,
      min: 1,
      max: 6,
      step: 1,
    },
    { kind: 'int', name: 'seeds', group: 'data', apply: 'reset', label: 'S (seeds per run)', ascii: 'seeds', help: 'Seeds trained together per run (seed, seed + 1, …), as one batched computation: each has its own weights, prompts and noise, so the spread between them shows what is luck.', default: 3, min: 1, max: 8, step: 1 },
    { kind: 'int', name: 'seed', group: 'data', apply: 'reset', label: 'First seed', help: 'Both runs share the seeds: the same weights, prompts and sampling noise for each.', default: DEFAULT_RUN.seed, min: 0, max: 1_000_000, step: 1 },
    { kind: 'bool', name: 'filterGroups', group: 'baselines', apply: 'reset', label: 'filter groups (DAPO)', ascii: 'filter groups', help: 'DAPO dynamic sampling, as the released GRPO+ERA runs use it: groups whose rewards are all equal (zero advantages) are dropped from the loss and its token-mean, and more prompts are sampled to refill the batch.', default: DEFAULT_RUN.filterGroups },
    { kind: 'int', name: 'maxGenBatches', group: 'advanced', apply: 'reset', label: 'refill rounds', help: 'With group filtering: at most this many rounds of prompts per step; a step that kept fewer groups trains on those.', default: DEFAULT_RUN.maxGenBatches, min: 1, max: 16, step: 1 },
    { kind: 'int', name: 'topK', group: 'advanced', apply: 'reset', label: 'top-K renorm', ascii: 'top K', help: 'Renormalise log-probs over the K largest logits (released code: 20; 0 = off; ≥ 12 = the whole vocabulary).', default: DEFAULT_RUN.topK, min: 0, max: 12, step: 1 },
    { kind: 'int', name: 'evalEvery', group: 'advanced', apply: 'reset', label: 'pass@k every (steps)', ascii: 'pass at k every', help: 'Steps between pass@k evaluations on the evaluation prompts.', default: 25, min: 1, max: 1000, step: 1 },
  ],
  {
    rules: [
      {
        check: (s) => (s.omegaLow > s.omegaHigh ? `ω_low = ${s.omegaLow} is above ω_high = ${s.omegaHigh}: ERA needs ω_low ≤ ω_high; using ω_high = ${s.omegaLow}.` : null),
        fix: (s) => ({ ...s, omegaHigh: s.omegaLow }),
      },
    ],
  },
);

/** The lab's settings, as the worker and `src/tokens/config.ts` take them. */
export type TokensSettings = StateOf<typeof tokensSchema.specs>;

export const TOKENS_DEFAULTS: TokensSettings = defaults(tokensSchema);
