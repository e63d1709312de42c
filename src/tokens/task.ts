// The toy verifiable-reward task: "emit digits whose sum is the target, then <eos>".
// Many responses are correct for most targets (9 → "9", "45", "333", "1026"…), and by default the prompt
// shows only the target's bucket of three sums, so a diverse policy solves more prompts in k tries: the
// point of measuring entropy collapse and pass@k.
import { Rng } from '../util/rng.ts';

export const EOS = 10;
/** A non-digit token in the vocabulary: emitting it anywhere makes the response invalid. */
export const INVALID = 11;
export const VOCAB_SIZE = 12;
export const TOKEN_TEXT = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '⏎', '?'];

export interface TaskConfig {
  /** Smallest and largest target sum a prompt can ask for. */
  minTarget: number;
  maxTarget: number;
  /** Tokens the policy may emit, <eos> included; a response with no <eos> by then is too long. */
  maxLength: number;
  /**
   * The prompt shows the target only to within a bucket of this many consecutive sums (1 = the exact
   * target, the default): the prompt is the bucket's smallest sum, the verifier knows the exact one.
   * With a bucket wider than 1 no answer is always right, so k different answers beat k copies of one.
   */
  bucket?: number;
}

/**
 * Buckets of three by default: with the exact target every prompt soon has one answer its whole group
 * gives (all right or all wrong: zero advantages), which leaves GRPO, and ERA, no gradient at all.
 */
export const DEFAULT_TASK: TaskConfig = { minTarget: 1, maxTarget: 18, maxLength: 6, bucket: 3 };

export type Outcome = 'correct' | 'wrong-sum' | 'invalid-token' | 'too-long' | 'empty';

export interface Scored {
  reward: 0 | 1;
  outcome: Outcome;
  /** Tokens that count for the loss: up to and including <eos>, or all maxLength when it never came. */
  length: number;
}

export function validateTask(cfg: TaskConfig): void {
  const ints = [cfg.minTarget, cfg.maxTarget, cfg.maxLength];
  if (!ints.every(Number.isInteger)) throw new RangeError('task: minTarget, maxTarget and maxLength must be integers');
  if (cfg.maxLength < 2 || cfg.maxLength > 16) throw new RangeError(`task: maxLength must be in [2, 16], got ${cfg.maxLength}`);
  const w = cfg.bucket ?? 1;
  if (!Number.isInteger(w) || w < 1) throw new RangeError(`task: bucket must be an integer ≥ 1, got ${w}`);
  const reachable = 9 * (cfg.maxLength - 1);
  if (cfg.minTarget < 0 || cfg.maxTarget < cfg.minTarget || cfg.maxTarget > reachable) {
    throw new RangeError(`task: need 0 ≤ minTarget ≤ maxTarget ≤ ${reachable} (9 × (maxLength − 1)), got [${cfg.minTarget}, ${cfg.maxTarget}]`);
  }
}

/** The prompt as text: the target itself, or its bucket's range ("4–6"). */
export function promptText(target: number, cfg: TaskConfig): string {
  const w = cfg.bucket ?? 1;
  const lo = promptOf(target, cfg);
  return w === 1 ? String(lo) : `${lo}–${Math.min(lo + w - 1, cfg.maxTarget)}`;
}

/** What the policy sees for a (hidden) target: the smallest sum of its bucket. */
export function promptOf(target: number, cfg: TaskConfig): number {
  const w = cfg.bucket ?? 1;
  return cfg.minTarget + w * Math.floor((target - cfg.minTarget) / w);
}

/**
 * Targets drawn without replacement from a seeded, shuffled deck of every target, refilled when empty:
 * every target is trained on equally often, so a step's mean entropy does not jump with its prompt mix.
 */
export class PromptDeck {
  private deck: number[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly cfg: TaskConfig,
  ) {}

  draw(count: number): number[] {
    const out: number[] = [];
    while (out.length < count) {
      if (this.deck.length === 0) this.refill();
      out.push(this.deck.pop()!);
    }
    return out;
  }

  private refill(): void {
    const { minTarget, maxTarget } = this.cfg;
    this.deck = Array.from({ length: maxTarget - minTarget + 1 }, (_, i) => minTarget + i);
    for (let i = this.deck.length - 1; i > 0; i--) {
      const j = this.rng.intIn(0, i);
      [this.deck[i], this.deck[j]] = [this.deck[j], this.deck[i]];
    }
  }
}

/** Reward 1 iff the response is one or more digits summing to the target followed by <eos>. */
export function scoreResponse(target: number, tokens: ArrayLike<number>, maxLength: number): Scored {
  let sum = 0;
  let invalid = false;
  for (let i = 0; i < maxLength; i++) {
    const tok = tokens[i];
    if (tok === EOS) {
      const length = i + 1;
      if (invalid) return { reward: 0, outcome: 'invalid-token', length };
      if (i === 0) return { reward: 0, outcome: 'empty', length };
      return sum === target ? { reward: 1, outcome: 'correct', length } : { reward: 0, outcome: 'wrong-sum', length };
    }
    if (tok >= 0 && tok <= 9) sum += tok;
    else invalid = true;
  }
  return { reward: 0, outcome: invalid ? 'invalid-token' : 'too-long', length: maxLength };
}

/** Human-readable response, cut after <eos>. */
export function responseText(tokens: ArrayLike<number>, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += TOKEN_TEXT[tokens[i]] ?? '·';
  return s;
}

/** Unbiased pass@k from n samples with c correct (Chen et al. 2021): 1 − C(n−c, k)/C(n, k). */
export function passAtK(n: number, c: number, k: number): number {
  if (k < 1 || k > n) throw new RangeError(`pass@k needs 1 ≤ k ≤ n (${n}), got ${k}`);
  if (n - c < k) return 1;
  let fail = 1;
  for (let i = n - c + 1; i <= n; i++) fail *= 1 - k / i;
  return 1 - fail;
}
