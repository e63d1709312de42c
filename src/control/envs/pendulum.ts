// Pendulum swing-up with the standard (Gym Pendulum-v1) constants.
//   torque u = 2·a (a ∈ [−1, 1]);  reward = −(θ² + 0.1·θ̇² + 0.001·u²) with θ normalised to [−π, π)
//   θ̇' = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, −8, 8);  θ' = θ + θ̇'·dt
//   observation (cos θ, sin θ, θ̇); reset θ ~ U[−π, π), θ̇ ~ U[−1, 1); 200 steps, never terminates.
import { Rng } from '../../util/rng.ts';
import { type Env, type EnvFrame, type StepResult, clip, normaliseAction } from './types.ts';

export const PENDULUM = { g: 10, m: 1, l: 1, dt: 0.05, maxSpeed: 8, maxTorque: 2, maxSteps: 200 } as const;

/** Maps an angle to [−π, π). */
export function normaliseAngle(x: number): number {
  const twoPi = 2 * Math.PI;
  return ((((x + Math.PI) % twoPi) + twoPi) % twoPi) - Math.PI;
}

export function makePendulum(opts: { maxSteps?: number } = {}): Env {
  const { g, m, l, dt, maxSpeed, maxTorque } = PENDULUM;
  const maxSteps = opts.maxSteps ?? PENDULUM.maxSteps;
  let theta = 0;
  let thetaDot = 0;
  let torque = 0;
  let t = 0;
  const observe = () => new Float32Array([Math.cos(theta), Math.sin(theta), thetaDot]);
  return {
    name: 'pendulum',
    observationSize: 3,
    actionSize: 1,
    maxEpisodeSteps: maxSteps,
    reset(seed: number) {
      const rng = new Rng(seed);
      theta = rng.range(-Math.PI, Math.PI);
      thetaDot = rng.range(-1, 1);
      torque = 0;
      t = 0;
      return observe();
    },
    step(action): StepResult {
      const [a] = normaliseAction(this, action);
      const u = maxTorque * a;
      const th = normaliseAngle(theta);
      const cost = th * th + 0.1 * thetaDot * thetaDot + 0.001 * u * u;
      const newThetaDot = clip(thetaDot + (((3 * g) / (2 * l)) * Math.sin(theta) + (3 / (m * l * l)) * u) * dt, -maxSpeed, maxSpeed);
      theta = normaliseAngle(theta + newThetaDot * dt);
      thetaDot = newThetaDot;
      torque = u;
      t++;
      return { observation: observe(), reward: -cost, terminated: false, truncated: t >= maxSteps };
    },
    frame: (): EnvFrame => ({ kind: 'pendulum', theta, torque }),
  };
}
