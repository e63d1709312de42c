// `npm run experiment -- tokens --runs "grpo;grpo-era" --steps N --seed S [--backend webgpu|cpu] --out DIR`
// Writes DIR/<run>.csv (one row per step) and DIR/summary.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../gpu/backend.ts';
import { installNodeWebGPU } from '../gpu/node.ts';
import { toCsv } from '../util/csv.ts';
import { UsageError, parseFlags, usageExit } from '../cli/args.ts';
import { RUN_NAMES, type RunName } from './runNames.ts';
import type { TokenEraOptions } from '../era/index.ts';
import { DEFAULT_TASK } from './task.ts';
import { DEFAULT_ERA } from './eraDefaults.ts';
import type { RunConfig, StepMetrics } from './trainer.ts';

export const USAGE = `usage: npm run experiment -- tokens --runs "grpo;grpo-era" --steps N --seed S [--backend webgpu|cpu] --out DIR
  --runs     ';'-separated run names: ${RUN_NAMES.join(', ')}
  --steps    GRPO steps per run (integer ≥ 1)
  --seed     integer seed shared by all runs (same weights, prompts and sampling noise)
  --backend  TF.js backend (default cpu)
  --out      output directory: <run>.csv per run and summary.json
 optional (defaults: the lab's):
  --k K  --omega-low W  --omega-high W  --rescale on|off   ERA's options for grpo-era (2, 0.45, 3, on)
  --top-k K        renormalise log-probs over the K largest logits (0 = off)
  --lr X           Adam step size (0.003)
  --bucket W       the prompt shows the target only to within W consecutive sums (3; 1 = exact)`;

export interface CliOptions {
  runs: RunName[];
  steps: number;
  seed: number;
  backend: BackendName;
  out: string;
  /** Only the options given on the command line; the rest keep the lab's defaults. */
  era?: Partial<TokenEraOptions>;
  overrides?: Partial<RunConfig>;
}

const FLAGS = {
  runs: { type: 'string' }, steps: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' },
  k: { type: 'string' }, 'omega-low': { type: 'string' }, 'omega-high': { type: 'string' }, rescale: { type: 'string' },
  'top-k': { type: 'string' }, lr: { type: 'string' }, bucket: { type: 'string' },
} as const;

/** Parses the arguments; throws a UsageError naming the problem. Returns null for --help. */
export function parseArgs(args: string[]): CliOptions | null {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) return null;
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(flags)) if (typeof v === 'string') values.set(`--${k}`, v);
  for (const required of ['--runs', '--steps', '--seed', '--out']) {
    if (!values.has(required)) throw new UsageError(`missing ${required}`);
  }
  const runs = values.get('--runs')!.split(';').map((s) => s.trim()).filter(Boolean);
  if (runs.length === 0) throw new UsageError('--runs names no run');
  for (const r of runs) if (!(RUN_NAMES as readonly string[]).includes(r)) throw new UsageError(`unknown run '${r}' (known: ${RUN_NAMES.join(', ')})`);
  if (new Set(runs).size !== runs.length) throw new UsageError('--runs names a run twice');
  const int = (flag: string, min: number) => {
    const s = values.get(flag)!;
    const v = Number(s);
    if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(v) || v < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${s}'`);
    return v;
  };
  const backend = values.get('--backend') ?? 'cpu';
  if (backend !== 'webgpu' && backend !== 'cpu') throw new UsageError(`--backend must be webgpu or cpu, got '${backend}'`);
  const opts: CliOptions = { runs: runs as RunName[], steps: int('--steps', 1), seed: int('--seed', 0), backend, out: values.get('--out')! };
  const num = (flag: string, min: number, max: number) => {
    const s = values.get(flag)!;
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v) || v < min || v > max) throw new UsageError(`${flag} must be a number in [${min}, ${max}], got '${s}'`);
    return v;
  };
  const era: Partial<TokenEraOptions> = {};
  if (values.has('--k')) era.k = num('--k', 1, 100);
  if (values.has('--omega-low')) era.omegaLow = num('--omega-low', 0, 100);
  if (values.has('--omega-high')) era.omegaHigh = num('--omega-high', 0, 100);
  if (values.has('--rescale')) {
    const r = values.get('--rescale');
    if (r !== 'on' && r !== 'off') throw new UsageError(`--rescale must be on or off, got '${r}'`);
    era.scaleAdvantages = r === 'on';
  }
  if ((era.omegaLow ?? DEFAULT_ERA.omegaLow) > (era.omegaHigh ?? DEFAULT_ERA.omegaHigh)) throw new UsageError('--omega-low must not exceed --omega-high');
  const overrides: Partial<RunConfig> = {};
  if (values.has('--top-k')) overrides.topK = int('--top-k', 0);
  if (values.has('--lr')) overrides.learningRate = num('--lr', 1e-7, 10);
  if (values.has('--bucket')) overrides.task = { ...DEFAULT_TASK, bucket: int('--bucket', 1) };
  if (Object.keys(era).length) opts.era = era;
  if (Object.keys(overrides).length) opts.overrides = overrides;
  return opts;
}

const CSV_COLUMNS: Array<keyof StepMetrics> = [
  'step', 'reward', 'groupSolved', 'wellFormed', 'responseEntropy', 'flattenShare', 'keepShare', 'sharpenShare', 'loss', 'meanLength',
];

export async function runCli(args: string[]): Promise<number> {
  return usageExit('tokens', USAGE, async () => {
    const opts = parseArgs(args);
    return opts ? run(opts) : 'help';
  });
}

async function run(opts: CliOptions): Promise<number> {
  // WebGPU in Node (Dawn) before TF.js loads, so --backend webgpu finds navigator.gpu.
  installNodeWebGPU();
  const { initBackend } = await import('../gpu/node-backend.ts');
  const { runExperiment } = await import('./experiment.ts');
  const backend = await initBackend(opts.backend);
  mkdirSync(opts.out, { recursive: true });
  const csv = new Map<string, StepMetrics[]>(opts.runs.map((r) => [r, []]));
  const started = Date.now();
  const runs = await runExperiment({
    runs: opts.runs,
    steps: opts.steps,
    seed: opts.seed,
    era: opts.era,
    overrides: opts.overrides,
    onStep: (name, m) => {
      csv.get(name)!.push(m);
      if (m.step % 50 === 0) console.log(`${name} step ${m.step}: reward ${m.reward.toFixed(3)}, H_resp ${m.responseEntropy.toFixed(3)}`);
    },
  });
  for (const [name, rows] of csv) writeFileSync(join(opts.out, `${name}.csv`), toCsv(rows, { columns: CSV_COLUMNS, nonFinite: 'empty' }));
  writeFileSync(join(opts.out, 'summary.json'), JSON.stringify({ lab: 'tokens', backend, seed: opts.seed, era: { ...DEFAULT_ERA, ...opts.era }, overrides: opts.overrides ?? {}, runs }, null, 2) + '\n');
  for (const r of runs) {
    console.log(
      `${r.name}: final reward ${r.finalReward.toFixed(3)}, final H_resp ${r.finalResponseEntropy.toFixed(3)}, ` +
        `min H_resp (last quarter) ${r.minResponseEntropyLast.toFixed(3)}, pass@1 ${r.passAtK[0]?.toFixed(3)}, ` +
        `pass@${r.passAtK.length} ${r.passAtK[r.passAtK.length - 1]?.toFixed(3)}` + (r.divergedAt ? `, diverged at ${r.divergedAt}` : ''),
    );
  }
  console.log(`wrote ${opts.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
