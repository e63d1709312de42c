// Differentiable TF.js ops. On the `webgpu` backend they dispatch our WGSL (./tfjs-webgpu.ts) on
// TF.js's own device and buffers; on any other backend they run the same math composed from TF.js ops.
import * as tf from '@tensorflow/tfjs';
import {
  type GaussianEraOptions,
  type SoftmaxEraOptions,
  type TokenEraOptions,
  gaussianEraConstants,
  softmaxEraConstants,
  tokenEraConstants,
  validateLengths,
} from './params.ts';
import {
  gaussianEraBackwardComposed,
  gaussianEraForwardComposed,
  softmaxEraBackwardComposed,
  softmaxEraForwardComposed,
  tokenEraBackwardComposed,
  tokenEraForwardComposed,
} from './composed.ts';
import { webgpuEraKernels } from './tfjs-webgpu.ts';

function checkRank(name: string, t: tf.Tensor, rank: number): void {
  if (!(t instanceof tf.Tensor)) throw new RangeError(`${name} must be a tf.Tensor`);
  if (t.rank !== rank) throw new RangeError(`${name} must have rank ${rank}, got shape [${t.shape.join(', ')}]`);
}

/**
 * A one-input, one-output differentiable op. `forward` runs untaped inside TF.js's tidy; `backward`
 * receives the upstream gradient and what `forward` chose to save.
 */
function unaryCustomOp<T extends tf.Tensor>(forward: (x: T, save: tf.GradSaveFunc) => T, backward: (dy: T, saved: tf.Tensor[]) => T): (x: T) => T {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as T;
    const save = args[1] as tf.GradSaveFunc;
    return { value: forward(x, save), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy as T, saved) };
  });
  return (x: T) => op(x) as T;
}

/** Classification ERA: returns z' with each row shifted so its minimum is 0; differentiable w.r.t. logits. */
export function eraSoftmax(logits: tf.Tensor2D, opts: SoftmaxEraOptions): tf.Tensor2D {
  checkRank('logits', logits, 2);
  const c = softmaxEraConstants(logits.shape[1], opts);
  const op = unaryCustomOp<tf.Tensor2D>(
    (z, save) => {
      save([z]);
      const k = webgpuEraKernels();
      return k ? k.softmaxForward(z, c) : softmaxEraForwardComposed(z, c);
    },
    (dy, [z]) => {
      const k = webgpuEraKernels();
      return k ? k.softmaxBackward(z as tf.Tensor2D, dy, c) : softmaxEraBackwardComposed(z as tf.Tensor2D, dy, c);
    },
  );
  return op(logits);
}

/** Gaussian-policy ERA: μ passes through; ln σ' = clip(ln σ_max + k·softmax(σ̂), ln σ_min, ln σ_max). */
export function eraGaussian(mu: tf.Tensor2D, sigmaHat: tf.Tensor2D, opts: GaussianEraOptions): { mu: tf.Tensor2D; logStd: tf.Tensor2D } {
  checkRank('mu', mu, 2);
  checkRank('sigmaHat', sigmaHat, 2);
  if (mu.shape[0] !== sigmaHat.shape[0] || mu.shape[1] !== sigmaHat.shape[1]) {
    throw new RangeError(`mu [${mu.shape}] and sigmaHat [${sigmaHat.shape}] must have the same shape`);
  }
  const c = gaussianEraConstants(sigmaHat.shape[1], opts);
  const op = unaryCustomOp<tf.Tensor2D>(
    (s, save) => {
      save([s]);
      const k = webgpuEraKernels();
      return k ? k.gaussianForward(s, c) : gaussianEraForwardComposed(s, c);
    },
    (dy, [s]) => {
      const k = webgpuEraKernels();
      return k ? k.gaussianBackward(s as tf.Tensor2D, dy, c) : gaussianEraBackwardComposed(s as tf.Tensor2D, dy, c);
    },
  );
  // clone() shares μ's data: no copy, and the caller may dispose it independently.
  return { mu: mu.clone(), logStd: op(sigmaHat) };
}

export interface EraTokensResult {
  logits: tf.Tensor3D;
  advantages: tf.Tensor1D;
  responseEntropy: tf.Tensor1D;
  /** int32: −1 flatten, 0 keep, 1 sharpen. */
  case: tf.Tensor1D;
}

/**
 * Token-policy ERA for GRPO. Gradient flows through the scaled logits; the case decision, the
 * response entropies and the rescaled advantages are constants for autodiff (as in the released code).
 */
export function eraTokens(logits: tf.Tensor3D, advantages: tf.Tensor1D, lengths: number[], opts: TokenEraOptions = {}): EraTokensResult {
  checkRank('logits', logits, 3);
  checkRank('advantages', advantages, 1);
  const [n, t, v] = logits.shape;
  if (advantages.shape[0] !== n) {
    throw new RangeError(`advantages has ${advantages.shape[0]} entries but logits has ${n} responses (shape mismatch)`);
  }
  if (v < 1) throw new RangeError(`vocab size must be ≥ 1, got ${v}`);
  validateLengths(lengths, n, t);
  const c = tokenEraConstants(opts);
  let side: Omit<EraTokensResult, 'logits'> | undefined;
  const op = unaryCustomOp<tf.Tensor3D>(
    (z, save) => {
      // Ops inside a customGrad body are not taped, so the side outputs carry no gradient. The body runs
      // in a tidy: keep the side outputs here and hand them to the caller's scope below.
      const k = webgpuEraKernels();
      const r = k ? k.tokensForward(z, advantages, lengths, c) : tokenEraForwardComposed(z, advantages, lengths, c);
      side = { advantages: tf.keep(r.advantages), responseEntropy: tf.keep(r.responseEntropy), case: tf.keep(r.case) };
      save([r.scale]);
      return r.logits;
    },
    (dy, [scale]) => {
      const k = webgpuEraKernels();
      return k ? k.tokensBackward(dy, scale as tf.Tensor1D, lengths) : tokenEraBackwardComposed(dy, scale as tf.Tensor1D, lengths);
    },
  );
  const out = op(logits);
  const kept = side!;
  // clone() registers each side output in the caller's scope (a tidy around this call disposes it).
  const adopt = <T extends tf.Tensor>(t: T): T => {
    const c2 = t.clone();
    t.dispose();
    return c2;
  };
  return {
    logits: out,
    advantages: adopt(kept.advantages),
    responseEntropy: adopt(kept.responseEntropy),
    case: adopt(kept.case),
  };
}
