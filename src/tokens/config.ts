// The lab's settings as one typed schema (name, default, range, help): it drives the UI controls,
// validates and serialises the URL state, and builds the two runs' configs. No DOM here.
import { DEFAULT_TASK } from './task.ts';
import { DEFAULT_ERA, DEFAULT_RUN, RUN_PRESETS, type RunConfig } from './trainer.ts';

export interface NumberParam {
  kind: 'number';
  key: string;
  label: string;
  default: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  help: string;
}
export interface BoolParam {
  kind: 'bool';
  key: string;
  label: string;
  default: boolean;
  help: string;
}
export type Param = NumberParam | BoolParam;

export const TOKENS_PARAMS = [
  { kind: 'number', key: 'seed', label: 'seed', default: DEFAULT_RUN.seed, min: 0, max: 1_000_000, step: 1, integer: true, help: 'The first seed; both runs share the seeds: same weights, prompts and sampling noise.' },
  { kind: 'number', key: 'seeds', label: 'seeds', default: 3, min: 1, max: 8, step: 1, integer: true, help: 'Seeds trained together per run (seed, seed + 1, …), as one batched computation: each has its own weights, prompts and noise, so the spread between them shows what is luck.' },
  { kind: 'number', key: 'groupSize', label: 'group size G', default: DEFAULT_RUN.groupSize, min: 2, max: 32, step: 1, integer: true, help: 'Responses sampled per prompt; advantages are normalised within the group.' },
  { kind: 'number', key: 'promptsPerStep', label: 'prompts / step', default: DEFAULT_RUN.promptsPerStep, min: 1, max: 64, step: 1, integer: true, help: 'Groups per GRPO step.' },
  { kind: 'number', key: 'learningRate', label: 'learning rate', default: DEFAULT_RUN.learningRate, min: 1e-4, max: 0.1, step: 1e-4, help: 'Adam step size.' },
  { kind: 'number', key: 'clipEps', label: 'clip ε', default: DEFAULT_RUN.clipEps, min: 0.01, max: 0.9, step: 0.01, help: 'PPO ratio clip: r is clipped to [1 − ε, 1 + ε].' },
  { kind: 'number', key: 'updatesPerBatch', label: 'updates / batch', default: DEFAULT_RUN.updatesPerBatch, min: 1, max: 8, step: 1, integer: true, help: 'Optimiser steps on each sampled batch (1 = on-policy; more makes the clip matter).' },
  { kind: 'number', key: 'k', label: 'ERA k', default: DEFAULT_ERA.k, min: 1, max: 8, step: 0.1, help: 'Sharpen: z′ = k·z, A′ = A/k; flatten: z′ = z/k, A′ = k·A.' },
  { kind: 'number', key: 'omegaLow', label: 'ω_low', default: DEFAULT_ERA.omegaLow, min: 0, max: 3, step: 0.01, help: 'Below it (and A > 0) ERA sharpens the target distribution.' },
  { kind: 'number', key: 'omegaHigh', label: 'ω_high', default: DEFAULT_ERA.omegaHigh, min: 0, max: 5, step: 0.01, help: 'Above it (and A > 0) ERA flattens. With 12 tokens H ≤ ln 12 ≈ 2.48, so the default 3 never flattens.' },
  { kind: 'bool', key: 'scaleAdvantages', label: 'rescale advantages', default: DEFAULT_ERA.scaleAdvantages, help: 'On (the paper): A′ = A/k, so only the target distribution changes. Off (the original released script): low-entropy correct responses also push k times harder. On this task off holds the entropy at or above ω_low at every step; on keeps it around ω_low (a k times weaker push).' },
  { kind: 'number', key: 'topK', label: 'top-K renorm', default: DEFAULT_RUN.topK, min: 0, max: 12, step: 1, integer: true, help: 'Renormalise log-probs over the K largest logits (released code: 20; 0 = off; ≥ 12 = the whole vocabulary).' },
  { kind: 'number', key: 'bucket', label: 'target bucket', default: DEFAULT_TASK.bucket ?? 1, min: 1, max: 6, step: 1, integer: true, help: 'The prompt shows the target only to within this many sums (3: "4–6"), so no single answer is always right and covering the bucket pays (pass@k). 1 = the exact target: groups soon answer alike, and with zero advantages neither run learns anything more.' },
  { kind: 'bool', key: 'filterGroups', label: 'filter groups (DAPO)', default: DEFAULT_RUN.filterGroups, help: 'DAPO dynamic sampling, as the released GRPO+ERA runs use it: groups whose rewards are all equal (zero advantages) are dropped from the loss and its token-mean, and more prompts are sampled to refill the batch.' },
  { kind: 'number', key: 'maxGenBatches', label: 'refill rounds', default: DEFAULT_RUN.maxGenBatches, min: 1, max: 16, step: 1, integer: true, help: 'With group filtering: at most this many rounds of prompts per step; a step that kept fewer groups trains on those.' },
  { kind: 'number', key: 'evalEvery', label: 'pass@k every', default: 25, min: 1, max: 1000, step: 1, integer: true, help: 'Steps between pass@k evaluations on the evaluation prompts.' },
] as const satisfies readonly Param[];

export type TokensSettings = {
  [P in (typeof TOKENS_PARAMS)[number] as P['key']]: P extends { kind: 'bool' } ? boolean : number;
};

export const DEFAULT_SETTINGS = Object.fromEntries(TOKENS_PARAMS.map((p) => [p.key, p.default])) as TokensSettings;

/** Clamps and rounds every field to its schema; unknown or malformed values fall back to the default. */
export function normaliseSettings(raw: Partial<Record<string, unknown>>): TokensSettings {
  const out: Record<string, number | boolean> = {};
  for (const p of TOKENS_PARAMS as readonly Param[]) {
    const v = raw[p.key];
    if (p.kind === 'bool') {
      out[p.key] = typeof v === 'boolean' ? v : v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : p.default;
    } else {
      let n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) n = p.default;
      n = Math.min(p.max, Math.max(p.min, n));
      out[p.key] = p.integer ? Math.round(n) : n;
    }
  }
  const s = out as TokensSettings;
  if (s.omegaLow > s.omegaHigh) s.omegaHigh = s.omegaLow;
  return s;
}

/** The settings a running session can change between steps (see TokensSession.setLive). */
export const LIVE_KEYS = ['k', 'omegaLow', 'omegaHigh', 'scaleAdvantages', 'learningRate'] as const;
export type LiveSettings = Pick<TokensSettings, (typeof LIVE_KEYS)[number]>;

/** The live settings of `raw`, clamped to their ranges like normaliseSettings (ω_high ≥ ω_low). */
export function normaliseLive(raw: Partial<Record<string, unknown>>): LiveSettings {
  const s = normaliseSettings(raw);
  return Object.fromEntries(LIVE_KEYS.map((k) => [k, s[k]])) as LiveSettings;
}

/** The two runs of the comparison, built from the lab settings. */
export function runConfigs(s: TokensSettings): [RunConfig, RunConfig] {
  const base: Partial<RunConfig> = {
    seed: s.seed,
    seeds: s.seeds,
    filterGroups: s.filterGroups,
    maxGenBatches: s.maxGenBatches,
    groupSize: s.groupSize,
    promptsPerStep: s.promptsPerStep,
    learningRate: s.learningRate,
    clipEps: s.clipEps,
    updatesPerBatch: s.updatesPerBatch,
    topK: s.topK,
    evalSamples: Math.max(DEFAULT_RUN.evalSamples, s.groupSize),
    task: { ...DEFAULT_TASK, bucket: s.bucket },
  };
  return [
    RUN_PRESETS.grpo(base),
    RUN_PRESETS['grpo-era'](base, { k: s.k, omegaLow: s.omegaLow, omegaHigh: s.omegaHigh, scaleAdvantages: s.scaleAdvantages }),
  ];
}
