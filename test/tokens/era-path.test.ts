// The GRPO+ERA loss path (eraTokens → optional top-K → log-probabilities, rescaled advantages) against
// the float64 reference, on a constructed batch that has a response in each of ERA's three cases.
// Runs on TF.js's 'cpu' backend and on 'webgpu' (Dawn), where eraTokens dispatches the WGSL kernels.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { afterAll, describe, expect, it } from 'vitest';
import { reference } from '../../src/era/index.ts';
import { policyPath } from '../../src/tokens/grpo.ts';
import { Rng } from '../../src/util/rng.ts';

const N = 4;
const T = 5;
const V = 32; // ln 32 ≈ 3.47 > ω_high = 3, so the flatten case is reachable.
const lengths = [5, 3, 4, 2];
const era = { k: 2, omegaLow: 0.45, omegaHigh: 3, scaleAdvantages: true };

/** Response 0 peaked (sharpen, A > 0), 1 near-uniform (flatten, A > 0), 2 peaked but A < 0 (keep), 3 mid. */
function batch(): { logits: Float64Array; tokens: Int32Array; adv: number[] } {
  const rng = new Rng(11);
  const logits = new Float64Array(N * T * V);
  const spread = [8, 0.05, 8, 1.5];
  const tokens = new Int32Array(N * T);
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) {
      const peak = rng.intIn(0, V - 1);
      for (let v = 0; v < V; v++) logits[(n * T + t) * V + v] = (v === peak ? spread[n] : 0) + rng.normal() * (n === 1 ? 0.05 : 0.5);
      tokens[n * T + t] = rng.intIn(0, 3) === 0 ? rng.intIn(0, V - 1) : peak;
    }
  }
  return { logits, tokens, adv: [1.2, 0.7, -0.9, 0.4] };
}

/** float64: log softmax over (the top-K of) z' at each chosen token, and d(Σ_t A'·mask·logp)/dz. */
function referencePath(topK: number, scaleAdvantages: boolean) {
  const { logits, tokens, adv } = batch();
  const r = reference.eraTokens(logits, adv, lengths, [N, T, V], { ...era, scaleAdvantages });
  const logp = new Float64Array(N * T);
  const gradZ = new Float64Array(N * T * V);
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < lengths[n]; t++) {
      const row = Array.from(r.logits.subarray((n * T + t) * V, (n * T + t + 1) * V));
      const a = tokens[n * T + t];
      const kth = [...row].sort((x, y) => y - x)[Math.min(topK || V, V) - 1];
      const inSupport = row.map((z, v) => z >= kth || v === a);
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((s, z, v) => s + (inSupport[v] ? Math.exp(z - max) : 0), 0));
      logp[n * T + t] = row[a] - lse;
      for (let v = 0; v < V; v++) {
        const p = inSupport[v] ? Math.exp(row[v] - lse) : 0;
        // ∂/∂z of A'·log p'(a) through z' = s·z: s·A'·(e_a − p').
        gradZ[(n * T + t) * V + v] = r.logitScale[n] * r.advantages[n] * ((v === a ? 1 : 0) - p);
      }
    }
  }
  return { r, logp, gradZ };
}

describe.each(['cpu', 'webgpu'])('ERA loss path on %s', (backend) => {
  afterAll(() => tf.engine().reset);

  for (const [topK, scaleAdvantages] of [
    [0, true],
    [0, false],
    [6, true],
  ] as const) {
    it(`matches reference in all three cases (topK ${topK}, scaleAdvantages ${scaleAdvantages})`, async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const { r, logp, gradZ } = referencePath(topK, scaleAdvantages);
      expect(new Set(r.case)).toEqual(new Set([-1, 0, 1]));
      const { logits, tokens, adv } = batch();
      const before = tf.memory().numTensors;
      const z = tf.tensor3d(Float32Array.from(logits), [N, T, V]);
      const tok = tf.tensor2d(tokens, [N, T], 'int32');
      const a = tf.tensor1d(adv);
      const mask = tf.tensor2d(
        Array.from({ length: N * T }, (_, i) => (i % T < lengths[Math.floor(i / T)] ? 1 : 0)),
        [N, T],
      );
      const path = policyPath(z, tok, a, lengths, { era: { ...era, scaleAdvantages }, topK });
      const grad = tf.grad((x: tf.Tensor) => {
        const p = policyPath(x as tf.Tensor3D, tok, a, lengths, { era: { ...era, scaleAdvantages }, topK });
        return tf.sum(tf.mul(tf.mul(p.logProbs, p.advantages.expandDims(1)), mask));
      })(z);
      const [gotLogp, gotAdv, gotCase, gotGrad] = await Promise.all([path.logProbs.data(), path.advantages.data(), path.case.data(), grad.data()]);
      expect(Array.from(gotCase)).toEqual(Array.from(r.case));
      for (let n = 0; n < N; n++) {
        expect(Math.abs(gotAdv[n] - r.advantages[n])).toBeLessThan(1e-5 + 1e-5 * Math.abs(r.advantages[n]));
        for (let t = 0; t < lengths[n]; t++) {
          const i = n * T + t;
          expect(Math.abs(gotLogp[i] - logp[i])).toBeLessThan(1e-5 + 1e-5 * Math.abs(logp[i]));
        }
      }
      for (let i = 0; i < gradZ.length; i++) expect(Math.abs(gotGrad[i] - gradZ[i])).toBeLessThan(1e-5 + 1e-5 * Math.abs(gradZ[i]));
      tf.dispose([z, tok, a, mask, path.logProbs, path.advantages, path.case, grad]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
