import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastCpuConvFilterGrad } from '../../src/classify/cpu-conv-filter-grad.ts';

describe('fast CPU Conv2DBackpropFilter', () => {
  let original: ReturnType<typeof installFastCpuConvFilterGrad>;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    original = installFastCpuConvFilterGrad();
  });

  it('matches TF.js’s own kernel for strides 1/2, same/valid padding, 1×1 and 3×3 filters', async () => {
    expect(original).toBeTypeOf('function');
    const cases: Array<{ x: [number, number, number, number]; f: [number, number, number, number]; s: number; pad: 'same' | 'valid' }> = [
      { x: [2, 9, 9, 3], f: [3, 3, 3, 4], s: 1, pad: 'same' },
      { x: [2, 8, 8, 3], f: [3, 3, 3, 5], s: 2, pad: 'same' },
      { x: [1, 7, 6, 2], f: [3, 3, 2, 3], s: 1, pad: 'valid' },
      { x: [3, 8, 8, 4], f: [1, 1, 4, 6], s: 2, pad: 'same' },
    ];
    for (const c of cases) {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal(c.f, 0, 1, 'float32', 2) as tf.Tensor4D;
      const dy = tf.randomNormal(tf.conv2d(x, w, c.s, c.pad).shape, 0, 1, 'float32', 3) as tf.Tensor4D;
      const got = await tf
        .grad((ww: tf.Tensor) =>
          tf
            .conv2d(x, ww as tf.Tensor4D, c.s, c.pad)
            .mul(dy)
            .sum(),
        )(w)
        .data();
      const attrs = { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: c.f };
      const backend = tf.backend();
      const ref = original!({ inputs: { x, dy }, backend, attrs: attrs as never }) as tf.TensorInfo;
      const want = await tf.engine().makeTensorFromTensorInfo(ref).data();
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * (1 + Math.abs(want[i])));
      tf.dispose([x, w, dy]);
    }
  });
});
