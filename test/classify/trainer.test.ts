import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reference } from '../../src/era/index.ts';
import { extractFeatures } from '../../src/classify/models.ts';
import { crossEntropy } from '../../src/classify/regularizers.ts';
import { tinyData, tinyTrainer } from './trainer-helpers.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Mean cross-entropy in float64 of row-major logits against labels with targets (1−ε)·y + ε/K. */
function handLoss(logits: ArrayLike<number>, labels: number[], k: number, eps: number): number {
  let total = 0;
  for (let r = 0; r < labels.length; r++) {
    const row = Array.from({ length: k }, (_, j) => logits[r * k + j]);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    for (let j = 0; j < k; j++) total -= ((j === labels[r] ? 1 - eps : 0) + eps / k) * (row[j] - lse);
  }
  return total / labels.length;
}

describe('losses of the regularizers (hand-computed on tiny inputs)', () => {
  it('cross-entropy with label smoothing', async () => {
    const logits = [2, -1, 0.5, 0, 0, 3];
    for (const eps of [0, 0.1, 0.5]) {
      const got = await crossEntropy(tf.tensor2d(logits, [2, 3]), tf.tensor1d([0, 1], 'int32'), eps).data();
      expect(got[0]).toBeCloseTo(handLoss(logits, [0, 1], 3, eps), 5);
    }
    // ε = 0.1 by hand for the first row: lse = 2 + ln(1 + e^-3 + e^-1.5).
    const lse = 2 + Math.log(1 + Math.exp(-3) + Math.exp(-1.5));
    const row0 = -((0.9 + 0.1 / 3) * (2 - lse) + (0.1 / 3) * (-1 - lse) + (0.1 / 3) * (0.5 - lse));
    expect(handLoss(logits, [0, 1], 3, 0.1) * 2 - row0).toBeCloseTo(handLoss([0, 0, 3], [1], 3, 0.1), 10);
  });

  it('each run trains on the loss of its regularizer: dropout on the head input, smoothing on targets, ERA on logits', async () => {
    const tr = tinyTrainer('ls:0.2;dropout:0.5;era:0.6;era:0.6+ls:0.1', {}, tinyData(40, 10));
    const x = tf.randomNormal([6, 32, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const labels = [0, 1, 2, 3, 4, 9];
    const y = tf.tensor1d(labels, 'int32');
    const seed = 1234;
    const cases = [
      { run: 0, eps: 0.2, p: 0, h0: null },
      { run: 1, eps: 0, p: 0.5, h0: null },
      { run: 2, eps: 0, p: 0, h0: 0.6 },
      { run: 3, eps: 0.1, p: 0, h0: 0.6 },
    ];
    for (const c of cases) {
      const model = tr.classifier(c.run);
      const got = await tf.tidy(() => tr.lossFor(c.run, x, y, seed).loss).data();
      const feats = extractFeatures(model, x, true);
      const f = await feats.data();
      const fc = feats.shape[1];
      const mask = c.p > 0 ? await tf.randomUniform(feats.shape, 0, 1, 'float32', seed).data() : null;
      const w = await model.headKernel.data();
      const b = await model.headBias.data();
      const logits = new Float64Array(6 * 10);
      for (let r = 0; r < 6; r++) {
        for (let k = 0; k < 10; k++) {
          let s = b[k];
          for (let j = 0; j < fc; j++) {
            const kept = mask ? (mask[r * fc + j] >= c.p ? 1 / (1 - c.p) : 0) : 1;
            s += f[r * fc + j] * kept * w[j * 10 + k];
          }
          logits[r * 10 + k] = s;
        }
      }
      const out = c.h0 === null ? logits : reference.eraSoftmax(logits, 6, 10, { h0: c.h0 });
      expect(Math.abs(got[0] - handLoss(out, labels, 10, c.eps))).toBeLessThan(1e-4);
      feats.dispose();
    }
    tr.dispose();
    tf.dispose([x, y]);
  });

  it('dropout and label smoothing do not change evaluation; ERA keeps the ranking but not the confidence', async () => {
    const tr = tinyTrainer('none;dropout:0.5;ls:0.3;era:0.6', {}, tinyData(40, 30));
    const [none, drop, ls, era] = await tr.evaluate('test', { keepProbabilities: 30 });
    expect(Array.from(drop.probabilities)).toEqual(Array.from(none.probabilities));
    expect(Array.from(ls.probabilities)).toEqual(Array.from(none.probabilities));
    expect(Array.from(era.predicted)).toEqual(Array.from(none.predicted));
    expect(era.minEntropy).toBeGreaterThan(none.minEntropy);
    tr.dispose();
  });
});

describe('lock-step runs', () => {
  it('share initial weights and batch order: identical configs give identical losses, step after step', async () => {
    const tr = tinyTrainer('none;none;era:0.6', { augment: true });
    expect(tr.runNames).toEqual(['none', 'none#2', 'era:0.6']);
    const w0 = await tr.classifier(0).headKernel.data();
    expect(Array.from(await tr.classifier(2).headKernel.data())).toEqual(Array.from(w0));
    const first = await tr.trainStep();
    for (let s = 0; s < 2; s++) {
      const m = s === 0 ? first : await tr.trainStep();
      expect(m.runs[1].loss).toBe(m.runs[0].loss);
      expect(m.runs[1].accuracy).toBe(m.runs[0].accuracy);
    }
    tr.dispose();
    // The same seed in a fresh trainer reproduces the first step; another seed does not.
    const again = tinyTrainer('none', { augment: true });
    expect((await again.trainStep()).runs[0].loss).toBe(first.runs[0].loss);
    again.dispose();
    const other = tinyTrainer('none', { augment: true, seed: 2 });
    expect((await other.trainStep()).runs[0].loss).not.toBe(first.runs[0].loss);
    other.dispose();
  });

  it('a diverged run stops, marked with its step and a hint, and the others go on', async () => {
    const tr = tinyTrainer('none;era:0.6');
    await tr.trainStep();
    const k = tr.classifier(1).headKernel;
    k.assign(tf.fill(k.shape, NaN));
    const m2 = await tr.trainStep();
    expect(m2.runs[1].diverged).toBe(true);
    expect(tr.divergence(1)).toMatchObject({ step: 2 });
    expect(tr.divergence(1)!.hint).toMatch(/learning rate .* too high\?/);
    expect(Number.isFinite(m2.runs[0].loss)).toBe(true);
    const m3 = await tr.trainStep();
    expect(m3.runs[0]).toMatchObject({ diverged: false, steps: 3 });
    expect(m3.runs[1]).toMatchObject({ diverged: true, steps: 1 });
    expect(m3.images).toBe(32);
    expect(tr.divergence(0)).toBeNull();
    tr.dispose();
  });

  it('does not grow the number of tensors across steps and evaluations', async () => {
    const tr = tinyTrainer('dropout:0.2;era:0.6+ls:0.1', { augment: true, weightDecay: 5e-4, optimizer: 'sgd', schedule: 'cosine', totalSteps: 10 });
    await tr.trainStep();
    await tr.evaluate('test', { limit: 50 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 8; i++) await tr.trainStep();
    await tr.evaluate('test', { limit: 50 });
    expect(tf.memory().numTensors).toBe(before);
    const held = tf.memory().numTensors;
    tr.dispose();
    expect(tf.memory().numTensors).toBeLessThan(held);
  });
});
