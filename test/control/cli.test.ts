// The headless runner's contract: bad arguments exit non-zero with a usage message; a (tiny) run writes
// episodes.csv and summary.json with the documented fields; and the learning check: SAC-ERA on the 2-D
// point mass (D = 2, the lab's default) above −50 within 2,000 environment steps (the longest control
// test: 63 s measured on the shared 2-core machine).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseControlArgs, runCli, type Summary } from '../../src/control/cli.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => vi.restoreAllMocks());

describe('control runner arguments', () => {
  const bad = [
    [],
    ['--env', 'pendulum', '--steps', '10', '--seeds', '1'], // no --out
    ['--env', 'cartpole', '--steps', '10', '--seeds', '1', '--out', '/tmp/x'],
    ['--env', 'pendulum', '--steps', '-5', '--seeds', '1', '--out', '/tmp/x'],
    ['--env', 'pendulum', '--steps', '10', '--seeds', '0', '--out', '/tmp/x'],
    ['--env', 'pendulum', '--steps', '10', '--seeds', '1', '--out', '/tmp/x', '--agents', 'sac;ppo'],
    ['--env', 'pendulum', '--steps', '10', '--seeds', '1', '--out', '/tmp/x', '--backend', 'webgl'],
    ['--env', 'pendulum', '--steps', '10', '--seeds', '1', '--out', '/tmp/x', '--links', '4'],
    ['--env', 'pendulum', '--steps', '10', '--seeds', '1', '--out', '/tmp/x', '--frobnicate'],
  ];
  for (const args of bad) {
    it(`rejects [${args.join(' ')}] with exit 2 and the usage`, async () => {
      const err = vi.spyOn(console, 'error').mockImplementation(() => {});
      expect(await runCli(args)).toBe(2);
      expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/usage: npm run experiment -- control/);
    });
  }

  it('parses the documented form', () => {
    const o = parseControlArgs([
      '--env',
      'reacher',
      '--links',
      '5',
      '--agents',
      'sac;sac-era',
      '--steps',
      '100',
      '--seeds',
      '3',
      '--backend',
      'webgpu',
      '--out',
      'd',
      '--delta',
      'auto',
    ]);
    expect(o).toMatchObject({ env: 'reacher', links: 5, agents: ['sac', 'sac-era'], steps: 100, seeds: 3, backend: 'webgpu', out: 'd' });
    expect(o !== 'help' && o.agentConfig.deltaMode).toBe('auto');
    expect(o !== 'help' && o.warmupActionHold).toBe(1);
    const cn = parseControlArgs(['--env', 'point-mass', '--steps', '100', '--seeds', '1', '--out', 'd', '--distribution', 'clamped-normal']);
    expect(cn !== 'help' && cn.agentConfig.distribution).toBe('clamped-normal');
    expect(() => parseControlArgs(['--env', 'point-mass', '--steps', '100', '--seeds', '1', '--out', 'd', '--distribution', 'beta'])).toThrow(/--distribution/);
    const mc = parseControlArgs(['--env', 'mountain-car', '--steps', '100', '--seeds', '1', '--out', 'd', '--warmup-hold', '25']);
    expect(mc !== 'help' && mc.warmupActionHold).toBe(25);
    expect(() => parseControlArgs(['--env', 'mountain-car', '--steps', '100', '--seeds', '1', '--out', 'd', '--warmup-hold', '0'])).toThrow(/--warmup-hold/);
  });
});

describe('control runner output', () => {
  it('writes per-episode CSV and summary.json for every agent and seed', async () => {
    const out = mkdtempSync(join(tmpdir(), 'control-cli-'));
    const code = await runCli([
      '--env',
      'pendulum',
      '--agents',
      'sac;sac-era',
      '--steps',
      '210',
      '--seeds',
      '2',
      '--warmup',
      '200',
      '--batch',
      '8',
      '--hidden',
      '16,16',
      '--out',
      out,
      '--quiet',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.runs.map((r) => [r.agent, r.seed])).toEqual([
      ['sac', 0],
      ['sac-era', 0],
      ['sac', 1],
      ['sac-era', 1],
    ]);
    // Per agent: mean [min, max] over its seeds, recomputed here from the runs.
    expect(summary.agents.map((a) => [a.agent, a.seeds])).toEqual([
      ['sac', [0, 1]],
      ['sac-era', [0, 1]],
    ]);
    for (const a of summary.agents) {
      const mine = summary.runs.filter((r) => r.agent === a.agent);
      for (const key of ['finalReturn', 'evalReturn'] as const) {
        const xs = mine.map((r) => r[key]!);
        expect(a[key]!.mean).toBeCloseTo((xs[0] + xs[1]) / 2, 6);
        expect(a[key]!.min).toBe(Math.min(...xs));
        expect(a[key]!.max).toBe(Math.max(...xs));
      }
      expect(a.finalReturn.min).toBeLessThan(a.finalReturn.max); // two seeds, two different runs
    }
    const csv = readFileSync(join(out, 'episodes.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',').slice(0, 8)).toEqual(['name', 'agent', 'seed', 'episode', 'step', 'return', 'length', 'gaussianEntropy']);
    expect(csv.length).toBe(1 + 4); // one 200-step episode per run
    for (const r of summary.runs) {
      expect(r.steps).toBe(210);
      expect(r.episodes).toBe(1);
      const row = csv.find((l) => l.startsWith(`${r.name},`))!.split(',');
      expect(r.finalReturn).toBeCloseTo(Number(row[5]), 3); // mean of the (only) episode
      expect(r.finalReturn).toBeLessThan(0);
      expect(r.targetEntropy).toBe(r.agent === 'sac' ? -1 : 0.25);
      if (r.agent === 'sac-era') expect(r.meanGaussianEntropy).toBeCloseTo(0.25, 4);
      else expect(Number.isFinite(r.meanGaussianEntropy)).toBe(true);
      expect(r.divergedAtStep).toBeNull();
      expect(r.evalReturn).toBeLessThan(0); // 10 deterministic episodes of Pendulum: every reward is ≤ 0
      expect(r.evalReturn).toBeGreaterThan(-16.3 * 200);
    }
  });

  it('trains the seeds together: seed 1 of a two-seed run matches seed 1 run alone (batched = single, within float tolerance)', async () => {
    const run = async (extra: string[]) => {
      const out = mkdtempSync(join(tmpdir(), 'control-seeds-'));
      const base = ['--env', 'pendulum', '--agents', 'sac-era', '--steps', '220', '--warmup', '200', '--batch', '8', '--hidden', '8,8', '--quiet'];
      expect(await runCli([...base, ...extra, '--out', out])).toBe(0);
      return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    };
    const together = await run(['--seeds', '2']);
    const alone = await run(['--seeds', '1', '--first-seed', '1']);
    const [a, b] = [together.runs.find((r) => r.seed === 1)!, alone.runs[0]];
    expect(b.seed).toBe(1);
    expect(a.finalReturn).toBeCloseTo(b.finalReturn, 2);
    expect(a.evalReturn!).toBeCloseTo(b.evalReturn!, 1);
    expect(together.agents[0].seeds).toEqual([0, 1]);
  });

  it('learning: SAC-ERA on the 2-D point mass goes from about −100 (random warm-up) to above −50 within 2,000 steps (seed 0; ≈ 1–2 min)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'control-learn-'));
    const args = [
      '--env',
      'point-mass',
      '--agents',
      'sac-era',
      '--steps',
      '2000',
      '--warmup',
      '500',
      '--seeds',
      '1',
      '--first-seed',
      '0',
      '--out',
      out,
      '--quiet',
    ];
    const t0 = performance.now();
    expect(await runCli(args)).toBe(0);
    const seconds = (performance.now() - t0) / 1000;
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const csv = readFileSync(join(out, 'episodes.csv'), 'utf8').trim().split('\n').slice(1);
    const warmupReturns = csv.slice(0, 5).map((l) => Number(l.split(',')[5])); // episodes 1–5: all random actions
    const warmupMean = warmupReturns.reduce((a, b) => a + b, 0) / warmupReturns.length;
    const run = summary.runs[0];
    console.log(
      `point mass SAC-ERA seed 0, 2,000 steps in ${seconds.toFixed(0)} s: warm-up mean ${warmupMean.toFixed(1)}, last 10 episodes ${run.finalReturn.toFixed(1)}, deterministic ${run.evalReturn?.toFixed(1)}`,
    );
    expect(warmupMean).toBeLessThan(-70);
    expect(run.finalReturn).toBeGreaterThan(-50);
    expect(run.evalReturn).toBeGreaterThan(-50);
  }, 900_000);
});
