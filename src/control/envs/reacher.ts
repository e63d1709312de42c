// Planar N-link reacher (N = 2…8 joints, one action per joint), total arm length 1 (each link 1/N).
// Joints are velocity-driven with damping (kinematic, no inertial coupling between links):
//   q̇'_i = 0.9·q̇_i + dt·gain·a_i  (dt = 0.1, gain = 2);  q'_i = normalise(q_i + dt·q̇'_i) to [−π, π)
//   tip = Σ_j (1/N)·(cos φ_j, sin φ_j), φ_j = q_1 + … + q_j
//   reward = −‖tip − g‖ − 0.01·Σ a_i²/N
//   observation (cos q_i…, sin q_i…, q̇_i…, g, tip − g): 3N + 4 numbers
//   reset q_1 ~ U[−π, π), q_i ~ U[−0.1, 0.1) for i > 1, q̇ = 0; target at radius U[0.2, 0.9), angle U[−π, π)
//   100 steps, never terminates.
import { Rng } from '../../util/rng.ts';
import { normaliseAngle } from './pendulum.ts';
import { type Env, type EnvFrame, type StepResult, normaliseAction } from './types.ts';

export const REACHER = { dt: 0.1, gain: 2, damping: 0.9, controlCost: 0.01, maxSteps: 100, minLinks: 2, maxLinks: 8 } as const;

/** Fingertip position for relative joint angles `q` and equal links of length `linkLength`. */
export function fingertip(q: readonly number[], linkLength: number): [number, number] {
  let phi = 0;
  let x = 0;
  let y = 0;
  for (const qi of q) {
    phi += qi;
    x += linkLength * Math.cos(phi);
    y += linkLength * Math.sin(phi);
  }
  return [x, y];
}

export function makeReacher(opts: { links?: number; maxSteps?: number } = {}): Env {
  const n = opts.links ?? 2;
  if (!Number.isInteger(n) || n < REACHER.minLinks || n > REACHER.maxLinks) {
    throw new RangeError(`reacher: links must be an integer in [${REACHER.minLinks}, ${REACHER.maxLinks}], got ${n}`);
  }
  const { dt, gain, damping, controlCost } = REACHER;
  const maxSteps = opts.maxSteps ?? REACHER.maxSteps;
  const linkLength = 1 / n;
  const q = new Array<number>(n).fill(0);
  const qDot = new Array<number>(n).fill(0);
  const goal: [number, number] = [0, 0];
  let last = new Array<number>(n).fill(0);
  let t = 0;
  const observe = () => {
    const tip = fingertip(q, linkLength);
    const o = new Float32Array(3 * n + 4);
    for (let i = 0; i < n; i++) {
      o[i] = Math.cos(q[i]);
      o[n + i] = Math.sin(q[i]);
      o[2 * n + i] = qDot[i];
    }
    o.set([goal[0], goal[1], tip[0] - goal[0], tip[1] - goal[1]], 3 * n);
    return o;
  };
  return {
    name: 'reacher',
    observationSize: 3 * n + 4,
    actionSize: n,
    maxEpisodeSteps: maxSteps,
    reset(seed: number) {
      const rng = new Rng(seed);
      for (let i = 0; i < n; i++) {
        q[i] = i === 0 ? rng.range(-Math.PI, Math.PI) : rng.range(-0.1, 0.1);
        qDot[i] = 0;
      }
      const r = rng.range(0.2, 0.9);
      const ang = rng.range(-Math.PI, Math.PI);
      goal[0] = r * Math.cos(ang);
      goal[1] = r * Math.sin(ang);
      last = new Array<number>(n).fill(0);
      t = 0;
      return observe();
    },
    step(action): StepResult {
      const a = normaliseAction(this, action);
      let effort = 0;
      for (let i = 0; i < n; i++) {
        qDot[i] = damping * qDot[i] + dt * gain * a[i];
        q[i] = normaliseAngle(q[i] + dt * qDot[i]);
        effort += a[i] * a[i];
      }
      last = a;
      const tip = fingertip(q, linkLength);
      const reward = -Math.hypot(tip[0] - goal[0], tip[1] - goal[1]) - (controlCost * effort) / n;
      t++;
      return { observation: observe(), reward, terminated: false, truncated: t >= maxSteps };
    },
    frame: (): EnvFrame => ({ kind: 'reacher', angles: [...q], linkLength, target: [goal[0], goal[1]], action: last }),
  };
}
