// The augmentation runs on the GPU in the page: check it on TF.js's WebGPU backend (Dawn) and on 'cpu'.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';
import { cropAndFlip, drawCropFlips } from '../../src/classify/augment.ts';
import { mulberry32 } from '../../src/util/rng.ts';

async function check(backend: string) {
  await tf.setBackend(backend);
  const [n, h, w, c] = [3, 8, 8, 2];
  const values = Float32Array.from({ length: n * h * w * c }, (_, i) => (i % 97) + 1);
  const x = tf.tensor4d(values, [n, h, w, c]);
  const params = [
    { oy: 0, ox: 0, flip: false },
    { oy: 4, ox: 1, flip: true },
    { oy: 8, ox: 8, flip: false },
  ];
  const out = cropAndFlip(x, params);
  const got = await out.data();
  for (const [b, { oy, ox, flip }] of params.entries()) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        for (let ch = 0; ch < c; ch++) {
          const sy = y + oy - 4;
          const sx = (flip ? w - 1 - xx : xx) + ox - 4;
          const want = sy >= 0 && sy < h && sx >= 0 && sx < w ? values[((b * h + sy) * w + sx) * c + ch] : 0;
          expect(got[((b * h + y) * w + xx) * c + ch]).toBeCloseTo(want, 3);
        }
      }
    }
  }
  tf.dispose([x, out]);
}

describe('GPU augmentation (random crop with 4-pixel padding + horizontal flip)', () => {
  it('crops and flips exactly on the webgpu backend', async () => check('webgpu'));
  it('crops and flips exactly on the cpu backend', async () => check('cpu'));
  it('draws offsets in [0, 8] and both flip states from a seed, reproducibly', () => {
    const a = drawCropFlips(mulberry32(5), 200);
    expect(drawCropFlips(mulberry32(5), 200)).toEqual(a);
    expect(Math.min(...a.map((p) => Math.min(p.ox, p.oy)))).toBe(0);
    expect(Math.max(...a.map((p) => Math.max(p.ox, p.oy)))).toBe(8);
    expect(new Set(a.map((p) => p.flip)).size).toBe(2);
  });
});
