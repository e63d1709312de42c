// The headless runner's contract: summary.json shape, CSV files, usage errors with a non-zero exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Runs an npm-script entry point as `npm run …` does, in a process without the tests' WebGPU setup. */
function runEntry(script: string, args: string[]) {
  const env = { ...process.env };
  delete env.VK_ICD_FILENAMES;
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', './scripts/register-loader.mjs', script, ...args], {
    cwd: join(import.meta.dirname, '../..'),
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
}
import { parseClassifyArgs, runCli } from '../../src/classify/cli.ts';

afterEach(() => vi.restoreAllMocks());

describe('npm run experiment -- classify', () => {
  it('rejects bad arguments with a usage message and exit code 2', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    const base = ['--runs', 'none', '--seed', '1', '--out', '/tmp/x'];
    const bad = [
      [...base],
      [...base, '--steps', '2', '--epochs', '1'],
      ['--runs', 'none', '--seed', '1', '--steps', '2'],
      [...base, '--steps', '2', '--model', 'vgg'],
      [...base, '--steps', '0'],
      ['--runs', 'era:5', '--seed', '1', '--out', '/tmp/x', '--steps', '2'],
      ['--runs', 'none;ls:0.1;dropout:0.2;era:0.6;none', '--seed', '1', '--out', '/tmp/x', '--steps', '2'],
      ['--runs', 'ls:0.9', '--seed', '1', '--out', '/tmp/x', '--steps', '2'],
      [...base, '--steps', '2', '--backend', 'webgl'],
      [...base, '--steps', '2', '--frobnicate'],
    ];
    for (const args of bad) {
      errors.length = 0;
      expect(await runCli(args), args.join(' ')).toBe(2);
      expect(errors.join('\n')).toMatch(/usage: npm run experiment -- classify/);
    }
    expect(() => parseClassifyArgs(['--runs', 'era:5', '--seed', '1', '--out', 'x', '--steps', '1'])).toThrow(/era needs a number in \(-0\.0597, 2\.2429\)/);
  });

  it('writes per-step and per-epoch CSV and summary.json in the contract shape', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const out = join(mkdtempSync(join(tmpdir(), 'classify-cli-')), 'run');
    const code = await runCli([
      '--data',
      'synthetic',
      '--model',
      'cnn',
      '--runs',
      'none;era:0.6',
      '--steps',
      '3',
      '--train-size',
      '32',
      '--test-size',
      '20',
      '--backend',
      'cpu',
      '--seed',
      '3',
      '--out',
      out,
      '--batch-size',
      '16',
      '--width',
      '2',
      '--optimizer',
      'adam',
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.runs.map((r: { name: string }) => r.name)).toEqual(['none', 'era:0.6']);
    for (const r of summary.runs) {
      expect(Object.keys(r).sort()).toEqual(['finalTestAccuracy', 'finalTrainAccuracy', 'meanEntropy', 'minEntropy', 'name', 'regularizer', 'steps']);
      expect(r.steps).toBe(3);
      for (const k of ['finalTrainAccuracy', 'finalTestAccuracy']) expect(r[k]).toBeGreaterThanOrEqual(0);
      expect(r.meanEntropy).toBeGreaterThanOrEqual(r.minEntropy);
      expect(r.meanEntropy).toBeLessThanOrEqual(Math.log(10) + 1e-9);
    }
    expect(summary.runs[1].regularizer).toBe('era');
    expect(summary.runs[1].minEntropy).toBeGreaterThanOrEqual(0.6);
    expect(summary.dataset).toMatchObject({ synthetic: true, train: 32, test: 20 });
    const steps = readFileSync(join(out, 'steps.csv'), 'utf8').trim().split('\n');
    expect(steps[0]).toBe('step,epoch,run,regularizer,loss,batch_accuracy,learning_rate,diverged');
    expect(steps).toHaveLength(1 + 3 * 2);
    const epochs = readFileSync(join(out, 'epochs.csv'), 'utf8').trim().split('\n');
    expect(epochs[0]).toMatch(/^epoch,step,run,regularizer,train_loss,train_batch_accuracy,test_accuracy,/);
    // 2 steps per epoch (32 / 16): evaluations after step 2 (epoch 1) and at the end (step 3).
    expect(epochs.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['1,2,none', '1,2,era:0.6', '1.5,3,none', '1.5,3,era:0.6']);
  });

  it('the real entry points answer --help and bad arguments (exit 0 / 2) in a plain Node process', () => {
    const help = runEntry('src/cli/experiment.ts', ['classify', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/usage: npm run experiment -- classify/);
    const bad = runEntry('src/cli/experiment.ts', ['classify', '--runs', 'none', '--seed', '1', '--out', '/tmp/x', '--steps', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--steps needs a positive integer[\s\S]*usage:/);
    const data = runEntry('src/cli/data-cifar10.ts', ['--bogus']);
    expect(data.status).toBe(2);
    expect(data.stderr).toMatch(/usage: npm run data:cifar10/);
  });
});
