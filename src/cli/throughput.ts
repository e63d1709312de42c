// `npm run bench:throughput [-- --quick] [--backend webgpu|cpu] [--out FILE] [step counts]`: training
// throughput of the three labs' trainers (src/bench/throughput.ts): CNN images/s, SAC-ERA updates/s at
// 1 and 8 seeds, GRPO+ERA steps/s. Prints a summary and writes bench/throughput.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BackendName } from '../gpu/backend.ts';
import type { ThroughputOptions } from '../bench/throughput.ts';
import { UsageError, parseFlags, runCli, usageExit } from './args.ts';

const USAGE = `usage: npm run bench:throughput -- [--quick] [--backend webgpu|cpu] [--out FILE]
         [--classify-steps N] [--sac-updates N] [--grpo-steps N] [--grpo-s8-steps N] [--warmup N]
         [--classify-batch N]
  --quick           fewer steps: classify 20, SAC-ERA 50 updates per seed, GRPO+ERA 5 (S = 8: 3)
  --backend         TF.js backend (default webgpu: Dawn)
  --out             where to write the JSON (default bench/throughput.json)
  --classify-steps  timed CNN steps of batch 256 (default 200)
  --sac-updates     timed SAC-ERA updates per seed (default 500)
  --grpo-steps      timed GRPO+ERA steps of one seed (default 30)
  --grpo-s8-steps   timed GRPO+ERA steps of 8 seeds together (default 10; 0 skips)
  --warmup          untimed steps before each measurement (default 2)
  --classify-batch  the CNN's batch size (default 256)`;

const FLAGS = {
  quick: { type: 'boolean' },
  backend: { type: 'string' },
  out: { type: 'string' },
  'classify-steps': { type: 'string' },
  'sac-updates': { type: 'string' },
  'grpo-steps': { type: 'string' },
  'grpo-s8-steps': { type: 'string' },
  warmup: { type: 'string' },
  'classify-batch': { type: 'string' },
} as const;

function count(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`--${flag} must be an integer ≥ ${min}, got '${raw}'`);
  return v;
}

export async function main(argv: string[]): Promise<number> {
  return usageExit('bench:throughput', USAGE, async () => {
    const a = parseFlags(argv, FLAGS);
    if (a.help) return 'help';
    const backend = (a.backend ?? 'webgpu') as BackendName;
    if (backend !== 'webgpu' && backend !== 'cpu') throw new UsageError(`--backend must be webgpu or cpu, got '${a.backend}'`);
    const opts: ThroughputOptions = {
      quick: !!a.quick,
      classifyBatch: count('classify-batch', a['classify-batch'], 1),
      classifySteps: count('classify-steps', a['classify-steps'], 1),
      sacUpdates: count('sac-updates', a['sac-updates'], 1),
      grpoSteps: count('grpo-steps', a['grpo-steps'], 1),
      grpoS8Steps: count('grpo-s8-steps', a['grpo-s8-steps'], 0),
      warmup: count('warmup', a.warmup, 0),
      onProgress: (label) => process.stderr.write(`${label}\n`),
    };
    return throughput(backend, opts, a.out ?? 'bench/throughput.json');
  });
}

async function throughput(backend: BackendName, opts: ThroughputOptions, out: string): Promise<number> {
  const { adapterDescription, initBackend } = await import('../gpu/node-backend.ts');
  await initBackend(backend);
  const { runThroughput } = await import('../bench/throughput.ts');
  const started = performance.now();
  const r = await runThroughput(adapterDescription(), opts);
  const results = { ...r, wallSeconds: (performance.now() - started) / 1000 };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  const f = (x: number | null) => (x === null ? 'skipped' : x.toFixed(2));
  console.log(`adapter: ${r.adapter}   backend: ${r.backend}${r.quick ? '   (quick)' : ''}`);
  console.log(`classify CNN + ERA, batch ${r.classify.batch}: ${f(r.classifyImagesPerSecond)} images/s (${r.classify.steps} steps)`);
  console.log(
    `SAC-ERA updates/s: 1 seed ${f(r.sacEraUpdatesPerSecond.s1)}, 8 seeds ${f(r.sacEraUpdatesPerSecond.s8)} (${r.sacEraSeedsBatched ? 'batched' : '8 agents in turn'})`,
  );
  console.log(`GRPO+ERA steps/s: 1 seed ${f(r.grpoEraStepsPerSecond)}, 8 seeds together ${f(r.grpoEraS8StepsPerSecond)}`);
  console.log(`wrote ${out}`);
  return 0;
}

runCli(main);
