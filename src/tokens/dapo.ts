// DAPO's dynamic sampling ("filter groups"), as the released GRPO+ERA runs use it through verl
// (`algorithm.filter_groups`, metric acc): a group whose rewards are all equal has zero advantages, so it
// only dilutes the loss's token-mean; drop it, and sample more prompts until the batch holds as many
// informative groups as a step trains on. verl keeps generating until the batch is full (its
// `max_num_gen_batches` ≤ 0 means no bound, the released script's setting; a bound it reaches is an
// error there) and then cuts the batch to size. Here the rounds are bounded and a step trains on what
// the last round left it, because a lab must not stop: plain GRPO's collapsed policy can answer every
// group alike for ever.

/** A group of responses to one prompt, as the sampler scored them. */
export interface SampledGroup {
  /** The hidden target the verifier scores against. */
  target: number;
  /** Tokens [G, T] of the group's responses, row-major. */
  tokens: Int32Array;
  rewards: Float32Array;
  /** Tokens that count for the loss, per response. */
  lengths: number[];
  /** Well-formed (digits then <eos>), per response. */
  wellFormed: boolean[];
}

/** True iff the group's rewards are not all equal (verl: std > 0), i.e. it carries a learning signal. */
export function isInformative(rewards: ArrayLike<number>): boolean {
  for (let i = 1; i < rewards.length; i++) if (rewards[i] !== rewards[0]) return true;
  return false;
}

export interface GroupBatch {
  /** The groups the step measures, at most `target` of them. */
  groups: SampledGroup[];
  /** Whether the loss (and its token-mean) uses them: false when a filtered step kept no group at all. */
  inLoss: boolean;
}

/**
 * Collects one step's groups over generation rounds. Without filtering: one round, every group.
 * With filtering: the informative groups of each round, until `target` of them or `maxRounds` rounds;
 * then the first `target` (verl's `batch[:traj_bsz]`). If no round kept a group the step has nothing
 * to learn from: it measures the last round's groups and takes no update.
 */
export class GroupCollector {
  private readonly kept: SampledGroup[] = [];
  private last: SampledGroup[] = [];
  rounds = 0;

  constructor(
    readonly target: number,
    readonly filter: boolean,
    readonly maxRounds: number,
  ) {
    if (!Number.isInteger(target) || target < 1) throw new RangeError(`target must be an integer ≥ 1, got ${target}`);
    if (!Number.isInteger(maxRounds) || maxRounds < 1) throw new RangeError(`maxRounds must be an integer ≥ 1, got ${maxRounds}`);
  }

  /** Whether another generation round is wanted. */
  get needsMore(): boolean {
    if (this.rounds === 0) return true;
    return this.filter && this.kept.length < this.target && this.rounds < this.maxRounds;
  }

  add(round: SampledGroup[]): void {
    this.rounds++;
    this.last = round;
    for (const g of round) if (!this.filter || isInformative(g.rewards)) this.kept.push(g);
  }

  take(): GroupBatch {
    if (this.kept.length === 0 && this.filter) return { groups: this.last.slice(0, this.target), inLoss: false };
    return { groups: this.kept.slice(0, this.target), inLoss: true };
  }
}
