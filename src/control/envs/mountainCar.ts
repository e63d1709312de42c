// Continuous mountain car (Gym MountainCarContinuous-v0).
//   force = a (a ∈ [−1, 1]);  v' = clip(v + 0.0015·force − 0.0025·cos(3x), −0.07, 0.07)
//   x' = clip(x + v', −1.2, 0.6); at the left wall a leftward v' is zeroed.
//   terminated when x' ≥ 0.45 and v' ≥ 0; reward = 100·[terminated] − 0.1·a²
//   observation (x, v); reset x ~ U[−0.6, −0.4), v = 0; 999 steps.
import { Rng } from '../../util/rng.ts';
import { type Env, type EnvFrame, type StepResult, clip, normaliseAction } from './types.ts';

export const MOUNTAIN_CAR = {
  minPosition: -1.2,
  maxPosition: 0.6,
  maxSpeed: 0.07,
  goalPosition: 0.45,
  goalVelocity: 0,
  power: 0.0015,
  maxSteps: 999,
} as const;

export function makeMountainCar(opts: { maxSteps?: number } = {}): Env {
  const c = MOUNTAIN_CAR;
  const maxSteps = opts.maxSteps ?? c.maxSteps;
  let x = 0;
  let v = 0;
  let force = 0;
  let t = 0;
  const observe = () => new Float32Array([x, v]);
  return {
    name: 'mountain-car',
    observationSize: 2,
    actionSize: 1,
    maxEpisodeSteps: maxSteps,
    reset(seed: number) {
      x = new Rng(seed).range(-0.6, -0.4);
      v = 0;
      force = 0;
      t = 0;
      return observe();
    },
    step(action): StepResult {
      const [a] = normaliseAction(this, action);
      force = a;
      v = clip(v + force * c.power - 0.0025 * Math.cos(3 * x), -c.maxSpeed, c.maxSpeed);
      x = clip(x + v, c.minPosition, c.maxPosition);
      if (x === c.minPosition && v < 0) v = 0;
      const terminated = x >= c.goalPosition && v >= c.goalVelocity;
      const reward = (terminated ? 100 : 0) - 0.1 * a * a;
      t++;
      return { observation: observe(), reward, terminated, truncated: !terminated && t >= maxSteps };
    },
    frame: (): EnvFrame => ({ kind: 'mountain-car', position: x, force }),
  };
}
