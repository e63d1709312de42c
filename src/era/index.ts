// Public API of the ERA kernel library (a contract: code outside the repository calls exactly this).
import * as referenceImpl from './reference.ts';

export { eraSoftmax, eraGaussian, eraTokens, type EraTokensResult } from './ops.ts';
export {
  validH0Interval,
  maxGaussianTarget,
  softmaxEraConstants,
  gaussianEraConstants,
  tokenEraConstants,
  DEFAULT_TAU,
  DEFAULT_H0_CLASSIFY,
  LN_SQRT_2PI_E,
  type SoftmaxEraOptions,
  type GaussianEraOptions,
  type TokenEraOptions,
  type InverseKind,
} from './params.ts';

export { eraKernelStats, setForceComposed } from './tfjs-webgpu.ts';
export { createEraDeviceKernels, type EraDeviceKernels } from './device-kernels.ts';
export { SHADER_SOURCES } from './kernels.ts';

/** The same three functions (and their VJPs) on plain arrays in float64, on the CPU. */
export const reference = referenceImpl;
