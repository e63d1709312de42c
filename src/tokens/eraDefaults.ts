// ERA.md's defaults for the token variant, in a module without TF.js so the CLI can read them before it
// installs WebGPU (TF.js registers its WebGPU backend only if navigator.gpu exists when it loads).
import type { TokenEraOptions } from '../era/index.ts';

export const DEFAULT_ERA: Required<TokenEraOptions> = { k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true };
