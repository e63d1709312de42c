// Point-mass reach in 2-D (2-D action): a damped point in the box [−1, 1]² pushed toward a target.
//   v' = 0.95·v + dt·accel·a  (dt = 0.1, accel = 2);  x' = clip(x + dt·v', −1, 1), a wall zeroes v' on its axis
//   reward = −‖x' − g‖ − 0.01·‖a‖²;  observation (x, y, vx, vy, gx − x, gy − y)
//   reset x ~ U[−1, 1)², v = 0, g ~ U[−0.8, 0.8)²; 100 steps, never terminates.
import { Rng } from '../../util/rng.ts';
import { type Env, type EnvFrame, type StepResult, clip, normaliseAction } from './types.ts';

export const POINT_MASS = { dt: 0.1, accel: 2, damping: 0.95, controlCost: 0.01, maxSteps: 100 } as const;

export function makePointMass(opts: { maxSteps?: number } = {}): Env {
  const { dt, accel, damping, controlCost } = POINT_MASS;
  const maxSteps = opts.maxSteps ?? POINT_MASS.maxSteps;
  const pos: [number, number] = [0, 0];
  const vel: [number, number] = [0, 0];
  const goal: [number, number] = [0, 0];
  let last = [0, 0];
  let t = 0;
  const observe = () => new Float32Array([pos[0], pos[1], vel[0], vel[1], goal[0] - pos[0], goal[1] - pos[1]]);
  return {
    name: 'point-mass',
    observationSize: 6,
    actionSize: 2,
    maxEpisodeSteps: maxSteps,
    reset(seed: number) {
      const rng = new Rng(seed);
      pos[0] = rng.range(-1, 1);
      pos[1] = rng.range(-1, 1);
      vel[0] = vel[1] = 0;
      goal[0] = rng.range(-0.8, 0.8);
      goal[1] = rng.range(-0.8, 0.8);
      last = [0, 0];
      t = 0;
      return observe();
    },
    step(action): StepResult {
      const a = normaliseAction(this, action);
      for (let i = 0; i < 2; i++) {
        vel[i] = damping * vel[i] + dt * accel * a[i];
        const next = pos[i] + dt * vel[i];
        pos[i] = clip(next, -1, 1);
        if (pos[i] !== next) vel[i] = 0;
      }
      last = a;
      const dist = Math.hypot(pos[0] - goal[0], pos[1] - goal[1]);
      const reward = -dist - controlCost * (a[0] * a[0] + a[1] * a[1]);
      t++;
      return { observation: observe(), reward, terminated: false, truncated: t >= maxSteps };
    },
    frame: (): EnvFrame => ({ kind: 'point-mass', position: [pos[0], pos[1]], target: [goal[0], goal[1]], action: last }),
  };
}
