// Float64 CPU reference of all three ERA variants, forward and backward (VJP). The kernels are tested
// against it, and the page uses it where WebGPU is absent. Plain arrays, row-major. See shared/ERA.md.
import {
  type GaussianEraOptions,
  type SoftmaxEraConstants,
  type SoftmaxEraOptions,
  type TokenEraOptions,
  LN_SQRT_2PI_E,
  gaussianEraConstants,
  softmaxEraConstants,
  tokenCase,
  tokenEraConstants,
  topCount,
  validateLengths,
} from './params.ts';

type Num = ArrayLike<number>;

function checkSize(name: string, a: Num, n: number): void {
  if (a.length !== n) throw new RangeError(`${name} has ${a.length} values, expected ${n} (shape mismatch)`);
}

// ---------------------------------------------------------------------------------------------
// Lambert W₋₁ and the two inverses of h(x) = −x·eˣ on x ≤ −1.

/** The released code's closed form: h⁻¹(y) ≈ −1 − √(2u) − 0.75u, u = −1 − ln y. */
export function inverseOfficial(y: number): number {
  const u = -1 - Math.log(y);
  return -1 - Math.sqrt(2 * u) - 0.75 * u;
}

/** dz'/dy of the closed form: (1/√(2u) + 0.75)/y. */
export function inverseOfficialDerivative(y: number): number {
  const u = -1 - Math.log(y);
  return (1 / Math.sqrt(2 * u) + 0.75) / y;
}

/**
 * W₋₁(−y) for 0 < y < 1/e, by Newton's method on the log form w + ln(−w) = ln y, which stays well
 * conditioned for tiny y (no underflowing eʷ). The closed form is the starting guess.
 */
export function lambertWm1OfMinus(y: number): number {
  if (!(y > 0)) return y === 0 ? -Infinity : NaN;
  const target = Math.log(y);
  let w = Math.min(inverseOfficial(y), -1 - 1e-9);
  for (let i = 0; i < 60; i++) {
    const f = w + Math.log(-w) - target;
    const step = (f * w) / (w + 1);
    w -= step;
    if (w >= -1) w = -1 - 1e-12;
    if (Math.abs(step) <= 1e-15 * Math.abs(w)) break;
  }
  return w;
}

export function inverseExact(y: number): number {
  return lambertWm1OfMinus(y);
}

/** dz'/dy of the exact inverse: W/(y(1+W)). */
export function inverseExactDerivative(y: number): number {
  const w = lambertWm1OfMinus(y);
  return w / (y * (1 + w));
}

// ---------------------------------------------------------------------------------------------
// Softmax helpers.

/** Max-subtracted softmax of row r (−∞ entries get p = 0; NaN/+∞ propagate as in softmax). */
function softmaxRow(z: Num, offset: number, d: number, out: Float64Array): void {
  let m = -Infinity;
  for (let i = 0; i < d; i++) m = Math.max(m, z[offset + i]);
  let s = 0;
  for (let i = 0; i < d; i++) {
    const e = Math.exp(z[offset + i] - m);
    out[i] = e;
    s += e;
  }
  for (let i = 0; i < d; i++) out[i] /= s;
}

/** Entropy (nats) of softmax of each row of a [rows × d] array. */
export function softmaxEntropy(z: Num, rows: number, d: number, offset = 0): Float64Array {
  const out = new Float64Array(rows);
  const p = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    softmaxRow(z, offset + r * d, d, p);
    let h = 0;
    for (let i = 0; i < d; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
    out[r] = h;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 1. Classification ERA.

export interface SoftmaxEraForward {
  /** z' − min_j z'_j per row (what the op returns). */
  output: Float64Array;
  /** z' before the shift. */
  unshifted: Float64Array;
  /** softmax(z), kept for the backward pass. */
  p: Float64Array;
  constants: SoftmaxEraConstants;
}

export function eraSoftmaxForward(z: Num, rows: number, d: number, opts: SoftmaxEraOptions): SoftmaxEraForward {
  const c = softmaxEraConstants(d, opts);
  checkSize('logits', z, rows * d);
  const inv = c.inverse === 'exact' ? inverseExact : inverseOfficial;
  const p = new Float64Array(rows * d);
  const unshifted = new Float64Array(rows * d);
  const output = new Float64Array(rows * d);
  const row = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    softmaxRow(z, r * d, d, row);
    let mn = Infinity;
    for (let i = 0; i < d; i++) {
      const v = inv(c.slope * row[i] + c.b);
      p[r * d + i] = row[i];
      unshifted[r * d + i] = v;
      mn = Math.min(mn, v);
    }
    for (let i = 0; i < d; i++) output[r * d + i] = unshifted[r * d + i] - mn;
  }
  return { output, unshifted, p, constants: c };
}

/** The op's public form: returns z' shifted so each row's minimum is 0. */
export function eraSoftmax(z: Num, rows: number, d: number, opts: SoftmaxEraOptions): Float64Array {
  return eraSoftmaxForward(z, rows, d, opts).output;
}

/** VJP: ∂L/∂z given G = ∂L/∂z' (the row-min shift is treated as a constant, as in the released code). */
export function eraSoftmaxBackward(z: Num, grad: Num, rows: number, d: number, opts: SoftmaxEraOptions): Float64Array {
  const c = softmaxEraConstants(d, opts);
  checkSize('logits', z, rows * d);
  checkSize('grad', grad, rows * d);
  const dInv = c.inverse === 'exact' ? inverseExactDerivative : inverseOfficialDerivative;
  const out = new Float64Array(rows * d);
  const p = new Float64Array(d);
  const v = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    softmaxRow(z, r * d, d, p);
    let pv = 0;
    for (let i = 0; i < d; i++) {
      v[i] = grad[r * d + i] * c.slope * dInv(c.slope * p[i] + c.b);
      pv += p[i] * v[i];
    }
    for (let i = 0; i < d; i++) out[r * d + i] = p[i] * (v[i] - pv);
  }
  return out;
}

/** The smallest entropy ERA can output for D classes: the one-hot input's (shared/ERA.md's floor table). */
export function softmaxEraEntropyFloor(d: number, opts: SoftmaxEraOptions): number {
  const z = new Float64Array(d).fill(-Infinity);
  z[0] = 0;
  const out = eraSoftmax(z, 1, d, opts);
  return softmaxEntropy(out, 1, d)[0];
}

// ---------------------------------------------------------------------------------------------
// 2. Gaussian-policy ERA.

export interface GaussianEraForward {
  mu: Float64Array;
  logStd: Float64Array;
  /** Gaussian entropy Σ ln σ' + D·ln√(2πe) per row. */
  entropy: Float64Array;
  /** 1 where ln σ' was clipped to a bound (no gradient there). */
  clipped: Uint8Array;
}

export function eraGaussianForward(mu: Num, sigmaHat: Num, rows: number, d: number, opts: GaussianEraOptions): GaussianEraForward {
  const c = gaussianEraConstants(d, opts);
  checkSize('mu', mu, rows * d);
  checkSize('sigmaHat', sigmaHat, rows * d);
  const logStd = new Float64Array(rows * d);
  const clipped = new Uint8Array(rows * d);
  const entropy = new Float64Array(rows);
  const p = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    softmaxRow(sigmaHat, r * d, d, p);
    let h = d * LN_SQRT_2PI_E;
    for (let i = 0; i < d; i++) {
      const raw = c.logStdMax + c.k * p[i];
      const v = Math.min(Math.max(raw, c.logStdMin), c.logStdMax);
      logStd[r * d + i] = v;
      clipped[r * d + i] = raw > c.logStdMin && raw < c.logStdMax ? 0 : 1;
      h += v;
    }
    entropy[r] = h;
  }
  return { mu: Float64Array.from(mu), logStd, entropy, clipped };
}

export function eraGaussian(mu: Num, sigmaHat: Num, rows: number, d: number, opts: GaussianEraOptions): { mu: Float64Array; logStd: Float64Array } {
  const f = eraGaussianForward(mu, sigmaHat, rows, d, opts);
  return { mu: f.mu, logStd: f.logStd };
}

/** VJP w.r.t. σ̂ given G = ∂L/∂ln σ' (μ's gradient passes through unchanged). */
export function eraGaussianBackward(sigmaHat: Num, gradLogStd: Num, rows: number, d: number, opts: GaussianEraOptions): Float64Array {
  const c = gaussianEraConstants(d, opts);
  checkSize('sigmaHat', sigmaHat, rows * d);
  checkSize('grad', gradLogStd, rows * d);
  const out = new Float64Array(rows * d);
  const p = new Float64Array(d);
  const v = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    softmaxRow(sigmaHat, r * d, d, p);
    let pv = 0;
    for (let i = 0; i < d; i++) {
      const raw = c.logStdMax + c.k * p[i];
      const inside = raw > c.logStdMin && raw < c.logStdMax;
      v[i] = inside ? gradLogStd[r * d + i] * c.k : 0;
      pv += p[i] * v[i];
    }
    for (let i = 0; i < d; i++) out[r * d + i] = p[i] * (v[i] - pv);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3. Token-policy ERA (GRPO).

export interface TokenEraResult {
  logits: Float64Array;
  advantages: Float64Array;
  responseEntropy: Float64Array;
  case: Int32Array;
  /** The factor each response's logits were multiplied by (k, 1/k or 1). */
  logitScale: Float64Array;
}

/** H_resp from per-token entropies of one response: mean of its top max(1, ⌊0.2·L⌋) values. */
export function responseEntropyFromTokens(tokenEntropies: Num, length = tokenEntropies.length): number {
  const sorted = Array.from({ length }, (_, i) => tokenEntropies[i]).sort((a, b) => b - a);
  const n = topCount(length);
  let s = 0;
  for (let i = 0; i < n; i++) s += sorted[i];
  return s / n;
}

export function eraTokens(
  logits: Num,
  advantages: Num,
  lengths: readonly number[],
  shape: readonly [responses: number, length: number, vocab: number],
  opts: TokenEraOptions = {},
): TokenEraResult {
  const [n, t, v] = shape;
  const c = tokenEraConstants(opts);
  checkSize('logits', logits, n * t * v);
  checkSize('advantages', advantages, n);
  validateLengths(lengths, n, t);
  const out = Float64Array.from(logits);
  const advOut = new Float64Array(n);
  const hResp = new Float64Array(n);
  const cases = new Int32Array(n);
  const scale = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const len = lengths[r];
    const tokenH = softmaxEntropy(logits, len, v, r * t * v);
    hResp[r] = responseEntropyFromTokens(tokenH, len);
    const kase = tokenCase(hResp[r], advantages[r], c);
    cases[r] = kase;
    const s = kase === 1 ? c.k : kase === -1 ? 1 / c.k : 1;
    scale[r] = s;
    for (let i = r * t * v; i < (r * t + len) * v; i++) out[i] = logits[i] * s;
    advOut[r] = c.scaleAdvantages && kase !== 0 ? advantages[r] / s : advantages[r];
  }
  return { logits: out, advantages: advOut, responseEntropy: hResp, case: cases, logitScale: scale };
}

/** VJP of eraTokens' logits output w.r.t. its logits input (the case is piecewise constant). */
export function eraTokensBackward(
  gradLogits: Num,
  logitScale: Num,
  lengths: readonly number[],
  shape: readonly [responses: number, length: number, vocab: number],
): Float64Array {
  const [n, t, v] = shape;
  checkSize('grad', gradLogits, n * t * v);
  const out = Float64Array.from(gradLogits);
  for (let r = 0; r < n; r++) {
    for (let i = r * t * v; i < (r * t + lengths[r]) * v; i++) out[i] = gradLogits[i] * logitScale[r];
  }
  return out;
}
