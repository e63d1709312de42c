// The benchmark suite behind `npm run bench`: runs the same in Node (Dawn) and in the browser. Each ERA
// kernel against (a) the same math composed from TF.js ops on the same backend and (b) a plain copy
// kernel moving the same bytes; then ERA's overhead inside a training step. Figures are medians of
// repeated runs after warm-up, in GPU time from timestamp queries (tf.time) where the adapter has them,
// else in fenced wall time. Everything reported is a ratio measured within one run.
import * as tf from '@tensorflow/tfjs';
import {
  gaussianEraBackwardComposed,
  gaussianEraForwardComposed,
  softmaxEraBackwardComposed,
  softmaxEraForwardComposed,
  tokenEraBackwardComposed,
  tokenEraForwardComposed,
} from '../era/composed.ts';
import { type EraTfjsKernels, webgpuEraKernels } from '../era/tfjs-webgpu.ts';
import { eraGaussian, eraSoftmax } from '../era/ops.ts';
import { gaussianEraConstants, softmaxEraConstants, tokenEraConstants } from '../era/params.ts';
import { profileStep, timestampsAvailable } from '../perf/step-profile.ts';
import { fence, median, quantile } from './timing.ts';

export type Variant = 'classify' | 'gaussian' | 'tokens';
export type Pass = 'forward' | 'backward';

export interface KernelCase {
  name: string;
  variant: Variant;
  pass: Pass;
  shape: number[];
  kernelMs: number;
  compositionMs: number;
  copyMs: number;
  compositionOverKernel: number;
  kernelOverCopy: number;
}

export interface TrainingCase {
  name: string;
  /** Medians over the pairs. */
  withEraMs: number;
  withoutEraMs: number;
  /** Median over the pairs of (with ERA / without) − 1; each pair is a with-ERA step then a without one. */
  overhead: number;
  /** How many interleaved A/B pairs were timed. */
  pairs: number;
  /** The per-pair overheads' spread: min, quartiles, max. */
  overheadSpread: { min: number; q1: number; q3: number; max: number };
  /** The ERA kernels' share of the with-ERA step's GPU time (timestamp queries), or null without them. */
  eraGpuShare: number | null;
}

export interface SuiteResults {
  adapter: string;
  backend: string;
  timing: 'gpu-timestamps' | 'fenced-wall';
  repeats: number;
  cases: KernelCase[];
  training: TrainingCase[];
}

export interface SuiteOptions {
  quick: boolean;
  /** Called before each case, for progress output. */
  onProgress?: (label: string, index: number, total: number) => void;
  /** Restrict to case names containing this text. */
  filter?: string;
  /** Use fenced wall time even where GPU timestamps exist. */
  wallTime?: boolean;
}

type Thunk = () => tf.Tensor | tf.Tensor[];

interface Timer {
  timing: SuiteResults['timing'];
  /** Milliseconds of one call of `fn` (which returns tensors that the timer disposes). */
  once(fn: Thunk): Promise<number>;
  /** Median milliseconds of `fn` after one warm-up call. */
  median(fn: Thunk, repeats: number): Promise<number>;
}

function makeTimer(forceWall: boolean): Timer {
  const b = tf.backend() as unknown as { supportTimestampQuery?: boolean };
  const gpuTimestamps = !!b.supportTimestampQuery && !forceWall;
  const once = async (fn: Thunk): Promise<number> => {
    let out: tf.Tensor | tf.Tensor[] = [];
    if (gpuTimestamps) {
      const info = await tf.time(() => {
        out = fn();
      });
      tf.dispose(out);
      return info.kernelMs as number;
    }
    await fence();
    const t0 = performance.now();
    out = fn();
    await fence();
    const ms = performance.now() - t0;
    tf.dispose(out);
    return ms;
  };
  return {
    timing: gpuTimestamps ? 'gpu-timestamps' : 'fenced-wall',
    once,
    async median(fn, repeats) {
      await once(fn); // warm-up: pipelines compile, buffers enter the pool
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) times.push(await once(fn));
      return median(times);
    },
  };
}

interface CaseSpec {
  name: string;
  variant: Variant;
  pass: Pass;
  shape: number[];
  /** Builds inputs and returns [kernel, composition, copy] thunks plus a disposer. */
  setup(k: EraTfjsKernels): { kernel: () => tf.Tensor | tf.Tensor[]; composition: () => tf.Tensor | tf.Tensor[]; copy: () => tf.Tensor; dispose(): void };
}

const rand = (shape: number[], scale = 3) => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 7), scale);

function classifyCase(rows: number, d: number, pass: Pass): CaseSpec {
  return {
    name: `classify ${pass} [${rows}×${d}]`,
    variant: 'classify',
    pass,
    shape: [rows, d],
    setup(k) {
      const c = softmaxEraConstants(d, { h0: Math.min(0.6, Math.log(d) - 0.1) });
      const z = rand([rows, d]) as tf.Tensor2D;
      const g = rand([rows, d], 0.1) as tf.Tensor2D;
      return pass === 'forward'
        ? { kernel: () => k.softmaxForward(z, c), composition: () => softmaxEraForwardComposed(z, c), copy: () => k.copyLike([z]), dispose: () => tf.dispose([z, g]) }
        : {
            kernel: () => k.softmaxBackward(z, g, c),
            composition: () => softmaxEraBackwardComposed(z, g, c),
            copy: () => k.copyLike([z, g]),
            dispose: () => tf.dispose([z, g]),
          };
    },
  };
}

function gaussianCase(rows: number, d: number, pass: Pass): CaseSpec {
  return {
    name: `gaussian ${pass} [${rows}×${d}]`,
    variant: 'gaussian',
    pass,
    shape: [rows, d],
    setup(k) {
      const c = gaussianEraConstants(d, { h0: 0.25 * d });
      const s = rand([rows, d]) as tf.Tensor2D;
      const g = rand([rows, d], 0.1) as tf.Tensor2D;
      return pass === 'forward'
        ? { kernel: () => k.gaussianForward(s, c), composition: () => gaussianEraForwardComposed(s, c), copy: () => k.copyLike([s]), dispose: () => tf.dispose([s, g]) }
        : {
            kernel: () => k.gaussianBackward(s, g, c),
            composition: () => gaussianEraBackwardComposed(s, g, c),
            copy: () => k.copyLike([s, g]),
            dispose: () => tf.dispose([s, g]),
          };
    },
  };
}

function tokensCase(n: number, t: number, v: number, pass: Pass): CaseSpec {
  return {
    name: `tokens ${pass} [${n}×${t}×${v}]`,
    variant: 'tokens',
    pass,
    shape: [n, t, v],
    setup(k) {
      const c = tokenEraConstants({});
      const z = rand([n, t, v]) as tf.Tensor3D;
      const a = tf.randomNormal([n], 0, 1, 'float32', 3) as tf.Tensor1D;
      const g = rand([n, t, v], 0.1) as tf.Tensor3D;
      const lengths = Array.from({ length: n }, (_, i) => t - (i % Math.max(1, t >> 1)));
      const scale = tf.tidy(() => tokenEraForwardComposed(z, a, lengths, c).scale);
      const all = (r: { logits: tf.Tensor; advantages: tf.Tensor; responseEntropy: tf.Tensor; case: tf.Tensor; scale: tf.Tensor }) => [
        r.logits,
        r.advantages,
        r.responseEntropy,
        r.case,
        r.scale,
      ];
      return pass === 'forward'
        ? {
            kernel: () => all(k.tokensForward(z, a, lengths, c)),
            composition: () => all(tokenEraForwardComposed(z, a, lengths, c)),
            copy: () => k.copyLike([z]),
            dispose: () => tf.dispose([z, a, g, scale]),
          }
        : {
            kernel: () => k.tokensBackward(g, scale, lengths),
            composition: () => tokenEraBackwardComposed(g, scale, lengths),
            copy: () => k.copyLike([g]),
            dispose: () => tf.dispose([z, a, g, scale]),
          };
    },
  };
}

/** The shapes named in the performance issue: CIFAR heads, ImageNet-ish, LLM vocabularies, control heads. */
export function kernelCases(): CaseSpec[] {
  const passes: Pass[] = ['forward', 'backward'];
  return [
    ...passes.flatMap((p) => [classifyCase(4096, 10, p), classifyCase(4096, 1000, p), classifyCase(256, 32768, p), classifyCase(16, 152064, p)]),
    ...passes.flatMap((p) => [gaussianCase(4096, 6, p), gaussianCase(4096, 61, p)]),
    ...passes.map((p) => tokensCase(32, 64, 4096, p)),
  ];
}

// ---- Training-step overhead ------------------------------------------------------------------------

function cifarCnn(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return m;
}

function mlp(input: number, output: number, seed: number): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [input], units: 256, activation: 'elu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  m.add(tf.layers.dense({ units: 256, activation: 'elu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  m.add(tf.layers.dense({ units: output, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return m;
}

/**
 * ERA's overhead in a training step, robust to a machine whose load drifts (SwiftShader shares the CPUs):
 * with-ERA and without-ERA steps alternate (A/B/A/B…), each pair gives one ratio, and the case reports
 * their median and spread. ERA's share of the step's GPU time, where timestamp queries exist, is measured
 * separately from one profiled with-ERA step.
 */
async function abCase(timer: Timer, name: string, withEra: Thunk, withoutEra: Thunk, pairs: number): Promise<TrainingCase> {
  await timer.once(withEra); // warm-up both: pipelines compile, buffers enter the pool
  await timer.once(withoutEra);
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    let withMs: number;
    let withoutMs: number;
    if (i % 2 === 0) {
      withMs = await timer.once(withEra);
      withoutMs = await timer.once(withoutEra);
    } else {
      withoutMs = await timer.once(withoutEra);
      withMs = await timer.once(withEra);
    }
    a.push(withMs);
    b.push(withoutMs);
    ratios.push(withMs / withoutMs - 1);
  }
  let eraGpuShare: number | null = null;
  if (timestampsAvailable()) {
    const p = await profileStep(withEra);
    if (p.gpuMs && p.eraKernels) eraGpuShare = p.eraKernels.reduce((s, k) => s + k.ms, 0) / p.gpuMs;
  }
  return {
    name,
    withEraMs: median(a),
    withoutEraMs: median(b),
    overhead: median(ratios),
    pairs,
    overheadSpread: { min: Math.min(...ratios), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75), max: Math.max(...ratios) },
    eraGpuShare,
  };
}

async function trainingCases(timer: Timer, quick: boolean): Promise<TrainingCase[]> {
  // Enough pairs that the median ratio is stable against one slow step.
  const pairs = quick ? 5 : 15;
  const out: TrainingCase[] = [];
  {
    // A CIFAR-style CNN step (forward, cross-entropy, backward, SGD update) with and without ERA.
    const batch = quick ? 32 : 128;
    const model = cifarCnn();
    const opt = tf.train.momentum(0.01, 0.9);
    const x = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 6) as tf.Tensor1D, 10);
    const step = (withEra: boolean) => () => {
      const loss = opt.minimize(() => {
        const logits = model.apply(x) as tf.Tensor2D;
        return tf.losses.softmaxCrossEntropy(y, withEra ? eraSoftmax(logits, { h0: 0.6 }) : logits);
      }, true) as tf.Scalar;
      return loss;
    };
    out.push(await abCase(timer, `CNN training step, batch ${batch} (32×32×3, 10 classes)`, step(true), step(false), pairs));
    tf.dispose([x, y]);
    model.dispose();
    opt.dispose();
  }
  {
    // An actor update of SAC (tanh-Gaussian, entropy term) vs SAC-ERA (ERA on the log-std head, no
    // entropy term) on a HumanoidBench-sized action space, against a fixed critic.
    const batch = quick ? 64 : 256;
    const obs = 67;
    const act = 21;
    const actor = mlp(obs, 2 * act, 10);
    const critic = mlp(obs + act, 1, 20);
    const opt = tf.train.adam(3e-4);
    const s = tf.randomNormal([batch, obs], 0, 1, 'float32', 8);
    const noise = tf.randomNormal([batch, act], 0, 1, 'float32', 9);
    const actorVars = actor.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = (withEra: boolean) => () =>
      opt.minimize(
        () => {
          const head = actor.apply(s) as tf.Tensor2D;
          const [mu, sigmaHat] = tf.split(head, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
          const logStd = withEra ? eraGaussian(mu, sigmaHat, { h0: 0.25 * act }).logStd : tf.clipByValue(sigmaHat, -8, 0);
          const pre = tf.add(mu, tf.mul(tf.exp(logStd), noise));
          const a = tf.tanh(pre);
          const q = critic.apply(tf.concat([s, a], 1)) as tf.Tensor;
          if (withEra) return tf.neg(tf.mean(q)) as tf.Scalar;
          // SAC: α·log π(a|s) − Q with the tanh correction.
          const logProb = tf.sum(tf.sub(tf.sub(tf.mul(-0.5, tf.square(noise)), tf.add(logStd, 0.9189385)), tf.log(tf.add(tf.sub(1, tf.square(a)), 1e-6))), 1);
          return tf.mean(tf.sub(tf.mul(0.2, logProb), tf.squeeze(q, [1]))) as tf.Scalar;
        },
        true,
        actorVars,
      ) as tf.Scalar;
    out.push(await abCase(timer, `SAC-ERA vs SAC actor update, batch ${batch}, ${act}-D actions`, step(true), step(false), pairs));
    tf.dispose([s, noise]);
    actor.dispose();
    critic.dispose();
    opt.dispose();
  }
  return out;
}

/** Runs the suite on the current TF.js backend, which must be 'webgpu'. */
export async function runSuite(adapter: string, opts: SuiteOptions): Promise<SuiteResults> {
  const k = webgpuEraKernels();
  if (!k) throw new Error(`the bench needs TF.js's webgpu backend (current: ${tf.getBackend()})`);
  const timer = makeTimer(!!opts.wallTime);
  const repeats = opts.quick ? 3 : 10;
  const specs = kernelCases().filter((c) => !opts.filter || c.name.includes(opts.filter));
  const cases: KernelCase[] = [];
  for (const [i, spec] of specs.entries()) {
    opts.onProgress?.(spec.name, i, specs.length + 1);
    const run = spec.setup(k);
    const kernelMs = await timer.median(run.kernel, repeats);
    const compositionMs = await timer.median(run.composition, repeats);
    const copyMs = await timer.median(run.copy, repeats);
    run.dispose();
    cases.push({
      name: spec.name,
      variant: spec.variant,
      pass: spec.pass,
      shape: spec.shape,
      kernelMs,
      compositionMs,
      copyMs,
      compositionOverKernel: compositionMs / kernelMs,
      kernelOverCopy: kernelMs / copyMs,
    });
  }
  opts.onProgress?.('training steps', specs.length, specs.length + 1);
  const training = opts.filter ? [] : await trainingCases(timer, opts.quick);
  return { adapter, backend: tf.getBackend(), timing: timer.timing, repeats, cases, training };
}

/** Targets of the performance issue, checked against one run's ratios. */
export function targetMisses(r: SuiteResults): string[] {
  const misses: string[] = [];
  for (const c of r.cases) {
    const big = c.variant === 'classify' && ((c.shape[0] === 4096 && c.shape[1] === 1000) || (c.shape[0] === 256 && c.shape[1] === 32768));
    if (big && c.compositionOverKernel < 3) misses.push(`${c.name}: composition/kernel ${c.compositionOverKernel.toFixed(2)} < 3`);
  }
  const largest = new Map<string, KernelCase>();
  for (const c of r.cases) {
    if (c.variant === 'tokens') continue;
    const key = `${c.variant} ${c.pass}`;
    const size = c.shape.reduce((a, b) => a * b, 1);
    const prev = largest.get(key);
    if (!prev || size > prev.shape.reduce((a, b) => a * b, 1)) largest.set(key, c);
  }
  for (const c of largest.values()) if (c.kernelOverCopy > 2) misses.push(`${c.name}: kernel/copy ${c.kernelOverCopy.toFixed(2)} > 2`);
  // The median of A/B pairs, and only where its spread leaves no doubt that it is over the target.
  for (const t of r.training)
    if (t.name.startsWith('CNN') && t.overhead > 0.03 && t.overheadSpread.q1 > 0.03)
      misses.push(`${t.name}: ERA overhead ${(100 * t.overhead).toFixed(1)}% (quartiles ${(100 * t.overheadSpread.q1).toFixed(1)}…${(100 * t.overheadSpread.q3).toFixed(1)}%) > 3%`);
  return misses;
}
