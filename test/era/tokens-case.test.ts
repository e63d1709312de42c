// Token ERA's case selection on constructed responses: all three cases, negative advantages, the
// exact thresholds (strict comparisons), the top-⌊L/5⌋ mean over each response's valid length.
import { beforeAll, describe, expect, it } from 'vitest';
import { createEraDeviceKernels, type EraDeviceKernels } from '../../src/era/device-kernels.ts';
import { requestGpu } from '../../src/gpu/device.ts';
import { reference } from '../../src/era/index.ts';

const V = 8;
/** A token whose distribution is uniform over `support` of the V entries (entropy ln support). */
function token(support: number): number[] {
  return Array.from({ length: V }, (_, i) => (i < support ? 0 : -Infinity));
}
function response(supports: number[], t: number): number[] {
  const rows = supports.map(token);
  while (rows.length < t) rows.push(Array.from({ length: V }, (_, i) => i * 3)); // padding: must be ignored
  return rows.flat();
}

let k: EraDeviceKernels;
beforeAll(async () => {
  k = createEraDeviceKernels((await requestGpu()).device);
});

describe('token ERA case selection (WGSL)', () => {
  it('sharpens, keeps and flattens by H_resp and the sign of A; padding positions never count', async () => {
    const t = 10;
    // Response entropies: ln1 = 0 (sharpen), ln4 ≈ 1.386 (keep), ln8 ≈ 2.079 (flatten with ω_high = 2).
    const logits = [response([1, 1, 1, 1, 1], t), response([4, 4, 4, 4, 4], t), response([8, 8, 8, 8, 8], t), response([1, 1, 1, 1, 1], t)].flat();
    const adv = [1, 1, 2, -1];
    const opts = { k: 2, omegaLow: 0.45, omegaHigh: 2 };
    const r = await k.tokens(logits, adv, [5, 5, 5, 5], [4, t, V], opts);
    expect(Array.from(r.case)).toEqual([1, 0, -1, 0]);
    expect(r.responseEntropy[0]).toBeCloseTo(0, 6);
    expect(r.responseEntropy[1]).toBeCloseTo(Math.log(4), 5);
    expect(r.responseEntropy[2]).toBeCloseTo(Math.log(8), 5);
    expect(Array.from(r.advantages)).toEqual([0.5, 1, 4, -1]);
    // Valid positions scaled by k, 1 or 1/k; the padding (positions 5..9) left exactly as it was.
    for (const [resp, s] of [
      [0, 2],
      [1, 1],
      [2, 0.5],
      [3, 1],
    ] as const) {
      for (let pos = 0; pos < t; pos++) {
        for (let i = 0; i < V; i++) {
          const at = (resp * t + pos) * V + i;
          expect(r.logits[at]).toBe(pos < 5 ? Math.fround(logits[at] * s) : logits[at]);
        }
      }
    }
  });

  it('H_resp is the mean of the top max(1, ⌊L/5⌋) token entropies of the valid length', async () => {
    const t = 12;
    // L = 10 → top 2: entropies ln8, ln4 among lower ones → (ln8 + ln4)/2; L = 4 → top 1.
    const a = response([1, 2, 8, 1, 4, 2, 1, 1, 2, 1], t);
    const b = response([2, 1, 8, 1], t); // position 2 holds the max; positions ≥ 4 are padding
    const r = await k.tokens([...a, ...b], [0, 0], [10, 4], [2, t, V], {});
    expect(r.responseEntropy[0]).toBeCloseTo((Math.log(8) + Math.log(4)) / 2, 5);
    expect(r.responseEntropy[1]).toBeCloseTo(Math.log(8), 5);
    expect(reference.responseEntropyFromTokens([0, Math.log(2), Math.log(8), 0, Math.log(4), 1e-9, 0, 0, 0, 0])).toBeCloseTo(
      (Math.log(8) + Math.log(4)) / 2,
      12,
    );
  });

  it('thresholds are strict: H_resp exactly at ω_low or ω_high keeps', async () => {
    const t = 5;
    const logits = response([3, 3, 3, 3, 3], t);
    const first = await k.tokens(logits, [1], [5], [1, t, V], {});
    const h = first.responseEntropy[0]; // the float32 value the kernel compares
    const up = (x: number) => {
      const f = new Float32Array([x]);
      new Int32Array(f.buffer)[0] += x >= 0 ? 1 : -1;
      return f[0];
    };
    const down = (x: number) => {
      const f = new Float32Array([x]);
      new Int32Array(f.buffer)[0] -= x >= 0 ? 1 : -1;
      return f[0];
    };
    const caseAt = async (omegaLow: number, omegaHigh: number) => (await k.tokens(logits, [1], [5], [1, t, V], { omegaLow, omegaHigh })).case[0];
    expect(await caseAt(h, 10)).toBe(0); // H_resp = ω_low: not below
    expect(await caseAt(up(h), 10)).toBe(1); // one float step above: sharpen
    expect(await caseAt(0, h)).toBe(0); // H_resp = ω_high: not above
    expect(await caseAt(0, down(h))).toBe(-1); // one float step below: flatten
    expect(await caseAt(h, h)).toBe(0);
  });

  it('advantage rescaling can be switched off', async () => {
    const logits = response([1, 1], 2);
    const on = await k.tokens(logits, [3], [2], [1, 2, V], { k: 3 });
    const off = await k.tokens(logits, [3], [2], [1, 2, V], { k: 3, scaleAdvantages: false });
    expect(on.case[0]).toBe(1);
    expect(off.case[0]).toBe(1);
    expect(on.advantages[0]).toBe(1);
    expect(off.advantages[0]).toBe(3);
    expect(Array.from(on.logits)).toEqual(Array.from(off.logits));
  });
});
