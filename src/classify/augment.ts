// Data augmentation on the GPU: random crop of a 4-pixel zero-padded image (zero = the mean after
// normalisation) and random horizontal flip, both in one cropAndResize whose boxes sit exactly on the
// pixel grid (a box with x1 > x2 samples mirrored). The random draws come from the seeded JS stream, so
// all lock-step runs see the same augmented batch.
import * as tf from '@tensorflow/tfjs';
import { type UniformSource, randInt } from '../util/rng.ts';

export const AUG_PAD = 4;

export interface CropFlip {
  /** Top-left corner of the crop in the padded image, each in [0, 2·pad]. */
  oy: number;
  ox: number;
  flip: boolean;
}

export function drawCropFlips(rng: UniformSource, n: number, pad = AUG_PAD): CropFlip[] {
  return Array.from({ length: n }, () => ({ oy: randInt(rng, 2 * pad + 1), ox: randInt(rng, 2 * pad + 1), flip: rng() < 0.5 }));
}

export function cropAndFlip(x: tf.Tensor4D, params: CropFlip[], pad = AUG_PAD): tf.Tensor4D {
  const [n, h, w] = x.shape;
  if (params.length !== n) throw new RangeError(`${params.length} crop parameters for a batch of ${n}`);
  const ph = h + 2 * pad;
  const pw = w + 2 * pad;
  const boxes = new Float32Array(n * 4);
  params.forEach(({ oy, ox, flip }, i) => {
    const [x1, x2] = flip ? [ox + w - 1, ox] : [ox, ox + w - 1];
    boxes.set([oy / (ph - 1), x1 / (pw - 1), (oy + h - 1) / (ph - 1), x2 / (pw - 1)], i * 4);
  });
  return tf.tidy(() => {
    const padded = tf.pad(x, [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ]) as tf.Tensor4D;
    const boxInd = tf.tensor1d(
      Int32Array.from({ length: n }, (_, i) => i),
      'int32',
    );
    return tf.image.cropAndResize(padded, tf.tensor2d(boxes, [n, 4]), boxInd, [h, w], 'bilinear');
  });
}
