// Placeholder until the WGSL bridge lands: no kernels, so ops use the composed TF.js math.
import type * as tf from '@tensorflow/tfjs';
import type { GaussianEraConstants, SoftmaxEraConstants, TokenEraConstants } from './params.ts';
import type { TokenEraTensors } from './composed.ts';

export interface EraTfjsKernels {
  softmaxForward(z: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D;
  softmaxBackward(z: tf.Tensor2D, g: tf.Tensor2D, c: SoftmaxEraConstants): tf.Tensor2D;
  gaussianForward(s: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D;
  gaussianBackward(s: tf.Tensor2D, g: tf.Tensor2D, c: GaussianEraConstants): tf.Tensor2D;
  tokensForward(z: tf.Tensor3D, a: tf.Tensor1D, lengths: readonly number[], c: TokenEraConstants): TokenEraTensors;
  tokensBackward(g: tf.Tensor3D, scale: tf.Tensor1D, lengths: readonly number[]): tf.Tensor3D;
}

export function webgpuEraKernels(): EraTfjsKernels | null {
  return null;
}
