// The built-in synthetic set: 10 procedurally drawn classes of 32×32 RGB images (shapes and textures
// with random colours, position, size, phase and pixel noise). Seeded, so the lab works offline at once
// and every run of a seed sees the same images. It is NOT CIFAR-10, and the UI says so.
import { type ImageDataset, type ImageSplit, CHANNELS, IMAGE_SIZE, PIXELS_PER_IMAGE } from './dataset.ts';
import { type UniformSource, deriveSeed, gaussian, mulberry32 } from '../../util/rng.ts';

export const SYNTHETIC_CLASS_NAMES = ['disk', 'square', 'triangle', 'ring', 'h-stripes', 'v-stripes', 'diagonal', 'checker', 'plus', 'cross'] as const;

export interface SyntheticOptions {
  trainSize: number;
  testSize: number;
  seed: number;
  /** Standard deviation of the additive pixel noise, in [0, 1] intensity units. */
  noise?: number;
}

type Mask = (x: number, y: number) => boolean;

/** The class's inside-test for one image, with its random geometry drawn from `rng`. */
function classMask(label: number, rng: UniformSource): Mask {
  const cx = 16 + (rng() - 0.5) * 10;
  const cy = 16 + (rng() - 0.5) * 10;
  const r = 6 + rng() * 5;
  const period = 4 + rng() * 4;
  const phase = rng() * period;
  const bar = 2 + rng();
  switch (label) {
    case 0:
      return (x, y) => Math.hypot(x - cx, y - cy) < r;
    case 1:
      return (x, y) => Math.max(Math.abs(x - cx), Math.abs(y - cy)) < r * 0.85;
    case 2:
      return (x, y) => y - cy > -r && y - cy < r && Math.abs(x - cx) < (y - cy + r) * 0.55;
    case 3:
      return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) < 1.8;
    case 4:
      return (_x, y) => (y + phase) % period < period / 2;
    case 5:
      return (x) => (x + phase) % period < period / 2;
    case 6:
      return (x, y) => (x + y + phase) % (period * 1.4) < (period * 1.4) / 2;
    case 7: {
      const cell = period + 2;
      return (x, y) => (Math.floor((x + phase) / cell) + Math.floor((y + phase) / cell)) % 2 === 0;
    }
    case 8:
      return (x, y) => {
        const dx = Math.abs(x - cx);
        const dy = Math.abs(y - cy);
        return (dx < bar && dy < r) || (dy < bar && dx < r);
      };
    default: {
      return (x, y) => {
        const dx = Math.abs(x - cx);
        const dy = Math.abs(y - cy);
        return Math.abs(dx - dy) < bar * 0.9 && Math.max(dx, dy) < r;
      };
    }
  }
}

function drawImage(out: Uint8Array, offset: number, label: number, rng: UniformSource, noise: number): void {
  const mask = classMask(label, rng);
  // Colour carries no class information: background dark, foreground light, hues random.
  const bg = [0, 1, 2].map(() => rng() * 0.45);
  const fg = [0, 1, 2].map(() => 0.55 + rng() * 0.45);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const colour = mask(x + 0.5, y + 0.5) ? fg : bg;
      const p = offset + (y * IMAGE_SIZE + x) * CHANNELS;
      for (let c = 0; c < CHANNELS; c++) {
        const v = colour[c] + noise * gaussian(rng);
        out[p + c] = Math.round(255 * Math.min(1, Math.max(0, v)));
      }
    }
  }
}

function makeSplit(count: number, seed: number, noise: number): ImageSplit {
  const rng = mulberry32(seed);
  const images = new Uint8Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10; // balanced classes; training shuffles the order anyway
    drawImage(images, i * PIXELS_PER_IMAGE, labels[i], rng, noise);
  }
  return { images, labels, count };
}

export function makeSyntheticDataset(opts: SyntheticOptions): ImageDataset {
  const noise = opts.noise ?? 0.1;
  for (const [k, v] of [
    ['trainSize', opts.trainSize],
    ['testSize', opts.testSize],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${k} must be a positive integer, got ${v}`);
  }
  return {
    name: 'synthetic',
    synthetic: true,
    classNames: SYNTHETIC_CLASS_NAMES,
    train: makeSplit(opts.trainSize, deriveSeed(opts.seed, 'synthetic-train'), noise),
    test: makeSplit(opts.testSize, deriveSeed(opts.seed, 'synthetic-test'), noise),
  };
}
