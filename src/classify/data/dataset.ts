// The in-memory image dataset every part of the lab shares: 32×32 RGB, uint8, NHWC (row-major pixels,
// interleaved channels) so a batch uploads to TF.js as-is.

export const IMAGE_SIZE = 32;
export const CHANNELS = 3;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
export const NUM_CLASSES = 10;

export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

export interface ImageSplit {
  /** count × 32 × 32 × 3 bytes, NHWC. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface ImageDataset {
  name: 'synthetic' | 'cifar10';
  /** Shown wherever the data is used: results on synthetic data are not CIFAR-10 results. */
  synthetic: boolean;
  classNames: readonly string[];
  train: ImageSplit;
  test: ImageSplit;
}

/** The first `n` examples of a split (a view, no copy). */
export function takeFirst(split: ImageSplit, n: number): ImageSplit {
  const count = Math.min(n, split.count);
  return {
    images: split.images.subarray(0, count * PIXELS_PER_IMAGE),
    labels: split.labels.subarray(0, count),
    count,
  };
}

/** Limits both splits (for quick experiments); sizes above the available count keep everything. */
export function limitDataset(ds: ImageDataset, trainSize?: number, testSize?: number): ImageDataset {
  return {
    ...ds,
    train: trainSize === undefined ? ds.train : takeFirst(ds.train, trainSize),
    test: testSize === undefined ? ds.test : takeFirst(ds.test, testSize),
  };
}
