import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticDataset } from '../../src/classify/data/synthetic.ts';
import { decimate, histogram, summarizePredictions } from '../../src/classify/metrics.ts';
import { buildClassifier, disposeClassifier, extractFeatures, head, parameterCount } from '../../src/classify/models.ts';
import { formatRegularizer, parseRegularizer, parseRunSpecs, regularizerKind } from '../../src/classify/regularizers.ts';
import { tinyTrainer } from './trainer-helpers.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('models', () => {
  it('ResNet-20 has the CIFAR layout: 19 convolutions + 2 projection shortcuts, 64 features, ≈0.27 M parameters', () => {
    const m = buildClassifier({ kind: 'resnet20', seed: 1 });
    const convs = m.features.layers.filter((l) => l.getClassName() === 'Conv2D');
    const bns = m.features.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    expect(convs).toHaveLength(21);
    expect(bns).toHaveLength(21);
    expect(m.features.outputs[0].shape).toEqual([null, 64]);
    expect(parameterCount(m)).toBeGreaterThan(260_000);
    expect(parameterCount(m)).toBeLessThan(290_000);
    disposeClassifier(m);
  });

  it('a narrow ResNet-20 trains a step with finite loss', async () => {
    const tr = tinyTrainer('none;era:0.6', { model: 'resnet20', width: 2, batchSize: 8 }, makeSyntheticDataset({ trainSize: 16, testSize: 8, seed: 4 }));
    const m = await tr.trainStep();
    for (const r of m.runs) expect(Number.isFinite(r.loss)).toBe(true);
    const x = tf.zeros([3, 32, 32, 3]) as tf.Tensor4D;
    const logits = tf.tidy(() => head(tr.classifier(0), extractFeatures(tr.classifier(0), x, false)));
    expect(logits.shape).toEqual([3, 10]);
    tf.dispose([x, logits]);
    tr.dispose();
  });

  it('the same seed gives the same initial weights; another seed does not', async () => {
    const a = buildClassifier({ kind: 'cnn', width: 4, seed: 9 });
    const b = buildClassifier({ kind: 'cnn', width: 4, seed: 9 });
    const c = buildClassifier({ kind: 'cnn', width: 4, seed: 10 });
    const w = async (m: typeof a) => Array.from(await m.trainable[0].data());
    expect(await w(b)).toEqual(await w(a));
    expect(await w(c)).not.toEqual(await w(a));
    [a, b, c].forEach(disposeClassifier);
  });
});

describe('run specs', () => {
  it('parses, names and rejects as documented', () => {
    expect(parseRunSpecs('none; ls:0.1 ;era:0.6+dropout:0.2').map((r) => [r.name, regularizerKind(r.regularizer)])).toEqual([
      ['none', 'none'],
      ['ls:0.1', 'ls'],
      ['era:0.6+dropout:0.2', 'era+dropout'],
    ]);
    expect(parseRegularizer('era:0.6+ls:0.1')).toEqual({ labelSmoothing: 0.1, dropout: 0, eraH0: 0.6 });
    // The released code's dropout baseline carries label smoothing 0.1 too (issue #14).
    const dls = parseRegularizer('dropout:0.2+ls:0.1');
    expect(dls).toEqual({ labelSmoothing: 0.1, dropout: 0.2, eraH0: null });
    expect([regularizerKind(dls), formatRegularizer(dls)]).toEqual(['dropout+ls', 'dropout:0.2+ls:0.1']);
    for (const bad of ['ls:0.6', 'dropout:0.8', 'era:2.3', 'era:-0.1', 'era:0.6+ls:0.1+dropout:0.1', 'era:0.6+era:0.7', 'l2:0.1', 'era:']) {
      expect(() => parseRegularizer(bad), bad).toThrow(RangeError);
    }
  });
});

describe('evaluation metrics', () => {
  it('accuracy, entropy, ECE, reliability and confusion on hand-made predictions', () => {
    // 4 examples, 2 classes: confident right, confident wrong, uniform, 0.7 right.
    const probs = new Float32Array([1, 0, 0.95, 0.05, 0.5, 0.5, 0.3, 0.7]);
    const s = summarizePredictions(probs, new Uint8Array([0, 1, 0, 1]), 2, 10);
    expect(s.accuracy).toBe(0.75);
    expect(s.minEntropy).toBe(0);
    expect(s.maxEntropy).toBeCloseTo(Math.log(2), 6);
    expect(s.entropies[1]).toBeCloseTo(-(0.95 * Math.log(0.95) + 0.05 * Math.log(0.05)), 6);
    expect(s.confusion).toEqual([
      [2, 0],
      [1, 1],
    ]);
    // Bins: conf 1.0 → bin 9 (acc 1), 0.95 → bin 9 (acc 0), 0.5 → bin 5 (acc 1), 0.7 → bin 7 (acc 1).
    const bin9 = s.reliability[9];
    expect(bin9.count).toBe(2);
    expect(bin9.accuracy).toBe(0.5);
    const ece = (2 / 4) * Math.abs(0.5 - 0.975) + (1 / 4) * Math.abs(1 - 0.5) + (1 / 4) * Math.abs(1 - 0.7);
    expect(s.ece).toBeCloseTo(ece, 6);
  });

  it('histogram and decimation', () => {
    expect(histogram([0, 0.1, 0.5, 0.99, 1, 5, NaN], 2, 0, 1)).toEqual([2, 4]);
    const pts = Array.from({ length: 5000 }, (_, i) => i);
    const d = decimate(pts, 1000);
    expect(d).toHaveLength(1000);
    expect(d[0]).toBe(0);
    expect(d.at(-1)).toBe(4999);
    expect(decimate([1, 2], 1000)).toEqual([1, 2]);
  });
});
