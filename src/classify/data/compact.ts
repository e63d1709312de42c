// The compact same-origin form of CIFAR-10 the page loads (written by `npm run data:cifar10`):
// meta.json plus four raw byte files, images already NHWC so they upload without reshuffling.
// DOM-free: the page's worker fetches it, the Node runner reads it from disk.
import { type ImageDataset, type ImageSplit, CIFAR10_CLASS_NAMES, NUM_CLASSES, PIXELS_PER_IMAGE } from './dataset.ts';

export const COMPACT_FORMAT = 'era-playground-cifar10';
export const COMPACT_VERSION = 1;
export const COMPACT_FILES = {
  meta: 'meta.json',
  trainImages: 'train-images.u8',
  trainLabels: 'train-labels.u8',
  testImages: 'test-images.u8',
  testLabels: 'test-labels.u8',
} as const;

export interface CompactMeta {
  format: typeof COMPACT_FORMAT;
  version: number;
  layout: 'NHWC uint8 32x32x3';
  train: number;
  test: number;
  classNames: string[];
  /** md5 of the archive it was converted from, and whether that was the official file. */
  md5: string;
  /** Converted from the Hugging Face Parquet files: SHA-256 of the decoded images and labels. */
  sha256?: string;
  checksumVerified: boolean;
}

export function compactMeta(train: ImageSplit, test: ImageSplit, md5: string, checksumVerified: boolean, sha256?: string): CompactMeta {
  return {
    format: COMPACT_FORMAT,
    version: COMPACT_VERSION,
    layout: 'NHWC uint8 32x32x3',
    train: train.count,
    test: test.count,
    classNames: [...CIFAR10_CLASS_NAMES],
    md5,
    ...(sha256 ? { sha256 } : {}),
    checksumVerified,
  };
}

export interface CompactBytes {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

function checkSplit(name: string, images: Uint8Array, labels: Uint8Array, count: number): ImageSplit {
  if (images.length !== count * PIXELS_PER_IMAGE || labels.length !== count) {
    throw new Error(
      `CIFAR-10 ${name} files do not match meta.json (${count} images expected, got ${images.length} image bytes and ${labels.length} labels); rerun npm run data:cifar10`,
    );
  }
  if (labels.some((l) => l >= NUM_CLASSES)) throw new Error(`CIFAR-10 ${name} labels hold values outside 0–9`);
  return { images, labels, count };
}

export function datasetFromCompact(meta: CompactMeta, bytes: CompactBytes): ImageDataset {
  if (meta.format !== COMPACT_FORMAT || meta.version !== COMPACT_VERSION) {
    throw new Error(`unknown CIFAR-10 data format ${meta.format} v${meta.version}; rerun npm run data:cifar10`);
  }
  return {
    name: 'cifar10',
    synthetic: false,
    classNames: meta.classNames,
    train: checkSplit('train', bytes.trainImages, bytes.trainLabels, meta.train),
    test: checkSplit('test', bytes.testImages, bytes.testLabels, meta.test),
  };
}

/**
 * Loads the compact files from a URL prefix (the page: `./data/cifar10/`); null when they are not served.
 * `onProgress` gets the bytes received against the exact total that meta.json implies.
 */
export async function fetchCompactDataset(
  baseUrl: string,
  fetchFn: typeof fetch = fetch,
  onProgress?: (received: number, total: number) => void,
): Promise<ImageDataset | null> {
  const url = (f: string) => new URL(f, baseUrl).toString();
  const metaResponse = await fetchFn(url(COMPACT_FILES.meta)).catch(() => null);
  if (!metaResponse || !metaResponse.ok) return null;
  let meta: CompactMeta;
  try {
    meta = (await metaResponse.json()) as CompactMeta;
  } catch {
    return null; // a dev server's HTML fallback page, not our meta.json
  }
  const total = (meta.train + meta.test) * (PIXELS_PER_IMAGE + 1);
  let received = 0;
  onProgress?.(0, total);
  const get = async (f: string) => {
    const r = await fetchFn(url(f));
    if (!r.ok) throw new Error(`could not load ${f}: HTTP ${r.status}`);
    if (!r.body || !onProgress) return new Uint8Array(await r.arrayBuffer());
    const parts: Uint8Array[] = [];
    const reader = r.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      onProgress(received, total);
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let pos = 0;
    for (const p of parts) {
      out.set(p, pos);
      pos += p.length;
    }
    return out;
  };
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    get(COMPACT_FILES.trainImages),
    get(COMPACT_FILES.trainLabels),
    get(COMPACT_FILES.testImages),
    get(COMPACT_FILES.testLabels),
  ]);
  return datasetFromCompact(meta, { trainImages, trainLabels, testImages, testLabels });
}
