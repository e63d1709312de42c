// `npm run experiment -- tokens --runs "grpo;grpo-era" --steps N --seed S [--seeds K] [--backend webgpu|cpu] --out DIR`
// Writes DIR/<run>.csv (one row per step and seed) and DIR/summary.json.
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
import { type Schedule, isSchedule, parseSchedule, switchSteps, valueAt } from './schedule.ts';
import type { KnobSchedules } from './experiment.ts';
import type { RunConfig, StepMetrics } from './trainer.ts';

export const USAGE = `usage: npm run experiment -- tokens --runs "grpo;grpo-era" --steps N --seed S [--seeds K] [--backend webgpu|cpu] --out DIR
  --runs     ';'-separated run names: ${RUN_NAMES.join(', ')}
  --steps    GRPO steps per run (integer ≥ 1)
  --seed     the first seed; all runs share the seeds (same weights, prompts and sampling noise)
  --seeds    seeds per run, 1 to 8 (default 1): seed, seed + 1, …, trained together as one batched computation
  --backend  TF.js backend (default cpu)
  --out      output directory: <run>.csv per run (one row per step and seed) and summary.json
 optional (defaults: the lab's):
  --k K  --omega-low W  --omega-high W  --rescale on|off   ERA's options for grpo-era (2, 0.45, 3, on)
  --top-k K        renormalise log-probs over the K largest logits (0 = off)
  --lr X           Adam step size (0.003)
  --bucket W       the prompt shows the target only to within W consecutive sums (3; 1 = exact)
  --filter-groups  DAPO dynamic sampling: drop groups whose rewards are all equal, sample more prompts
  --max-gen-batches N  with --filter-groups: at most N rounds of prompts per step (4)
 --k, --omega-low, --omega-high, --rescale and --lr also take a schedule of step:value pairs, e.g.
  --omega-low "0:0.45,200:0.8" (0.45 from the start, 0.8 from step 200 on; the first pair is at step 0)`;

export interface CliOptions {
  runs: RunName[];
  steps: number;
  seed: number;
  backend: BackendName;
  out: string;
  /** Seeds per run (absent: 1). */
  seeds?: number;
  /** Only the options given on the command line; the rest keep the lab's defaults. A schedule's first value is here. */
  era?: Partial<TokenEraOptions>;
  overrides?: Partial<RunConfig>;
  /** The knobs given as schedules. */
  schedule?: KnobSchedules;
}

const FLAGS = {
  runs: { type: 'string' },
  steps: { type: 'string' },
  seed: { type: 'string' },
  seeds: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  k: { type: 'string' },
  'omega-low': { type: 'string' },
  'omega-high': { type: 'string' },
  rescale: { type: 'string' },
  'top-k': { type: 'string' },
  lr: { type: 'string' },
  bucket: { type: 'string' },
  'filter-groups': { type: 'boolean' },
  'max-gen-batches': { type: 'string' },
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
  const runs = values
    .get('--runs')!
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  if (runs.length === 0) throw new UsageError('--runs names no run');
  for (const r of runs) if (!(RUN_NAMES as readonly string[]).includes(r)) throw new UsageError(`unknown run '${r}' (known: ${RUN_NAMES.join(', ')})`);
  if (new Set(runs).size !== runs.length) throw new UsageError('--runs names a run twice');
  const int = (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const s = values.get(flag)!;
    const v = Number(s);
    if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new UsageError(
        max === Number.MAX_SAFE_INTEGER ? `${flag} must be an integer ≥ ${min}, got '${s}'` : `${flag} must be an integer in [${min}, ${max}], got '${s}'`,
      );
    }
    return v;
  };
  const backend = values.get('--backend') ?? 'cpu';
  if (backend !== 'webgpu' && backend !== 'cpu') throw new UsageError(`--backend must be webgpu or cpu, got '${backend}'`);
  const opts: CliOptions = { runs: runs as RunName[], steps: int('--steps', 1), seed: int('--seed', 0), backend, out: values.get('--out')! };
  if (values.has('--seeds')) opts.seeds = int('--seeds', 1, 8);
  const numberIn = (flag: string, min: number, max: number) => (s: string) => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v) || v < min || v > max) throw new UsageError(`${flag} must be a number in [${min}, ${max}], got '${s}'`);
    return v;
  };
  const onOff = (s: string) => {
    if (s !== 'on' && s !== 'off') throw new UsageError(`--rescale must be on or off, got '${s}'`);
    return s === 'on';
  };
  const schedule: Record<string, Schedule<number | boolean>> = {};
  /** A plain value, or a schedule (recorded) whose first value is returned. */
  const knob = <T extends number | boolean>(flag: string, key: string, value: (s: string) => T): T => {
    const text = values.get(flag)!;
    if (!isSchedule(text)) return value(text);
    let s: Schedule<T>;
    try {
      s = parseSchedule(text, value);
    } catch (e) {
      throw e instanceof UsageError ? e : new UsageError(`${flag}: ${(e as Error).message}`);
    }
    schedule[key] = s;
    return s[0][1];
  };
  const era: Partial<TokenEraOptions> = {};
  if (values.has('--k')) era.k = knob('--k', 'k', numberIn('--k', 1, 100));
  if (values.has('--omega-low')) era.omegaLow = knob('--omega-low', 'omegaLow', numberIn('--omega-low', 0, 100));
  if (values.has('--omega-high')) era.omegaHigh = knob('--omega-high', 'omegaHigh', numberIn('--omega-high', 0, 100));
  if (values.has('--rescale')) era.scaleAdvantages = knob('--rescale', 'scaleAdvantages', onOff);
  // ω_low ≤ ω_high at the start and wherever a schedule switches.
  for (const step of [0, ...switchSteps([schedule.omegaLow, schedule.omegaHigh])]) {
    const at = (key: 'omegaLow' | 'omegaHigh') => (schedule[key] ? (valueAt(schedule[key], step) as number) : (era[key] ?? DEFAULT_ERA[key]));
    if (at('omegaLow') > at('omegaHigh'))
      throw new UsageError(step === 0 ? '--omega-low must not exceed --omega-high' : `--omega-low must not exceed --omega-high (at step ${step})`);
  }
  const overrides: Partial<RunConfig> = {};
  if (values.has('--top-k')) overrides.topK = int('--top-k', 0);
  if (values.has('--lr')) overrides.learningRate = knob('--lr', 'learningRate', numberIn('--lr', 1e-7, 10));
  if (values.has('--bucket')) overrides.task = { ...DEFAULT_TASK, bucket: int('--bucket', 1) };
  if (flags['filter-groups']) overrides.filterGroups = true;
  if (values.has('--max-gen-batches')) {
    if (!flags['filter-groups']) throw new UsageError('--max-gen-batches needs --filter-groups');
    overrides.maxGenBatches = int('--max-gen-batches', 1, 64);
  }
  if (Object.keys(era).length) opts.era = era;
  if (Object.keys(overrides).length) opts.overrides = overrides;
  if (Object.keys(schedule).length) opts.schedule = schedule as KnobSchedules;
  return opts;
}

const CSV_COLUMNS: Array<keyof StepMetrics> = [
  'step',
  'reward',
  'groupSolved',
  'wellFormed',
  'responseEntropy',
  'flattenShare',
  'keepShare',
  'sharpenShare',
  'loss',
  'meanLength',
  'meanTokenEntropy',
  'groupsKept',
  'genBatches',
];
/** The CSV's columns: the step metrics, then the seed the row belongs to. */
export const CSV_HEADER = [...CSV_COLUMNS, 'seed'] as const;

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
  const { aggregate, runExperiment } = await import('./experiment.ts');
  const { DEFAULT_RUN } = await import('./trainer.ts');
  const backend = await initBackend(opts.backend);
  mkdirSync(opts.out, { recursive: true });
  const seeds = opts.seeds ?? 1;
  // Rows by run, then seed (each seed's steps together), whatever order the steps come in.
  const csv = new Map<string, Map<number, Array<StepMetrics & { seed: number }>>>(opts.runs.map((r) => [r, new Map()]));
  const started = Date.now();
  const runs = await runExperiment({
    runs: opts.runs,
    steps: opts.steps,
    seed: opts.seed,
    seeds,
    era: opts.era,
    overrides: opts.overrides,
    schedule: opts.schedule,
    onStep: (name, m, seed) => {
      const bySeed = csv.get(name)!;
      if (!bySeed.has(seed)) bySeed.set(seed, []);
      bySeed.get(seed)!.push({ ...m, seed });
      if (m.step % 50 === 0)
        console.log(
          `${name} seed ${seed} step ${m.step}: reward ${m.reward.toFixed(3)}, H_resp ${m.responseEntropy.toFixed(3)}, token H ${m.meanTokenEntropy.toFixed(3)}`,
        );
    },
  });
  for (const [name, bySeed] of csv) {
    const rows = [...bySeed.keys()].sort((a, b) => a - b).flatMap((s) => bySeed.get(s)!);
    writeFileSync(join(opts.out, `${name}.csv`), toCsv(rows, { columns: CSV_HEADER, nonFinite: 'empty' }));
  }
  const summary = {
    lab: 'tokens',
    backend,
    seed: opts.seed,
    seeds,
    era: { ...DEFAULT_ERA, ...opts.era },
    overrides: opts.overrides ?? {},
    filterGroups: opts.overrides?.filterGroups ?? DEFAULT_RUN.filterGroups,
    maxGenBatches: opts.overrides?.maxGenBatches ?? DEFAULT_RUN.maxGenBatches,
    schedule: opts.schedule ?? {},
    runs,
    agents: aggregate(runs),
  };
  // JSON has no NaN: JSON.stringify writes a value that never existed (a diverged seed's pass@k spread) as null.
  writeFileSync(join(opts.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  for (const r of runs) {
    console.log(
      `${r.name} seed ${r.seed}: final reward ${r.finalReward.toFixed(3)}, final H_resp ${r.finalResponseEntropy.toFixed(3)}, ` +
        `min H_resp (last quarter) ${r.minResponseEntropyLast.toFixed(3)}, final token H ${r.finalMeanTokenEntropy.toFixed(3)}, pass@1 ${r.passAtK[0]?.toFixed(3)}, ` +
        `pass@${r.passAtK.length} ${r.passAtK[r.passAtK.length - 1]?.toFixed(3)}` +
        (r.divergedAt ? `, diverged at ${r.divergedAt}` : ''),
    );
  }
  const fmt = (s: { mean: number; min: number; max: number }) => `${s.mean.toFixed(3)} [${s.min.toFixed(3)}, ${s.max.toFixed(3)}]`;
  if (seeds > 1) {
    for (const a of summary.agents) {
      console.log(
        `${a.name}, seeds ${a.seeds.join(', ')}: final reward ${fmt(a.finalReward)}, final H_resp ${fmt(a.finalResponseEntropy)}, min H_resp (last quarter) ${fmt(a.minResponseEntropyLast)}, final token H ${fmt(a.finalMeanTokenEntropy)}`,
      );
    }
  }
  console.log(`wrote ${opts.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
