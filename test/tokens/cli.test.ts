// The headless runner's contract: arguments, exit codes, and the summary.json fields read outside the repo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/tokens/cli.ts';
import { lastQuarter } from '../../src/tokens/experiment.ts';

const root = resolve(import.meta.dirname, '../..');

describe('tokens CLI', () => {
  it('parses the documented arguments', () => {
    expect(parseArgs(['--runs', 'grpo;grpo-era', '--steps', '10', '--seed', '3', '--backend', 'webgpu', '--out', '/tmp/x'])).toEqual({
      runs: ['grpo', 'grpo-era'],
      steps: 10,
      seed: 3,
      backend: 'webgpu',
      out: '/tmp/x',
    });
    expect(parseArgs(['--runs', 'grpo', '--steps', '1', '--seed', '0', '--out', 'd'])?.backend).toBe('cpu');
    expect(parseArgs(['--help'])).toBeNull();
  });

  it('takes ERA and training options, keeping the defaults for the rest', () => {
    const o = parseArgs([
      '--runs',
      'grpo-era',
      '--steps',
      '1',
      '--seed',
      '0',
      '--out',
      'd',
      '--rescale',
      'off',
      '--k',
      '3',
      '--bucket',
      '1',
      '--lr',
      '0.01',
      '--top-k',
      '5',
    ]);
    expect(o?.era).toEqual({ k: 3, scaleAdvantages: false });
    expect(o?.overrides).toEqual({ learningRate: 0.01, topK: 5, task: { minTarget: 1, maxTarget: 18, maxLength: 6, bucket: 1 } });
  });

  it.each([
    [['--steps', '10', '--seed', '1', '--out', 'd'], /missing --runs/],
    [['--runs', 'ppo', '--steps', '10', '--seed', '1', '--out', 'd'], /unknown run 'ppo'/],
    [['--runs', 'grpo', '--steps', '0', '--seed', '1', '--out', 'd'], /--steps must be an integer ≥ 1/],
    [['--runs', 'grpo', '--steps', '2.5', '--seed', '1', '--out', 'd'], /--steps/],
    [['--runs', 'grpo', '--steps', '5', '--seed', 'x', '--out', 'd'], /--seed/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--backend', 'wasm'], /--backend/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out'], /--out needs a value/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--frobnicate', '1'], /unknown argument '--frobnicate'/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--rescale', 'maybe'], /--rescale must be on or off/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--k', '0.5'], /--k must be a number in \[1, 100\]/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--omega-low', '2', '--omega-high', '1'], /--omega-low must not exceed/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--bucket', '0'], /--bucket must be an integer ≥ 1/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--seeds', '9'], /--seeds must be an integer in \[1, 8\]/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--seeds', '0'], /--seeds must be an integer in \[1, 8\]/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--filter-groups', 'yes'], /unexpected argument 'yes'/],
    [['--runs', 'grpo', '--steps', '5', '--seed', '1', '--out', 'd', '--max-gen-batches', '3'], /--max-gen-batches needs --filter-groups/],
  ])('rejects %j', (args, message) => {
    expect(() => parseArgs(args)).toThrow(message);
  });

  it('takes --seeds (the first seed is --seed) and --filter-groups', () => {
    const o = parseArgs(['--runs', 'grpo', '--steps', '1', '--seed', '4', '--seeds', '3', '--out', 'd', '--filter-groups', '--max-gen-batches', '6']);
    expect(o).toMatchObject({ seed: 4, seeds: 3, overrides: { filterGroups: true, maxGenBatches: 6 } });
    expect(parseArgs(['--runs', 'grpo', '--steps', '1', '--seed', '4', '--out', 'd'])?.seeds).toBeUndefined();
  });

  it('takes the last quarter of the steps', () => {
    expect(lastQuarter([1, 2, 3, 4, 5, 6, 7, 8])).toEqual([7, 8]);
    expect(lastQuarter([1, 2, 3, 4, 5])).toEqual([4, 5]);
    expect(lastQuarter([1])).toEqual([1]);
  });

  // Through `npm run experiment` in a fresh Node process, as the checks outside the repository run it.
  it('writes per-step CSV and a summary.json with the contract fields', () => {
    const out = mkdtempSync(join(tmpdir(), 'tokens-cli-'));
    const r = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'experiment',
        '--',
        'tokens',
        '--runs',
        'grpo;grpo-era',
        '--steps',
        '3',
        '--seed',
        '2',
        '--backend',
        'cpu',
        '--out',
        out,
        '--rescale',
        'off',
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.runs.map((x: { name: string }) => x.name)).toEqual(['grpo', 'grpo-era']);
    // The settings used are recorded beside the contract fields.
    expect(summary.era).toEqual({ k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: false });
    for (const run of summary.runs) {
      expect(run.steps).toBe(3);
      const csv = readFileSync(join(out, `${run.name}.csv`), 'utf8')
        .trim()
        .split('\n');
      expect(csv).toHaveLength(4);
      const header = csv[0].split(',');
      const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], Number(v)])));
      expect(run.finalReward).toBe(rows[2].reward);
      expect(run.finalResponseEntropy).toBe(rows[2].responseEntropy);
      // Last quarter of 3 steps = the last step.
      expect(run.minResponseEntropyLast).toBe(rows[2].responseEntropy);
      expect(run.passAtK).toHaveLength(8);
      for (let k = 1; k < 8; k++) expect(run.passAtK[k]).toBeGreaterThanOrEqual(run.passAtK[k - 1]);
    }
  });

  it('writes one runs entry per (run, seed), the aggregates over seeds, and CSV rows per seed with no NaN', () => {
    const out = mkdtempSync(join(tmpdir(), 'tokens-cli-seeds-'));
    const r = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'experiment',
        '--',
        'tokens',
        '--runs',
        'grpo;grpo-era',
        '--steps',
        '2',
        '--seed',
        '5',
        '--seeds',
        '3',
        '--out',
        out,
        '--filter-groups',
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ seed: 5, seeds: 3, filterGroups: true, overrides: { filterGroups: true } });
    expect(summary.runs.map((x: { name: string; seed: number }) => [x.name, x.seed])).toEqual([
      ['grpo', 5],
      ['grpo', 6],
      ['grpo', 7],
      ['grpo-era', 5],
      ['grpo-era', 6],
      ['grpo-era', 7],
    ]);
    for (const run of summary.runs) {
      for (const k of [
        'name',
        'seed',
        'steps',
        'finalReward',
        'finalResponseEntropy',
        'finalMeanTokenEntropy',
        'minResponseEntropyLast',
        'passAtK',
        'divergedAt',
      ])
        expect(run).toHaveProperty(k);
      expect(run.finalMeanTokenEntropy).toBeGreaterThan(1);
      expect(run.finalMeanTokenEntropy).toBeLessThanOrEqual(Math.log(12) + 1e-6);
    }
    expect(summary.agents.map((a: { name: string; seeds: number[] }) => [a.name, a.seeds])).toEqual([
      ['grpo', [5, 6, 7]],
      ['grpo-era', [5, 6, 7]],
    ]);
    for (const agent of summary.agents) {
      const mine = summary.runs.filter((x: { name: string }) => x.name === agent.name);
      for (const k of ['finalReward', 'finalResponseEntropy', 'finalMeanTokenEntropy', 'minResponseEntropyLast']) {
        const xs = mine.map((x: Record<string, number>) => x[k]);
        expect(agent[k].mean).toBeCloseTo(xs.reduce((a: number, b: number) => a + b, 0) / 3, 12);
        expect(agent[k].min).toBe(Math.min(...xs));
        expect(agent[k].max).toBe(Math.max(...xs));
      }
      expect(agent.passAtK).toHaveLength(8);
    }
    for (const name of ['grpo', 'grpo-era']) {
      const lines = readFileSync(join(out, `${name}.csv`), 'utf8')
        .trim()
        .split('\n');
      const header = lines[0].split(',');
      expect(header).toEqual(expect.arrayContaining(['seed', 'step', 'meanTokenEntropy', 'groupsKept', 'genBatches']));
      const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
      expect(rows.map((x) => [x.seed, x.step])).toEqual([
        ['5', '1'],
        ['5', '2'],
        ['6', '1'],
        ['6', '2'],
        ['7', '1'],
        ['7', '2'],
      ]);
      for (const row of rows) for (const v of Object.values(row)) expect(v).toMatch(/^-?[\d.e+-]+$/);
      const last = summary.runs.find((x: { name: string; seed: number }) => x.name === name && x.seed === 6);
      expect(Number(rows[3].meanTokenEntropy)).toBe(last.finalMeanTokenEntropy);
    }
  });

  it('exits non-zero with a usage message through npm run experiment', () => {
    const r = spawnSync('npm', ['run', '--silent', 'experiment', '--', 'tokens', '--runs', 'grpo', '--steps', 'ten', '--seed', '1', '--out', '/tmp/never'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/usage: npm run experiment -- tokens/);
  });
});
