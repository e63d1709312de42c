// Runs the ERA kernels inside TF.js's WebGPU backend: on its GPUDevice, reading and writing the GPU
// buffers of TF.js tensors in place (no CPU round trip, no extra copy), recorded on TF.js's own command
// encoder so ordering with TF.js's kernels is preserved without an extra submit. This reaches into the
// backend's internals (tensorMap, commandEncoder, bufferManager) of tfjs-backend-webgpu 4.22; the
// version is pinned in package.json and the tests exercise every path.
import * as tf from '@tensorflow/tfjs';
import type { GaussianEraConstants, SoftmaxEraConstants, TokenEraConstants } from './params.ts';
import type { TokenEraTensors } from './composed.ts';
import {
  type KernelDispatch,
  copyDispatch,
  encodeDispatches,
  gaussianDispatch,
  pipelinesFor,
  scaleDispatch,
  softmaxDispatch,
  tokensForwardDispatches,
} from './kernels.ts';

export interface EraTfjsKernels {
  softmaxForward(z: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D;
  softmaxBackward(z: tf.Tensor2D, g: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D;
  gaussianForward(s: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D;
  gaussianBackward(s: tf.Tensor2D, g: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D;
  tokensForward(z: tf.Tensor3D, a: tf.Tensor1D, lengths: readonly number[], c: TokenEraConstants): TokenEraTensors;
  tokensBackward(g: tf.Tensor3D, scale: tf.Tensor1D, lengths: readonly number[]): tf.Tensor3D;
  /** Bench only: a plain copy (one input) or sum (two inputs) moving the same bytes as a kernel. */
  copyLike(inputs: tf.Tensor[]): tf.Tensor;
}

/** The parts of tfjs-backend-webgpu's WebGPUBackend this bridge relies on. */
interface WebGPUBackendInternals {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
  uniformPendingDisposal: GPUBuffer[];
  tensorMap: { get(dataId: object): { resource?: GPUBuffer | null } | undefined };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer };
  uploadToGPU(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  // Profiling (tf.time / tf.profile): per-program GPU timestamps.
  activeTimers: Array<{ name: string; query: Promise<number> }> | null;
  supportTimestampQuery: boolean;
  querySet: GPUQuerySet | null;
  querySetCount: number;
  getQueryTime(): Promise<number>;
}

/** Submit after this many of our dispatches, as TF.js does with its own (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE). */
function submitBatchSize(): number {
  return Number(tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') ?? 15);
}

function isWebGPUBackend(b: unknown): b is WebGPUBackendInternals {
  const x = b as Partial<WebGPUBackendInternals> | null;
  return (
    !!x &&
    typeof x.uploadToGPU === 'function' &&
    typeof x.ensureCommandEncoderReady === 'function' &&
    typeof x.makeTensorInfo === 'function' &&
    x.device !== undefined &&
    x.tensorMap !== undefined
  );
}

class TfjsBridge implements EraTfjsKernels {
  constructor(private readonly backend: WebGPUBackendInternals) {}

  private buffer(t: tf.TensorInfo): GPUBuffer {
    this.backend.uploadToGPU(t.dataId);
    const resource = this.backend.tensorMap.get(t.dataId)?.resource;
    if (!(resource instanceof GPUBuffer)) throw new Error('ERA: tensor is not backed by a GPUBuffer (texture inputs are unsupported)');
    // Keeps TF.js from recycling the buffer before the command buffer that uses it is submitted.
    this.backend.commandQueueOwnedIds.add(t.dataId);
    return resource;
  }

  private output(shape: number[], dtype: tf.DataType = 'float32'): { info: tf.TensorInfo; buffer: GPUBuffer } {
    const info = this.backend.makeTensorInfo(shape, dtype);
    return { info, buffer: this.buffer(info) };
  }

  private uniform = (bytes: ArrayBuffer): GPUBuffer => {
    const b = this.backend;
    const buffer = b.bufferManager.acquireBuffer(bytes.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    b.device.queue.writeBuffer(buffer, 0, bytes);
    // TF.js returns these to its pool after the next submit, as it does for its own uniforms.
    b.uniformPendingDisposal.push(buffer);
    return buffer;
  };

  private record(dispatches: KernelDispatch[]): void {
    const b = this.backend;
    eraKernelStats.dispatches += dispatches.length;
    b.ensureCommandEncoderReady();
    b.endComputePassEncoder();
    if (b.activeTimers != null && b.supportTimestampQuery) {
      // Inside tf.time(): time each dispatch in its own pass, exactly as TF.js times its programs, so
      // kernelMs and getExtraProfileInfo() cover our kernels (by label) alongside TF.js's.
      b.querySet ??= b.device.createQuerySet({ type: 'timestamp', count: b.querySetCount });
      for (const d of dispatches) {
        encodeDispatches(b.device, b.commandEncoder!, [d], this.uniform, {
          querySet: b.querySet,
          beginningOfPassWriteIndex: 0,
          endOfPassWriteIndex: 1,
        });
        b.activeTimers.push({ name: d.label, query: b.getQueryTime() });
        b.ensureCommandEncoderReady(); // getQueryTime submitted the encoder
      }
      return;
    }
    encodeDispatches(b.device, b.commandEncoder!, dispatches, this.uniform);
    b.dispatchCountInPass += dispatches.length;
    if (b.dispatchCountInPass >= submitBatchSize()) b.submitQueue();
  }

  private tensor<T extends tf.Tensor>(info: tf.TensorInfo): T {
    return tf.engine().makeTensorFromTensorInfo(info) as T;
  }

  private lengthsTensor(lengths: readonly number[]): tf.Tensor1D {
    return tf.tensor1d(lengths as number[], 'int32');
  }

  softmaxForward(z: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D {
    const out = this.output(z.shape);
    this.record([softmaxDispatch(pipelinesFor(this.backend.device), 'forward', z.shape[0], c, { z: this.buffer(z), out: out.buffer })]);
    return this.tensor(out.info);
  }

  softmaxBackward(z: tf.Tensor2D, g: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D {
    const out = this.output(z.shape);
    this.record([
      softmaxDispatch(pipelinesFor(this.backend.device), 'backward', z.shape[0], c, {
        z: this.buffer(z),
        grad: this.buffer(g),
        out: out.buffer,
      }),
    ]);
    return this.tensor(out.info);
  }

  gaussianForward(s: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D {
    const out = this.output(s.shape);
    this.record([gaussianDispatch(pipelinesFor(this.backend.device), 'forward', s.shape[0], c, { sigmaHat: this.buffer(s), out: out.buffer })]);
    return this.tensor(out.info);
  }

  gaussianBackward(s: tf.Tensor2D, g: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D {
    const out = this.output(s.shape);
    this.record([
      gaussianDispatch(pipelinesFor(this.backend.device), 'backward', s.shape[0], c, {
        sigmaHat: this.buffer(s),
        grad: this.buffer(g),
        out: out.buffer,
      }),
    ]);
    return this.tensor(out.info);
  }

  tokensForward(z: tf.Tensor3D, a: tf.Tensor1D, lengths: readonly number[], c: TokenEraConstants): TokenEraTensors {
    const [n, t] = z.shape;
    const len = this.lengthsTensor(lengths);
    const tokenEntropy = this.output([n, t]);
    const responseEntropy = this.output([n]);
    const responseCase = this.output([n], 'int32');
    const advantagesOut = this.output([n]);
    const scale = this.output([n]);
    const out = this.output(z.shape);
    this.record(
      tokensForwardDispatches(pipelinesFor(this.backend.device), z.shape, c, {
        logits: this.buffer(z),
        lengths: this.buffer(len),
        advantages: this.buffer(a),
        tokenEntropy: tokenEntropy.buffer,
        responseEntropy: responseEntropy.buffer,
        responseCase: responseCase.buffer,
        advantagesOut: advantagesOut.buffer,
        scale: scale.buffer,
        out: out.buffer,
      }),
    );
    // Disposal of buffers still owned by the pending command buffer is deferred by TF.js until submit.
    len.dispose();
    this.tensor(tokenEntropy.info).dispose();
    return {
      logits: this.tensor(out.info),
      advantages: this.tensor(advantagesOut.info),
      responseEntropy: this.tensor(responseEntropy.info),
      case: this.tensor(responseCase.info),
      scale: this.tensor(scale.info),
    };
  }

  copyLike(inputs: tf.Tensor[]): tf.Tensor {
    const out = this.output(inputs[0].shape);
    this.record([
      copyDispatch(
        pipelinesFor(this.backend.device),
        inputs[0].size,
        inputs.map((t) => this.buffer(t)),
        out.buffer,
      ),
    ]);
    return this.tensor(out.info);
  }

  tokensBackward(g: tf.Tensor3D, scale: tf.Tensor1D, lengths: readonly number[]): tf.Tensor3D {
    const len = this.lengthsTensor(lengths);
    const out = this.output(g.shape);
    this.record([
      scaleDispatch(pipelinesFor(this.backend.device), g.shape, {
        x: this.buffer(g),
        lengths: this.buffer(len),
        scale: this.buffer(scale),
        out: out.buffer,
      }),
    ]);
    len.dispose();
    return this.tensor(out.info);
  }
}

/** How many ERA WGSL dispatches the TF.js ops have recorded (tests use it to prove the kernel path ran). */
export const eraKernelStats = { dispatches: 0 };

const bridges = new WeakMap<object, TfjsBridge>();
let forceComposed = false;

/** For benchmarks and tests: make the ops use the composed TF.js math even on the webgpu backend. */
export function setForceComposed(on: boolean): void {
  forceComposed = on;
}

/** The kernels for the active TF.js backend, or null when it is not WebGPU (the ops then compose). */
export function webgpuEraKernels(): EraTfjsKernels | null {
  if (forceComposed || tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend();
  if (!isWebGPUBackend(backend)) return null;
  let bridge = bridges.get(backend);
  if (!bridge) {
    bridge = new TfjsBridge(backend);
    bridges.set(backend, bridge);
  }
  return bridge;
}
