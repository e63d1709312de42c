// `npm run experiment -- classify ...`: the headless runner of the classification lab (same trainer as the
// page). Writes DIR/steps.csv, DIR/epochs.csv and DIR/summary.json ({ runs: [{ name, regularizer, steps,
// finalTrainAccuracy, finalTestAccuracy, meanEntropy, minEntropy }], ... }: a contract read outside the repo).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendName, initBackend } from '../gpu/node-backend.ts';
import { type ImageDataset, limitDataset } from './data/dataset.ts';
import { DEFAULT_CIFAR_DIR, readCompactDataset } from './data/node-files.ts';
import { makeSyntheticDataset } from './data/synthetic.ts';
import { toCsv } from '../util/csv.ts';
import { UsageError, parseFlags, usageExit } from '../cli/args.ts';
import { EPOCH_COLUMNS, STEP_COLUMNS, runExperiment } from './experiment.ts';
import { MODEL_KINDS, type ModelKind } from './models.ts';
import { type RunSpec, parseRunSpecs } from './regularizers.ts';
import { SCHEDULES, type ScheduleKind } from './schedule.ts';
import { OPTIMIZERS, type OptimizerKind, type TrainerConfig } from './trainer.ts';

export const USAGE = `usage: npm run experiment -- classify --data synthetic|cifar10 --model cnn|resnet20
         --runs "none;ls:0.1;dropout:0.2;era:0.6" (--epochs N | --steps N) --seed S --out DIR
         [--train-size N] [--test-size N] [--backend webgpu|cpu]
         [--batch-size 128] [--optimizer sgd|adam] [--lr 0.1] [--schedule cosine|constant]
         [--weight-decay 5e-4] [--augment] [--width N] [--data-dir ${DEFAULT_CIFAR_DIR}]
  --runs      up to 4 runs separated by ';': none, ls:ε (0–0.5), dropout:p (0–0.7), era:H0
              (H0 in (−0.0597, 2.2429) for 10 classes), or ERA with one other: era:0.6+ls:0.1, era:0.6+dropout:0.2
  --data      synthetic: the built-in procedurally generated set (default sizes 5000/1000; NOT CIFAR-10)
              cifar10: the files written by npm run data:cifar10 (in --data-dir)
  All runs share the seed, the initial weights and the batch order. Outputs: steps.csv, epochs.csv, summary.json.`;

export interface ClassifyArgs {
  data: 'synthetic' | 'cifar10';
  model: ModelKind;
  runs: RunSpec[];
  epochs?: number;
  steps?: number;
  trainSize?: number;
  testSize?: number;
  backend: BackendName;
  seed: number;
  out: string;
  batchSize: number;
  optimizer: OptimizerKind;
  learningRate?: number;
  schedule: ScheduleKind;
  weightDecay: number;
  augment: boolean;
  width?: number;
  dataDir: string;
}

const FLAGS = {
  data: { type: 'string' },
  model: { type: 'string' },
  runs: { type: 'string' },
  epochs: { type: 'string' },
  steps: { type: 'string' },
  'train-size': { type: 'string' },
  'test-size': { type: 'string' },
  backend: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  'batch-size': { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  'weight-decay': { type: 'string' },
  width: { type: 'string' },
  'data-dir': { type: 'string' },
  augment: { type: 'boolean' },
} as const;

function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${flag} needs a positive integer, got "${v}"`);
  return n;
}

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw new RangeError(`${flag} must be one of ${allowed.join('|')}, got "${v}"`);
  return v as T;
}

/** Parses the runner's arguments; throws a UsageError (flags) or RangeError (values) naming the problem. */
export function parseClassifyArgs(args: string[]): ClassifyArgs {
  const flags = parseFlags(args, FLAGS);
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(flags)) if (typeof v === 'string') values.set(`--${k}`, v);
  const augment = !!flags.augment;
  for (const required of ['--runs', '--seed', '--out']) {
    if (!values.has(required)) throw new RangeError(`${required} is required`);
  }
  if (values.has('--epochs') === values.has('--steps')) throw new RangeError('give exactly one of --epochs N or --steps N');
  const seed = Number(values.get('--seed'));
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`--seed needs a non-negative integer, got "${values.get('--seed')}"`);
  const num = (flag: string) => {
    const raw = values.get(flag)!;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new RangeError(`${flag} needs a number, got "${raw}"`);
    return n;
  };
  const lr = values.has('--lr') ? num('--lr') : undefined;
  if (lr !== undefined && !(lr > 0)) throw new RangeError(`--lr must be > 0, got ${lr}`);
  const weightDecay = values.has('--weight-decay') ? num('--weight-decay') : 5e-4;
  if (weightDecay < 0) throw new RangeError(`--weight-decay must be ≥ 0, got ${weightDecay}`);
  return {
    data: oneOf('--data', values.get('--data') ?? 'synthetic', ['synthetic', 'cifar10'] as const),
    model: oneOf('--model', values.get('--model') ?? 'cnn', MODEL_KINDS),
    runs: parseRunSpecs(values.get('--runs')!),
    epochs: values.has('--epochs') ? positiveInt('--epochs', values.get('--epochs')!) : undefined,
    steps: values.has('--steps') ? positiveInt('--steps', values.get('--steps')!) : undefined,
    trainSize: values.has('--train-size') ? positiveInt('--train-size', values.get('--train-size')!) : undefined,
    testSize: values.has('--test-size') ? positiveInt('--test-size', values.get('--test-size')!) : undefined,
    backend: oneOf('--backend', values.get('--backend') ?? 'webgpu', ['webgpu', 'cpu'] as const),
    seed,
    out: values.get('--out')!,
    batchSize: values.has('--batch-size') ? positiveInt('--batch-size', values.get('--batch-size')!) : 128,
    optimizer: oneOf('--optimizer', values.get('--optimizer') ?? 'sgd', OPTIMIZERS),
    learningRate: lr,
    schedule: oneOf('--schedule', values.get('--schedule') ?? 'cosine', SCHEDULES),
    weightDecay,
    augment,
    width: values.has('--width') ? positiveInt('--width', values.get('--width')!) : undefined,
    dataDir: values.get('--data-dir') ?? DEFAULT_CIFAR_DIR,
  };
}

async function loadData(a: ClassifyArgs): Promise<ImageDataset> {
  if (a.data === 'synthetic') {
    return makeSyntheticDataset({ trainSize: a.trainSize ?? 5000, testSize: a.testSize ?? 1000, seed: a.seed });
  }
  return limitDataset(await readCompactDataset(a.dataDir), a.trainSize, a.testSize);
}

export async function runCli(args: string[]): Promise<number> {
  return usageExit('classify', USAGE, async () => {
    if (parseFlags(args, FLAGS).help) return 'help';
    let a: ClassifyArgs;
    try {
      a = parseClassifyArgs(args);
    } catch (e) {
      // A bad value (a RangeError from the checks above or from parseRunSpecs) is a usage error too.
      throw e instanceof RangeError ? new UsageError(e.message) : e;
    }
    return run(a);
  });
}

async function run(a: ClassifyArgs): Promise<number> {
  const backend = await initBackend(a.backend);
  const dataset = await loadData(a);
  const batchSize = Math.min(a.batchSize, dataset.train.count);
  const stepsPerEpoch = Math.max(1, Math.floor(dataset.train.count / batchSize));
  const totalSteps = a.steps ?? a.epochs! * stepsPerEpoch;
  const config: TrainerConfig = {
    model: a.model,
    width: a.width,
    runs: a.runs,
    optimizer: a.optimizer,
    learningRate: a.learningRate ?? (a.optimizer === 'adam' ? 1e-3 : 0.1),
    schedule: a.schedule,
    batchSize,
    totalSteps,
    augment: a.augment,
    weightDecay: a.weightDecay,
    seed: a.seed,
  };
  console.error(
    `classify: ${dataset.synthetic ? 'SYNTHETIC data (not CIFAR-10)' : 'CIFAR-10'} ${dataset.train.count}/${dataset.test.count} images, ` +
      `${a.model}, backend ${backend}, ${a.runs.length} runs, ${totalSteps} steps (${stepsPerEpoch} per epoch) of batch ${batchSize}`,
  );
  const started = performance.now();
  const result = await runExperiment(dataset, config, {
    onStep: (m) => {
      if (m.step === 1 || m.step % 50 === 0) {
        const losses = m.runs.map((r) => `${r.name} ${r.loss.toFixed(3)}`).join(', ');
        console.error(`  step ${m.step}/${totalSteps} (epoch ${m.epoch.toFixed(2)}): ${losses}; ${(m.images / m.seconds).toFixed(0)} images/s`);
      }
    },
    onEvaluation: (epoch, evals) => {
      const accs = evals.map((e) => `${e.name} ${(100 * e.accuracy).toFixed(1)}% H=${e.meanEntropy.toFixed(3)}`).join(', ');
      console.error(`  epoch ${epoch.toFixed(2)} test: ${accs}`);
    },
  });
  await mkdir(a.out, { recursive: true });
  await writeFile(join(a.out, 'steps.csv'), toCsv(result.stepRows, { columns: STEP_COLUMNS, nonFinite: 'empty' }));
  await writeFile(join(a.out, 'epochs.csv'), toCsv(result.epochRows, { columns: EPOCH_COLUMNS, nonFinite: 'empty' }));
  const summary = {
    runs: result.runs,
    dataset: { name: dataset.name, synthetic: dataset.synthetic, train: dataset.train.count, test: dataset.test.count },
    config: { ...config, runs: a.runs.map((r) => r.name), backend },
    divergences: result.divergences.filter(Boolean),
    imagesPerSecond: result.imagesPerSecond,
    trainSeconds: result.trainSeconds,
    wallSeconds: (performance.now() - started) / 1000,
    stepsPerEpoch: result.stepsPerEpoch,
    entropyUnits: 'nats (test-set predictions; softmax of ERA output z′ for ERA runs)',
  };
  await writeFile(join(a.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`${'run'.padEnd(24)} ${'train acc'.padStart(9)} ${'test acc'.padStart(9)} ${'mean H'.padStart(7)} ${'min H'.padStart(7)}`);
  const f = (v: number | null, d: number) => (v === null ? 'n/a' : v.toFixed(d));
  for (const r of result.runs) {
    console.log(
      `${r.name.padEnd(24)} ${f(r.finalTrainAccuracy, 4).padStart(9)} ${f(r.finalTestAccuracy, 4).padStart(9)} ${f(r.meanEntropy, 3).padStart(7)} ${f(r.minEntropy, 3).padStart(7)}`,
    );
  }
  console.log(`${result.imagesPerSecond.toFixed(0)} training images/s (all runs together); wrote ${a.out}/summary.json`);
  return 0;
}
