// Dynamics: short trajectories of each environment against values computed from its documented equations.
import { describe, expect, it } from 'vitest';
import { makeEnv } from '../../src/control/envs/index.ts';
import { fingertip } from '../../src/control/envs/reacher.ts';

const f32 = (xs: number[]) => new Float32Array(xs);
const wrap = (x: number) => {
  const r = (x + Math.PI) % (2 * Math.PI);
  return (r < 0 ? r + 2 * Math.PI : r) - Math.PI;
};

describe('makeEnv contract', () => {
  it('reports sizes and rejects bad names, bad action lengths and NaN', () => {
    expect(makeEnv('pendulum')).toMatchObject({ observationSize: 3, actionSize: 1 });
    expect(makeEnv('mountain-car')).toMatchObject({ observationSize: 2, actionSize: 1 });
    expect(makeEnv('MountainCarContinuous-v0')).toMatchObject({ observationSize: 2, actionSize: 1 });
    expect(makeEnv('point-mass')).toMatchObject({ observationSize: 6, actionSize: 2 });
    expect(makeEnv('reacher', { links: 5 })).toMatchObject({ observationSize: 19, actionSize: 5 });
    expect(() => makeEnv('cartpole')).toThrow(/unknown environment/);
    expect(() => makeEnv('reacher', { links: 9 })).toThrow(/links/);
    const env = makeEnv('pendulum');
    env.reset(1);
    expect(() => env.step(f32([NaN]))).toThrow(/NaN/);
    expect(() => env.step(f32([0, 0]))).toThrow(/1 entries/);
  });

  it('is deterministic from the seed', () => {
    for (const name of ['pendulum', 'mountain-car', 'point-mass', 'reacher']) {
      const a = makeEnv(name).reset(7);
      const b = makeEnv(name).reset(7);
      const c = makeEnv(name).reset(8);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
    }
  });
});

describe('pendulum', () => {
  it('follows θ̇′ = clip(θ̇ + (15 sin θ + 3u)·0.05, ±8), θ′ = θ + 0.05·θ̇′, reward −(θ² + 0.1θ̇² + 0.001u²)', () => {
    const env = makeEnv('pendulum');
    const o0 = env.reset(3);
    let th = Math.atan2(o0[1], o0[0]);
    let thd = o0[2];
    expect(Math.abs(thd)).toBeLessThanOrEqual(1);
    const actions = [0.5, -1, 3, -0.25, 1, 0, -7, 0.9];
    for (const a of actions) {
      const u = 2 * Math.max(-1, Math.min(1, a));
      const cost = wrap(th) ** 2 + 0.1 * thd ** 2 + 0.001 * u ** 2;
      const nthd = Math.max(-8, Math.min(8, thd + (15 * Math.sin(th) + 3 * u) * 0.05));
      th = th + nthd * 0.05;
      thd = nthd;
      const r = env.step(f32([a]));
      expect(r.reward).toBeCloseTo(-cost, 5);
      expect(r.observation[0]).toBeCloseTo(Math.cos(th), 5);
      expect(r.observation[1]).toBeCloseTo(Math.sin(th), 5);
      expect(r.observation[2]).toBeCloseTo(thd, 5);
      expect(r.terminated).toBe(false);
    }
  });

  it('caps the speed at 8, normalises θ in the cost and truncates at 200 steps', () => {
    const env = makeEnv('pendulum');
    env.reset(0);
    let last;
    for (let i = 0; i < 200; i++) {
      last = env.step(f32([1]));
      expect(Math.abs(last.observation[2])).toBeLessThanOrEqual(8 + 1e-6);
      // θ² ≤ π² and θ̇² ≤ 64 bound the cost only if θ is normalised to [−π, π).
      expect(last.reward).toBeGreaterThanOrEqual(-(Math.PI ** 2 + 6.4 + 0.004) - 1e-9);
      expect(last.truncated).toBe(i === 199);
    }
    const frame = env.frame();
    expect(frame.kind).toBe('pendulum');
  });

  it("the first step's reward is the cost of the reset state (θ, θ̇) with zero torque", () => {
    const env = makeEnv('pendulum', { maxSteps: 5 });
    const o = env.reset(11);
    const th = Math.atan2(o[1], o[0]);
    const r = env.step(f32([0]));
    expect(r.reward).toBeCloseTo(-(wrap(th) ** 2 + 0.1 * o[2] ** 2), 5);
  });
});

describe('continuous mountain car', () => {
  it('follows v′ = clip(v + 0.0015a − 0.0025 cos 3x, ±0.07), x′ = clip(x + v′, −1.2, 0.6), reward −0.1a²', () => {
    const env = makeEnv('mountain-car');
    const o = env.reset(5);
    let x = o[0];
    let v = o[1];
    expect(x).toBeGreaterThanOrEqual(-0.6);
    expect(x).toBeLessThan(-0.4);
    expect(v).toBe(0);
    for (const a of [1, 1, -0.5, 2, -3, 0.3]) {
      const f = Math.max(-1, Math.min(1, a));
      v = Math.max(-0.07, Math.min(0.07, v + 0.0015 * f - 0.0025 * Math.cos(3 * x)));
      x = Math.max(-1.2, Math.min(0.6, x + v));
      if (x === -1.2 && v < 0) v = 0;
      const r = env.step(f32([a]));
      expect(r.observation[0]).toBeCloseTo(x, 6);
      expect(r.observation[1]).toBeCloseTo(v, 6);
      expect(r.reward).toBeCloseTo(-0.1 * f * f, 6);
      expect(r.terminated).toBe(false);
    }
  });

  it('a bang-bang policy reaches the goal: terminated with the +100 bonus', () => {
    const env = makeEnv('mountain-car');
    let obs = env.reset(2);
    let result;
    for (let i = 0; i < 999; i++) {
      result = env.step(f32([obs[1] >= 0 ? 1 : -1]));
      obs = result.observation;
      if (result.terminated || result.truncated) break;
    }
    expect(result!.terminated).toBe(true);
    expect(result!.observation[0]).toBeGreaterThanOrEqual(0.45);
    expect(result!.reward).toBeCloseTo(100 - 0.1, 6);
  });
});

describe('point-mass reach', () => {
  it('follows v′ = 0.95v + 0.2a, x′ = clip(x + 0.1v′), reward −‖x′ − g‖ − 0.01‖a‖²', () => {
    const env = makeEnv('point-mass');
    const o = env.reset(9);
    const p = [o[0], o[1]];
    const v = [o[2], o[3]];
    const g = [o[0] + o[4], o[1] + o[5]];
    for (const a of [
      [1, -1],
      [0.5, 2],
      [-1, 0.25],
      [1, 1],
    ]) {
      const ac = a.map((x) => Math.max(-1, Math.min(1, x)));
      for (let i = 0; i < 2; i++) {
        v[i] = 0.95 * v[i] + 0.2 * ac[i];
        const n = p[i] + 0.1 * v[i];
        p[i] = Math.max(-1, Math.min(1, n));
        if (p[i] !== n) v[i] = 0;
      }
      const r = env.step(f32(a));
      expect(Array.from(r.observation.slice(0, 4)).map((x) => +x.toFixed(5))).toEqual([p[0], p[1], v[0], v[1]].map((x) => +x.toFixed(5)));
      expect(r.reward).toBeCloseTo(-Math.hypot(p[0] - g[0], p[1] - g[1]) - 0.01 * (ac[0] ** 2 + ac[1] ** 2), 5);
    }
  });
});

describe('N-link reacher', () => {
  it('computes the fingertip by forward kinematics', () => {
    const [x, y] = fingertip([Math.PI / 2, -Math.PI / 2], 0.5);
    expect(x).toBeCloseTo(0.5, 12);
    expect(y).toBeCloseTo(0.5, 12);
  });

  it('follows q̇′ = 0.9q̇ + 0.2a, q′ = q + 0.1q̇′, reward −‖tip − g‖ − 0.01Σa²/N', () => {
    const n = 3;
    const env = makeEnv('reacher', { links: n });
    const o = env.reset(4);
    const q = Array.from({ length: n }, (_, i) => Math.atan2(o[n + i], o[i]));
    const qd = Array.from(o.slice(2 * n, 3 * n));
    const g = [o[3 * n], o[3 * n + 1]];
    expect(Math.hypot(g[0], g[1])).toBeGreaterThanOrEqual(0.2 - 1e-6);
    for (const a of [
      [1, 0, -1],
      [0.3, 0.7, 5],
      [-1, -1, 0.2],
    ]) {
      const ac = a.map((x) => Math.max(-1, Math.min(1, x)));
      for (let i = 0; i < n; i++) {
        qd[i] = 0.9 * qd[i] + 0.2 * ac[i];
        q[i] = wrap(q[i] + 0.1 * qd[i]);
      }
      const tip = fingertip(q, 1 / n);
      const r = env.step(f32(a));
      for (let i = 0; i < n; i++) {
        expect(r.observation[i]).toBeCloseTo(Math.cos(q[i]), 5);
        expect(r.observation[n + i]).toBeCloseTo(Math.sin(q[i]), 5);
        expect(r.observation[2 * n + i]).toBeCloseTo(qd[i], 5);
      }
      expect(r.observation[3 * n + 2]).toBeCloseTo(tip[0] - g[0], 5);
      expect(r.reward).toBeCloseTo(-Math.hypot(tip[0] - g[0], tip[1] - g[1]) - (0.01 * ac.reduce((s, x) => s + x * x, 0)) / n, 5);
    }
  });
});
