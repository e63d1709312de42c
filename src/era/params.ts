// ERA constants, option types and validation shared by the float64 reference, the WGSL host code and
// the TF.js ops. Every invalid option throws a RangeError that names the allowed values; nothing is clamped.
// The math is in shared/ERA.md (sections 1–3).

/** τ of the released code; ub = ln τ / τ is the largest value h(x) = −x·eˣ takes on x ≤ −ln τ. */
export const DEFAULT_TAU = 4;
export const DEFAULT_H0_CLASSIFY = 0.6;
/** ln √(2πe): the entropy of a unit-variance 1-D Gaussian. */
export const LN_SQRT_2PI_E = 0.5 * Math.log(2 * Math.PI * Math.E);

export type InverseKind = 'official' | 'exact';

export interface SoftmaxEraOptions {
  h0: number;
  tau?: number;
  inverse?: InverseKind;
}

export interface GaussianEraOptions {
  h0: number;
  delta?: number;
  logStdMin?: number;
  logStdMax?: number;
}

export interface TokenEraOptions {
  k?: number;
  omegaLow?: number;
  omegaHigh?: number;
  scaleAdvantages?: boolean;
}

/** The derived per-call constants of classification ERA. */
export interface SoftmaxEraConstants {
  d: number;
  h0: number;
  tau: number;
  ub: number;
  c: number;
  slope: number;
  b: number;
  inverse: InverseKind;
}

export interface GaussianEraConstants {
  d: number;
  h0: number;
  delta: number;
  logStdMin: number;
  logStdMax: number;
  /** k = H₀ + δ − D·ln√(2πe) − D·ln σ_max (≤ 0 when feasible). */
  k: number;
}

export interface TokenEraConstants {
  k: number;
  omegaLow: number;
  omegaHigh: number;
  scaleAdvantages: boolean;
}

function finite(name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number, got ${String(v)}`);
  return v;
}

/** The open interval of valid H₀ for D classes: (ln ub + 1, ln(D·ub) + 1). */
export function validH0Interval(d: number, tau = DEFAULT_TAU): { min: number; max: number } {
  const ub = Math.log(tau) / tau;
  return { min: Math.log(ub) + 1, max: Math.log(d * ub) + 1 };
}

export function softmaxEraConstants(d: number, opts: SoftmaxEraOptions): SoftmaxEraConstants {
  if (!Number.isInteger(d) || d < 2) throw new RangeError(`classification ERA needs D ≥ 2 classes, got D = ${d}`);
  const h0 = finite('h0', opts.h0);
  const tau = finite('tau', opts.tau ?? DEFAULT_TAU);
  if (tau <= Math.E) {
    // ub = ln τ/τ must lie below 1/e (the top of h) so that h⁻¹ stays on its lower branch.
    throw new RangeError(`tau must be > e (≈2.71828), got ${tau}`);
  }
  const inverse = opts.inverse ?? 'official';
  if (inverse !== 'official' && inverse !== 'exact') {
    throw new RangeError(`inverse must be 'official' or 'exact', got ${String(inverse)}`);
  }
  const { min, max } = validH0Interval(d, tau);
  if (!(h0 > min && h0 < max)) {
    throw new RangeError(`h0 = ${h0} is outside the valid interval (${min.toFixed(5)}, ${max.toFixed(5)}) for D = ${d}, tau = ${tau}`);
  }
  const ub = Math.log(tau) / tau;
  const c = Math.exp(h0 - 1);
  return { d, h0, tau, ub, c, slope: (d * ub - c) / (d - 1), b: (c - ub) / (d - 1), inverse };
}

/** Largest feasible H₀ + δ for D action dimensions: D·(ln σ_max + ln√(2πe)). */
export function maxGaussianTarget(d: number, logStdMax = 0): number {
  return d * (logStdMax + LN_SQRT_2PI_E);
}

export function gaussianEraConstants(d: number, opts: GaussianEraOptions): GaussianEraConstants {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`Gaussian ERA needs D ≥ 1 action dimensions, got D = ${d}`);
  const h0 = finite('h0', opts.h0);
  const delta = finite('delta', opts.delta ?? 0);
  const logStdMin = finite('logStdMin', opts.logStdMin ?? -8);
  const logStdMax = finite('logStdMax', opts.logStdMax ?? 0);
  if (delta < 0) throw new RangeError(`delta must be ≥ 0 (it compensates squashing), got ${delta}`);
  if (!(logStdMin < logStdMax)) {
    throw new RangeError(`logStdMin must be < logStdMax, got logStdMin = ${logStdMin}, logStdMax = ${logStdMax}`);
  }
  const top = maxGaussianTarget(d, logStdMax);
  if (h0 + delta > top) {
    throw new RangeError(`h0 + delta = ${h0 + delta} is infeasible for D = ${d}: it must be ≤ D·(logStdMax + ln√(2πe)) = ${top.toFixed(5)}`);
  }
  const k = h0 + delta - d * LN_SQRT_2PI_E - d * logStdMax;
  return { d, h0, delta, logStdMin, logStdMax, k };
}

export function tokenEraConstants(opts: TokenEraOptions = {}): TokenEraConstants {
  const k = finite('k', opts.k ?? 2);
  const omegaLow = finite('omegaLow', opts.omegaLow ?? 0.45);
  const omegaHigh = finite('omegaHigh', opts.omegaHigh ?? 3.0);
  if (k < 1) throw new RangeError(`k must be ≥ 1, got ${k}`);
  if (omegaLow < 0) throw new RangeError(`omegaLow must be ≥ 0 (an entropy in nats), got ${omegaLow}`);
  if (omegaLow > omegaHigh) {
    throw new RangeError(`omegaLow must be ≤ omegaHigh, got omegaLow = ${omegaLow}, omegaHigh = ${omegaHigh}`);
  }
  const scaleAdvantages = opts.scaleAdvantages ?? true;
  if (typeof scaleAdvantages !== 'boolean') throw new RangeError(`scaleAdvantages must be true or false`);
  return { k, omegaLow, omegaHigh, scaleAdvantages };
}

/** Checks per-response valid lengths: integers in [1, maxLength], one per response. */
export function validateLengths(lengths: readonly number[], responses: number, maxLength: number): void {
  if (!Array.isArray(lengths) || lengths.length !== responses) {
    throw new RangeError(`lengths must hold one entry per response (${responses}), got ${lengths?.length}`);
  }
  lengths.forEach((l, i) => {
    if (!Number.isInteger(l) || l < 1 || l > maxLength) {
      throw new RangeError(`lengths[${i}] = ${l} is out of range: each length must be an integer in [1, ${maxLength}]`);
    }
  });
}

/** Number of top token entropies averaged into H_resp for a response of L valid tokens. */
export function topCount(length: number): number {
  return Math.max(1, Math.floor(0.2 * length));
}

/** ERA's case for one response: 1 sharpen, −1 flatten, 0 keep. Thresholds are strict. */
export function tokenCase(hResp: number, advantage: number, c: TokenEraConstants): -1 | 0 | 1 {
  if (advantage > 0 && hResp < c.omegaLow) return 1;
  if (advantage > 0 && hResp > c.omegaHigh) return -1;
  return 0;
}
