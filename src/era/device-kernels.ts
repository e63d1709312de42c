// Runs the ERA kernels on plain arrays with a bare GPUDevice (no TF.js): the Explore lab uses this in
// the page, and the kernel tests use it in Node. Inputs and options are validated exactly as the ops do.
import {
  type GaussianEraOptions,
  type SoftmaxEraOptions,
  type TokenEraOptions,
  gaussianEraConstants,
  softmaxEraConstants,
  tokenEraConstants,
  validateLengths,
} from './params.ts';
import { type KernelDispatch, encodeDispatches, gaussianDispatch, pipelinesFor, scaleDispatch, softmaxDispatch, tokensForwardDispatches } from './kernels.ts';

export interface TokensKernelResult {
  logits: Float32Array;
  advantages: Float32Array;
  responseEntropy: Float32Array;
  case: Int32Array;
  scale: Float32Array;
}

export interface EraDeviceKernels {
  readonly device: GPUDevice;
  softmax(z: ArrayLike<number>, rows: number, d: number, opts: SoftmaxEraOptions): Promise<Float32Array>;
  softmaxBackward(z: ArrayLike<number>, grad: ArrayLike<number>, rows: number, d: number, opts: SoftmaxEraOptions): Promise<Float32Array>;
  gaussian(
    mu: ArrayLike<number>,
    sigmaHat: ArrayLike<number>,
    rows: number,
    d: number,
    opts: GaussianEraOptions,
  ): Promise<{ mu: Float32Array; logStd: Float32Array }>;
  gaussianBackward(sigmaHat: ArrayLike<number>, grad: ArrayLike<number>, rows: number, d: number, opts: GaussianEraOptions): Promise<Float32Array>;
  tokens(
    logits: ArrayLike<number>,
    advantages: ArrayLike<number>,
    lengths: number[],
    shape: [number, number, number],
    opts?: TokenEraOptions,
  ): Promise<TokensKernelResult>;
  tokensBackward(grad: ArrayLike<number>, scale: ArrayLike<number>, lengths: number[], shape: [number, number, number]): Promise<Float32Array>;
  destroy(): void;
}

function checkSize(name: string, a: ArrayLike<number>, n: number): void {
  if (a.length !== n) throw new RangeError(`${name} has ${a.length} values, expected ${n} (shape mismatch)`);
}

export function createEraDeviceKernels(device: GPUDevice): EraDeviceKernels {
  const pipes = pipelinesFor(device);
  // Read here, not at module load: importing src/era must work in Node without WebGPU's globals.
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

  // Every call owns its buffers and frees them once the results are read back.
  class Call {
    private readonly owned: GPUBuffer[] = [];

    input(data: ArrayLike<number>, kind: 'f32' | 'i32' = 'f32'): GPUBuffer {
      const typed = kind === 'f32' ? Float32Array.from(data) : Int32Array.from(data);
      const buffer = this.storage(Math.max(typed.byteLength, 4));
      device.queue.writeBuffer(buffer, 0, typed);
      return buffer;
    }

    storage(bytes: number): GPUBuffer {
      const buffer = device.createBuffer({ size: Math.max(4, Math.ceil(bytes / 4) * 4), usage: STORAGE });
      this.owned.push(buffer);
      return buffer;
    }

    uniform = (bytes: ArrayBuffer): GPUBuffer => {
      const buffer = device.createBuffer({ size: bytes.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(buffer, 0, bytes);
      this.owned.push(buffer);
      return buffer;
    };

    async run(dispatches: KernelDispatch[], reads: GPUBuffer[]): Promise<ArrayBuffer[]> {
      // Surface shader, pipeline and binding mistakes as exceptions instead of silent zeros.
      device.pushErrorScope('validation');
      try {
        const encoder = device.createCommandEncoder();
        encodeDispatches(device, encoder, dispatches, this.uniform);
        const staging = reads.map((b) => {
          const s = device.createBuffer({ size: b.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
          this.owned.push(s);
          encoder.copyBufferToBuffer(b, 0, s, 0, b.size);
          return s;
        });
        device.queue.submit([encoder.finish()]);
        const error = await device.popErrorScope();
        if (error) throw new Error(`ERA kernel failed on the GPU: ${error.message}`);
        return await Promise.all(
          staging.map(async (s) => {
            await s.mapAsync(GPUMapMode.READ);
            const copy = s.getMappedRange().slice(0);
            s.unmap();
            return copy;
          }),
        );
      } finally {
        this.owned.forEach((b) => b.destroy());
      }
    }
  }

  return {
    device,

    async softmax(z, rows, d, opts) {
      const c = softmaxEraConstants(d, opts);
      checkSize('logits', z, rows * d);
      const call = new Call();
      const out = call.storage(rows * d * 4);
      const [res] = await call.run([softmaxDispatch(pipes, 'forward', rows, c, { z: call.input(z), out })], [out]);
      return new Float32Array(res, 0, rows * d);
    },

    async softmaxBackward(z, grad, rows, d, opts) {
      const c = softmaxEraConstants(d, opts);
      checkSize('logits', z, rows * d);
      checkSize('grad', grad, rows * d);
      const call = new Call();
      const out = call.storage(rows * d * 4);
      const [res] = await call.run([softmaxDispatch(pipes, 'backward', rows, c, { z: call.input(z), grad: call.input(grad), out })], [out]);
      return new Float32Array(res, 0, rows * d);
    },

    async gaussian(mu, sigmaHat, rows, d, opts) {
      const c = gaussianEraConstants(d, opts);
      checkSize('mu', mu, rows * d);
      checkSize('sigmaHat', sigmaHat, rows * d);
      const call = new Call();
      const out = call.storage(rows * d * 4);
      const [res] = await call.run([gaussianDispatch(pipes, 'forward', rows, c, { sigmaHat: call.input(sigmaHat), out })], [out]);
      return { mu: Float32Array.from(mu), logStd: new Float32Array(res, 0, rows * d) };
    },

    async gaussianBackward(sigmaHat, grad, rows, d, opts) {
      const c = gaussianEraConstants(d, opts);
      checkSize('sigmaHat', sigmaHat, rows * d);
      checkSize('grad', grad, rows * d);
      const call = new Call();
      const out = call.storage(rows * d * 4);
      const [res] = await call.run([gaussianDispatch(pipes, 'backward', rows, c, { sigmaHat: call.input(sigmaHat), grad: call.input(grad), out })], [out]);
      return new Float32Array(res, 0, rows * d);
    },

    async tokens(logits, advantages, lengths, shape, opts = {}) {
      const [n, t, v] = shape;
      const c = tokenEraConstants(opts);
      checkSize('logits', logits, n * t * v);
      checkSize('advantages', advantages, n);
      validateLengths(lengths, n, t);
      const call = new Call();
      const b = {
        logits: call.input(logits),
        lengths: call.input(lengths, 'i32'),
        advantages: call.input(advantages),
        tokenEntropy: call.storage(n * t * 4),
        responseEntropy: call.storage(n * 4),
        responseCase: call.storage(n * 4),
        advantagesOut: call.storage(n * 4),
        scale: call.storage(n * 4),
        out: call.storage(n * t * v * 4),
      };
      const [z, adv, h, kase, scale] = await call.run(tokensForwardDispatches(pipes, shape, c, b), [
        b.out,
        b.advantagesOut,
        b.responseEntropy,
        b.responseCase,
        b.scale,
      ]);
      return {
        logits: new Float32Array(z, 0, n * t * v),
        advantages: new Float32Array(adv, 0, n),
        responseEntropy: new Float32Array(h, 0, n),
        case: new Int32Array(kase, 0, n),
        scale: new Float32Array(scale, 0, n),
      };
    },

    async tokensBackward(grad, scale, lengths, shape) {
      const [n, t, v] = shape;
      checkSize('grad', grad, n * t * v);
      checkSize('scale', scale, n);
      validateLengths(lengths, n, t);
      const call = new Call();
      const out = call.storage(n * t * v * 4);
      const [res] = await call.run(
        [scaleDispatch(pipes, shape, { x: call.input(grad), lengths: call.input(lengths, 'i32'), scale: call.input(scale), out })],
        [out],
      );
      return new Float32Array(res, 0, n * t * v);
    },

    /** Destroys the device this was created with (for callers that own it). */
    destroy() {
      device.destroy();
    },
  };
}
