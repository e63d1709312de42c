// Host side of the ERA WGSL kernels: pipelines (compiled once per device), the uniform structs packed
// field by field as the WGSL declares them, and dispatch plans. Plans name buffers by binding index and
// are encoded by the caller: the TF.js bridge (on TF.js's own encoder and buffers) or the array runner.
import softmaxSource from '../../shaders/era_softmax.wgsl?raw';
import gaussianSource from '../../shaders/era_gaussian.wgsl?raw';
import tokensSource from '../../shaders/era_tokens.wgsl?raw';
import copySource from '../../shaders/bench_copy.wgsl?raw';
import type { GaussianEraConstants, SoftmaxEraConstants, TokenEraConstants } from './params.ts';

export const SHADER_SOURCES = {
  era_softmax: softmaxSource,
  era_gaussian: gaussianSource,
  era_tokens: tokensSource,
  bench_copy: copySource,
} as const;

/** Rows at most this wide always run one thread per row; wider rows run SEGMENT threads per row on GPUs. */
export const ROW_PER_THREAD_MAX_D = 64;
const GROUP_SIZE = 256;
/** About this many entries per thread decide SEGMENT: enough work per thread, few barrier rounds. */
const ENTRIES_PER_THREAD = 32;
const ELEMENT_GROUP_SIZE = 256;
const THREAD_GROUP_SIZE = 64;
const MAX_GRID = 65535;

// ---- Uniform structs (mirrors of the WGSL `Params` of each file, 32 bytes each) -------------------

/** era_softmax.wgsl `Params`. */
export interface SoftmaxParams {
  rows: number;
  d: number;
  groupsX: number;
  slope: number;
  b: number;
}

/** era_gaussian.wgsl `Params`. */
export interface GaussianParams {
  rows: number;
  d: number;
  groupsX: number;
  k: number;
  logStdMin: number;
  logStdMax: number;
}

/** era_tokens.wgsl `Params`. */
export interface TokensParams {
  n: number;
  t: number;
  v: number;
  groupsX: number;
  k: number;
  omegaLow: number;
  omegaHigh: number;
  scaleAdvantages: 0 | 1;
}

const PARAMS_BYTES = 32;

export function packSoftmaxParams(p: SoftmaxParams): ArrayBuffer {
  const buf = new ArrayBuffer(PARAMS_BYTES);
  new Uint32Array(buf, 0, 4).set([p.rows, p.d, p.groupsX, 0]);
  new Float32Array(buf, 16, 4).set([p.slope, p.b, 0, 0]);
  return buf;
}

export function packGaussianParams(p: GaussianParams): ArrayBuffer {
  const buf = new ArrayBuffer(PARAMS_BYTES);
  new Uint32Array(buf, 0, 4).set([p.rows, p.d, p.groupsX, 0]);
  new Float32Array(buf, 16, 4).set([p.k, p.logStdMin, p.logStdMax, 0]);
  return buf;
}

export function packTokensParams(p: TokensParams): ArrayBuffer {
  const buf = new ArrayBuffer(PARAMS_BYTES);
  new Uint32Array(buf, 0, 4).set([p.n, p.t, p.v, p.groupsX]);
  new Float32Array(buf, 16, 3).set([p.k, p.omegaLow, p.omegaHigh]);
  new Uint32Array(buf, 28, 1).set([p.scaleAdvantages]);
  return buf;
}

// ---- Dispatch plans ------------------------------------------------------------------------------

/** One dispatch: a pipeline, its uniform bytes (binding 0), storage buffers by binding, a 2-D grid. */
export interface KernelDispatch {
  label: string;
  pipeline: GPUComputePipeline;
  uniform: ArrayBuffer;
  buffers: Record<number, GPUBuffer>;
  workgroups: [number, number];
}

/** Splits `groups` workgroups into a grid that respects the 65535-per-dimension limit. */
export function grid(groups: number): [number, number] {
  const x = Math.max(1, Math.min(groups, MAX_GRID));
  return [x, Math.max(1, Math.ceil(groups / x))];
}

type Family = keyof typeof SHADER_SOURCES;

/**
 * Which layouts to pick. GPUs want many threads per wide row (segments); CPU adapters (SwiftShader,
 * llvmpipe) pay for every workgroup barrier and have only a few cores to fill, so there one thread per
 * row wins at every width once there are enough rows (measured: 2.6× at [4096×1000], 1.4× at [256×32768]).
 */
export type LayoutPolicy = 'auto' | 'gpu' | 'cpu';
let layoutPolicy: LayoutPolicy = 'auto';

/** Tests force each policy so both layouts are checked on any adapter. */
export function setLayoutPolicy(p: LayoutPolicy): void {
  layoutPolicy = p;
}

/** Rows needed before a CPU adapter prefers one thread per row for wide rows. */
const CPU_MIN_ROWS_PER_THREAD = 32;

function isCpuAdapter(device: GPUDevice): boolean {
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).adapterInfo;
  if (!info) return false;
  return !!info.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|warp/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
}

/** Compiles each (family, entry point) once per device. */
export class EraPipelines {
  private readonly modules = new Map<Family, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  readonly cpuAdapter: boolean;

  constructor(readonly device: GPUDevice) {
    this.cpuAdapter = isCpuAdapter(device);
  }

  /** Whether rows of this width run one thread per row under the current policy. */
  rowPerThread(rows: number, d: number): boolean {
    const cpu = layoutPolicy === 'cpu' || (layoutPolicy === 'auto' && this.cpuAdapter);
    return d <= ROW_PER_THREAD_MAX_D || (cpu && rows >= CPU_MIN_ROWS_PER_THREAD);
  }

  get(family: Family, entryPoint: string, constants?: Record<string, number>): GPUComputePipeline {
    const key = `${family}:${entryPoint}:${JSON.stringify(constants ?? {})}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      let module = this.modules.get(family);
      if (!module) {
        module = this.device.createShaderModule({ label: family, code: SHADER_SOURCES[family] });
        this.modules.set(family, module);
      }
      pipeline = this.device.createComputePipeline({ label: key, layout: 'auto', compute: { module, entryPoint, constants } });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }
}

const cache = new WeakMap<GPUDevice, EraPipelines>();

export function pipelinesFor(device: GPUDevice): EraPipelines {
  let p = cache.get(device);
  if (!p) {
    p = new EraPipelines(device);
    cache.set(device, p);
  }
  return p;
}

interface RowLayout {
  suffix: 'rows_per_thread' | 'segmented';
  workgroups: [number, number];
  constants?: Record<string, number>;
}

/** Layout choice and grid for a row-wise kernel over `rows` rows of width `d`. */
export function rowLayout(pipes: EraPipelines, rows: number, d: number): RowLayout {
  if (pipes.rowPerThread(rows, d)) {
    return { suffix: 'rows_per_thread', workgroups: grid(Math.ceil(rows / THREAD_GROUP_SIZE)) };
  }
  const segment = Math.min(GROUP_SIZE, Math.max(4, 2 ** Math.ceil(Math.log2(d / ENTRIES_PER_THREAD))));
  return { suffix: 'segmented', workgroups: grid(Math.ceil(rows / (GROUP_SIZE / segment))), constants: { SEGMENT: segment } };
}

export function softmaxDispatch(
  pipes: EraPipelines,
  pass: 'forward' | 'backward',
  rows: number,
  c: SoftmaxEraConstants,
  buffers: { z: GPUBuffer; grad?: GPUBuffer; out: GPUBuffer },
): KernelDispatch {
  const { suffix, workgroups, constants } = rowLayout(pipes, rows, c.d);
  const entry = `${pass}_${suffix}`;
  const bound: Record<number, GPUBuffer> = { 1: buffers.z, 3: buffers.out };
  if (pass === 'backward') {
    if (!buffers.grad) throw new Error('softmax backward needs the upstream gradient');
    bound[2] = buffers.grad;
  }
  return {
    label: `era_softmax.${entry}`,
    // The inverse is a pipeline constant, so each pipeline compiles only the branch it runs.
    pipeline: pipes.get('era_softmax', entry, { ...constants, INVERSE_KIND: c.inverse === 'exact' ? 1 : 0 }),
    uniform: packSoftmaxParams({
      rows,
      d: c.d,
      groupsX: workgroups[0],
      slope: c.slope,
      b: c.b,
    }),
    buffers: bound,
    workgroups,
  };
}

export function gaussianDispatch(
  pipes: EraPipelines,
  pass: 'forward' | 'backward',
  rows: number,
  c: GaussianEraConstants,
  buffers: { sigmaHat: GPUBuffer; grad?: GPUBuffer; out: GPUBuffer },
): KernelDispatch {
  const { suffix, workgroups, constants } = rowLayout(pipes, rows, c.d);
  const entry = `${pass}_${suffix}`;
  const bound: Record<number, GPUBuffer> = { 1: buffers.sigmaHat, 3: buffers.out };
  if (pass === 'backward') {
    if (!buffers.grad) throw new Error('gaussian backward needs the upstream gradient');
    bound[2] = buffers.grad;
  }
  return {
    label: `era_gaussian.${entry}`,
    pipeline: pipes.get('era_gaussian', entry, constants),
    uniform: packGaussianParams({ rows, d: c.d, groupsX: workgroups[0], k: c.k, logStdMin: c.logStdMin, logStdMax: c.logStdMax }),
    buffers: bound,
    workgroups,
  };
}

export interface TokenBuffers {
  logits: GPUBuffer;
  lengths: GPUBuffer;
  advantages: GPUBuffer;
  tokenEntropy: GPUBuffer;
  responseEntropy: GPUBuffer;
  responseCase: GPUBuffer;
  advantagesOut: GPUBuffer;
  scale: GPUBuffer;
  out: GPUBuffer;
}

function tokensParams(n: number, t: number, v: number, groupsX: number, c?: TokenEraConstants): ArrayBuffer {
  return packTokensParams({
    n,
    t,
    v,
    groupsX,
    k: c?.k ?? 1,
    omegaLow: c?.omegaLow ?? 0,
    omegaHigh: c?.omegaHigh ?? 0,
    scaleAdvantages: c?.scaleAdvantages ? 1 : 0,
  });
}

/** The three dispatches of the forward pass: token entropies, per-response case, scaled logits. */
export function tokensForwardDispatches(
  pipes: EraPipelines,
  shape: readonly [number, number, number],
  c: TokenEraConstants,
  b: TokenBuffers,
): KernelDispatch[] {
  const [n, t, v] = shape;
  const { suffix, workgroups, constants } = rowLayout(pipes, n * t, v);
  const entropyEntry = `token_entropy_${suffix}`;
  const caseGrid = grid(Math.ceil(n / THREAD_GROUP_SIZE));
  if (caseGrid[1] > 1) throw new RangeError(`too many responses for one dispatch: ${n}`);
  return [
    {
      label: `era_tokens.${entropyEntry}`,
      pipeline: pipes.get('era_tokens', entropyEntry, constants),
      uniform: tokensParams(n, t, v, workgroups[0], c),
      buffers: { 1: b.logits, 2: b.lengths, 4: b.tokenEntropy },
      workgroups,
    },
    {
      label: 'era_tokens.classify_responses',
      pipeline: pipes.get('era_tokens', 'classify_responses'),
      uniform: tokensParams(n, t, v, caseGrid[0], c),
      buffers: { 2: b.lengths, 3: b.advantages, 4: b.tokenEntropy, 5: b.responseEntropy, 6: b.responseCase, 7: b.advantagesOut, 8: b.scale },
      workgroups: caseGrid,
    },
    scaleDispatch(pipes, shape, { x: b.logits, lengths: b.lengths, scale: b.scale, out: b.out }),
  ];
}

/** z' = scale·z on valid positions (forward), or ∂L/∂z = scale·G (backward). */
export function scaleDispatch(
  pipes: EraPipelines,
  shape: readonly [number, number, number],
  b: { x: GPUBuffer; lengths: GPUBuffer; scale: GPUBuffer; out: GPUBuffer },
): KernelDispatch {
  const [n, t, v] = shape;
  const buffers = { 1: b.x, 2: b.lengths, 8: b.scale, 9: b.out };
  if (n * t <= MAX_GRID) {
    // One grid row per (response, position) row: no integer division per element.
    const columns = Math.ceil(v / ELEMENT_GROUP_SIZE);
    return {
      label: 'era_tokens.scale_logits_by_row',
      pipeline: pipes.get('era_tokens', 'scale_logits_by_row'),
      uniform: tokensParams(n, t, v, columns),
      buffers,
      workgroups: [columns, n * t],
    };
  }
  const workgroups = grid(Math.ceil((n * t * v) / ELEMENT_GROUP_SIZE));
  return {
    label: 'era_tokens.scale_logits',
    pipeline: pipes.get('era_tokens', 'scale_logits'),
    uniform: tokensParams(n, t, v, workgroups[0]),
    buffers,
    workgroups,
  };
}

/** The roofline proxy of `npm run bench`: reads `inputs` (1 or 2 buffers of n floats), writes n floats. */
export function copyDispatch(pipes: EraPipelines, n: number, inputs: GPUBuffer[], out: GPUBuffer): KernelDispatch {
  const workgroups = grid(Math.ceil(n / ELEMENT_GROUP_SIZE));
  const uniform = new ArrayBuffer(16);
  new Uint32Array(uniform).set([n, workgroups[0], 0, 0]);
  const two = inputs.length === 2;
  return {
    label: two ? 'bench_copy.copy_two' : 'bench_copy.copy_one',
    pipeline: pipes.get('bench_copy', two ? 'copy_two' : 'copy_one'),
    uniform,
    buffers: two ? { 1: inputs[0], 2: inputs[1], 3: out } : { 1: inputs[0], 3: out },
    workgroups,
  };
}

/**
 * Records dispatches into one compute pass on `encoder`. `uniformBuffer` supplies a GPU buffer holding
 * each dispatch's uniform bytes (pooled by the TF.js bridge, fresh for the array runner).
 */
export function encodeDispatches(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  dispatches: readonly KernelDispatch[],
  uniformBuffer: (bytes: ArrayBuffer) => GPUBuffer,
  timestampWrites?: GPUComputePassTimestampWrites,
): void {
  const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
  for (const d of dispatches) {
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniformBuffer(d.uniform) } }];
    for (const [binding, buffer] of Object.entries(d.buffers)) entries.push({ binding: Number(binding), resource: { buffer } });
    const bindGroup = device.createBindGroup({ label: d.label, layout: d.pipeline.getBindGroupLayout(0), entries });
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1]);
  }
  pass.end();
}
