// `npm run experiment -- tokens --runs "grpo;grpo-era" --steps N --seed S [--backend webgpu|cpu] --out DIR`
// Writes DIR/<run>.csv (one row per step) and DIR/summary.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../cli/backend.ts';
import { installNodeWebGPU } from '../gpu/node.ts';
import { RUN_NAMES, type RunName } from './runNames.ts';
import type { StepMetrics } from './trainer.ts';

export const USAGE = `usage: npm run experiment -- tokens --runs "grpo;grpo-era" --steps N --seed S [--backend webgpu|cpu] --out DIR
  --runs     ';'-separated run names: ${RUN_NAMES.join(', ')}
  --steps    GRPO steps per run (integer ≥ 1)
  --seed     integer seed shared by all runs (same weights, prompts and sampling noise)
  --backend  TF.js backend (default cpu)
  --out      output directory: <run>.csv per run and summary.json`;

export interface CliOptions {
  runs: RunName[];
  steps: number;
  seed: number;
  backend: BackendName;
  out: string;
}

/** Parses the arguments; throws a RangeError naming the problem. Returns null for --help. */
export function parseArgs(args: string[]): CliOptions | null {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') return null;
    if (!['--runs', '--steps', '--seed', '--backend', '--out'].includes(a)) throw new RangeError(`unknown argument '${a}'`);
    const v = args[++i];
    if (v === undefined || v.startsWith('--')) throw new RangeError(`${a} needs a value`);
    values.set(a, v);
  }
  for (const required of ['--runs', '--steps', '--seed', '--out']) {
    if (!values.has(required)) throw new RangeError(`missing ${required}`);
  }
  const runs = values.get('--runs')!.split(';').map((s) => s.trim()).filter(Boolean);
  if (runs.length === 0) throw new RangeError('--runs names no run');
  for (const r of runs) if (!(RUN_NAMES as readonly string[]).includes(r)) throw new RangeError(`unknown run '${r}' (known: ${RUN_NAMES.join(', ')})`);
  if (new Set(runs).size !== runs.length) throw new RangeError('--runs names a run twice');
  const int = (flag: string, min: number) => {
    const s = values.get(flag)!;
    const v = Number(s);
    if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(v) || v < min) throw new RangeError(`${flag} must be an integer ≥ ${min}, got '${s}'`);
    return v;
  };
  const backend = values.get('--backend') ?? 'cpu';
  if (backend !== 'webgpu' && backend !== 'cpu') throw new RangeError(`--backend must be webgpu or cpu, got '${backend}'`);
  return { runs: runs as RunName[], steps: int('--steps', 1), seed: int('--seed', 0), backend, out: values.get('--out')! };
}

const CSV_COLUMNS: Array<keyof StepMetrics> = [
  'step', 'reward', 'groupSolved', 'wellFormed', 'responseEntropy', 'flattenShare', 'keepShare', 'sharpenShare', 'loss', 'meanLength',
];

export async function runCli(args: string[]): Promise<number> {
  let opts: CliOptions | null;
  try {
    opts = parseArgs(args);
  } catch (e) {
    console.error(`tokens: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!opts) {
    console.log(USAGE);
    return 0;
  }
  // src/era reads WebGPU's global constants when it loads, so Node needs them even on the cpu backend:
  // install them first, then load TF.js, ERA and the trainer.
  installNodeWebGPU();
  const { initBackend } = await import('../cli/backend.ts');
  const { runExperiment } = await import('./experiment.ts');
  const backend = await initBackend(opts.backend);
  mkdirSync(opts.out, { recursive: true });
  const csv = new Map<string, string[]>(opts.runs.map((r) => [r, [CSV_COLUMNS.join(',')]]));
  const started = Date.now();
  const runs = await runExperiment({
    runs: opts.runs,
    steps: opts.steps,
    seed: opts.seed,
    onStep: (name, m) => {
      csv.get(name)!.push(CSV_COLUMNS.map((c) => String(m[c])).join(','));
      if (m.step % 50 === 0) console.log(`${name} step ${m.step}: reward ${m.reward.toFixed(3)}, H_resp ${m.responseEntropy.toFixed(3)}`);
    },
  });
  for (const [name, lines] of csv) writeFileSync(join(opts.out, `${name}.csv`), lines.join('\n') + '\n');
  writeFileSync(join(opts.out, 'summary.json'), JSON.stringify({ lab: 'tokens', backend, seed: opts.seed, runs }, null, 2) + '\n');
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
