// The common environment interface (a contract: `makeEnv` in ./index.ts returns it).

export interface StepResult {
  observation: Float32Array;
  reward: number;
  /** The task ended in a terminal state (bootstrapping stops). */
  terminated: boolean;
  /** The episode hit its time limit (bootstrapping continues). */
  truncated: boolean;
}

/** What a canvas needs to draw the current state; plain numbers only (it crosses the worker boundary). */
export type EnvFrame =
  | { kind: 'pendulum'; theta: number; torque: number }
  | { kind: 'mountain-car'; position: number; force: number }
  | { kind: 'point-mass'; position: [number, number]; target: [number, number]; action: number[] }
  | { kind: 'reacher'; angles: number[]; linkLength: number; target: [number, number]; action: number[] };

export interface Env {
  readonly name: string;
  readonly observationSize: number;
  readonly actionSize: number;
  /** Steps after which an episode is truncated. */
  readonly maxEpisodeSteps: number;
  reset(seed: number): Float32Array;
  /** `action` is normalised to [−1, 1] per dimension; out-of-range values are clipped, NaN throws. */
  step(action: Float32Array): StepResult;
  frame(): EnvFrame;
}

/** Validates an action (length, NaN) and returns it clipped to [−1, 1]. */
export function normaliseAction(env: { name: string; actionSize: number }, action: Float32Array | number[]): number[] {
  if (action.length !== env.actionSize) {
    throw new RangeError(`${env.name}: action must have ${env.actionSize} entries, got ${action.length}`);
  }
  const out = new Array<number>(action.length);
  for (let i = 0; i < action.length; i++) {
    const a = action[i];
    if (Number.isNaN(a)) throw new RangeError(`${env.name}: action[${i}] is NaN`);
    out[i] = Math.min(1, Math.max(-1, a));
  }
  return out;
}

export function clip(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
