// Parses CIFAR-10 as the Hugging Face dataset `uoft-cs/cifar10` ships it: two Parquet files
// (plain_text/train-…, plain_text/test-…), columns `img` (a struct {bytes: PNG, path}) and `label` (an
// int). One parser for the page's worker and the Node converter; only the PNG decoder differs (the page
// passes createImageBitmap/OffscreenCanvas, Node uses ./png.ts). DOM-free and Node-free. Every problem
// throws a CifarParquetError naming it; nothing partial is ever returned.
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { ParsedCifar } from './cifar-archive.ts';
import { type ImageSplit, IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from './dataset.ts';
import { decodePng } from './png.ts';

/** Where the page downloads from (a plain GET; the Hub redirects to its storage host). */
export const CIFAR10_PARQUET_BASE = 'https://huggingface.co/datasets/uoft-cs/cifar10/resolve/main/plain_text/';
export const CIFAR10_PARQUET_FILES = { train: 'train-00000-of-00001.parquet', test: 'test-00000-of-00001.parquet' } as const;
/** The dataset card's `download_size` for the two files together (shown before the user agrees). */
export const CIFAR10_PARQUET_DOWNLOAD_BYTES = 143_646_105;
export const CIFAR10_COUNTS = { train: 50_000, test: 10_000 } as const;
/**
 * SHA-256 of the decoded stream: train images (NHWC) ‖ train labels ‖ test images ‖ test labels, i.e.
 * `cat train-images.u8 train-labels.u8 test-images.u8 test-labels.u8 | sha256sum` of the converted files.
 * null: this was written where the real files could not be downloaded, so the value is not recorded
 * yet (run `npm run data:cifar10 -- --from <folder with both files>` once and put the printed hash
 * here). Until then the official download is verified by its counts and labels only.
 */
export const CIFAR10_PARQUET_SHA256: string | null = null;

export type CifarParquetProblem = 'not-parquet' | 'truncated' | 'wrong-schema' | 'damaged' | 'bad-image' | 'bad-label' | 'wrong-count' | 'checksum-mismatch';

export class CifarParquetError extends Error {
  constructor(
    readonly kind: CifarParquetProblem,
    message: string,
  ) {
    super(message);
    this.name = 'CifarParquetError';
  }
}

/** Decodes one PNG into 32×32×3 RGB bytes (row-major). */
export type PngToRgb = (png: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export const decodePngRgb: PngToRgb = (png) => {
  const { width, height, rgb } = decodePng(png);
  if (width !== IMAGE_SIZE || height !== IMAGE_SIZE) throw new Error(`image is ${width}×${height}, not 32×32`);
  return rgb;
};

export interface ParquetParseOptions {
  decode?: PngToRgb;
  /** Fraction of this file done in [0, 1]. */
  onProgress?: (fraction: number) => void;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const hasMagicAt = (b: Uint8Array, at: number) => at >= 0 && MAGIC.every((m, i) => b[at + i] === m);

function checkSchema(name: string, schema: Array<{ name: string; type?: string; num_children?: number }>): void {
  const top = new Map<string, number>();
  // Top-level columns: the children of the root, skipping each group's own children.
  for (let i = 1, skip = 0; i < schema.length; i++) {
    if (skip > 0) {
      skip += (schema[i].num_children ?? 0) - 1;
      continue;
    }
    top.set(schema[i].name, i);
    skip = schema[i].num_children ?? 0;
  }
  const img = top.get('img');
  const label = top.get('label');
  const found = [...top.keys()].join(', ');
  if (img === undefined || label === undefined) {
    throw new CifarParquetError('wrong-schema', `wrong schema: ${name} has columns (${found}), expected img and label as in uoft-cs/cifar10`);
  }
  const imgChildren = schema.slice(img + 1, img + 1 + (schema[img].num_children ?? 0));
  const bytes = imgChildren.find((c) => c.name === 'bytes');
  if (!bytes || bytes.type !== 'BYTE_ARRAY') {
    throw new CifarParquetError('wrong-schema', `wrong schema: ${name}'s img column is not a struct {bytes, path} holding PNG bytes`);
  }
  const labelType = schema[label].type;
  if (labelType !== 'INT64' && labelType !== 'INT32') {
    throw new CifarParquetError('wrong-schema', `wrong schema: ${name}'s label column is ${labelType ?? 'a group'}, expected an int`);
  }
}

/** One Parquet file (train or test) → an NHWC split, images in file order. */
export async function parseCifarParquetSplit(bytes: Uint8Array, name: string, opts: ParquetParseOptions = {}): Promise<ImageSplit> {
  const decode = opts.decode ?? decodePngRgb;
  if (!hasMagicAt(bytes, 0)) throw new CifarParquetError('not-parquet', `not a Parquet file: ${name} does not start with PAR1`);
  if (bytes.length < 12 || !hasMagicAt(bytes, bytes.length - 4)) {
    throw new CifarParquetError('truncated', `truncated: ${name} (${bytes.length} bytes) does not end with the Parquet footer; download it again`);
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw new CifarParquetError('damaged', `damaged: ${name}'s Parquet footer cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  checkSchema(name, metadata.schema);
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await parquetReadObjects({ file: buffer, metadata, columns: ['img', 'label'], utf8: false });
  } catch (e) {
    throw new CifarParquetError('damaged', `damaged: ${name}'s column data cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (rows.length !== Number(metadata.num_rows)) {
    throw new CifarParquetError('damaged', `damaged: ${name} holds ${rows.length} rows, its footer says ${metadata.num_rows}`);
  }
  const count = rows.length;
  const images = new Uint8Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  const BATCH = 256;
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    const decoded = await Promise.all(
      rows.slice(start, end).map(async (row, j) => {
        const k = start + j;
        const label = Number(row.label);
        if (!Number.isInteger(label) || label < 0 || label >= NUM_CLASSES) {
          throw new CifarParquetError('bad-label', `bad label: row ${k} of ${name} has label ${String(row.label)}, expected 0–9`);
        }
        labels[k] = label;
        const png = (row.img as { bytes?: unknown } | null)?.bytes;
        if (!(png instanceof Uint8Array)) throw new CifarParquetError('bad-image', `bad image: row ${k} of ${name} has no PNG bytes`);
        try {
          return await decode(png);
        } catch (e) {
          throw new CifarParquetError(
            'bad-image',
            `bad image: row ${k} of ${name} is not a decodable 32×32 PNG (${e instanceof Error ? e.message : String(e)})`,
          );
        }
      }),
    );
    decoded.forEach((rgb, j) => {
      if (rgb.length !== PIXELS_PER_IMAGE) throw new CifarParquetError('bad-image', `bad image: row ${start + j} of ${name} is not 32×32 RGB`);
      images.set(rgb, (start + j) * PIXELS_PER_IMAGE);
    });
    opts.onProgress?.(end / count);
  }
  return { images, labels, count };
}

/**
 * The hash CIFAR10_PARQUET_SHA256 records (see there), as lower-case hex; null where Web Crypto is
 * missing (a page served over plain HTTP from another machine is not a secure context).
 */
export async function pixelLabelSha256(train: ImageSplit, test: ImageSplit): Promise<string | null> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return null;
  const parts = [train.images, train.labels, test.images, test.labels];
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    all.set(p, pos);
    pos += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface ParquetPairOptions extends Omit<ParquetParseOptions, 'onProgress'> {
  /** Require the official files: 50,000 + 10,000 images and (once recorded) the SHA-256. */
  official: boolean;
  onProgress?: (fraction: number, stage: string) => void;
}

/** Both files → the parsed set the cache and the converter take. */
export async function parseCifarParquetPair(files: { train: Uint8Array; test: Uint8Array }, opts: ParquetPairOptions): Promise<ParsedCifar> {
  const { onProgress } = opts;
  const weight = files.train.length / (files.train.length + files.test.length || 1);
  const train = await parseCifarParquetSplit(files.train, 'the train file', {
    decode: opts.decode,
    onProgress: (f) => onProgress?.(f * weight, 'decoding train images'),
  });
  const test = await parseCifarParquetSplit(files.test, 'the test file', {
    decode: opts.decode,
    onProgress: (f) => onProgress?.(weight + f * (1 - weight), 'decoding test images'),
  });
  if (opts.official && (train.count !== CIFAR10_COUNTS.train || test.count !== CIFAR10_COUNTS.test)) {
    throw new CifarParquetError('wrong-count', `wrong count: ${train.count} training and ${test.count} test images, expected 50,000 and 10,000`);
  }
  onProgress?.(1, 'verifying');
  const sha256 = await pixelLabelSha256(train, test);
  if (opts.official && CIFAR10_PARQUET_SHA256 !== null && sha256 === null) {
    throw new CifarParquetError(
      'checksum-mismatch',
      'cannot verify the download: SHA-256 needs a secure context (serve the page over HTTPS or open it on localhost)',
    );
  }
  if (opts.official && CIFAR10_PARQUET_SHA256 !== null && sha256 !== CIFAR10_PARQUET_SHA256) {
    throw new CifarParquetError(
      'checksum-mismatch',
      `checksum mismatch: SHA-256 ${sha256} of the decoded images and labels is not the recorded ${CIFAR10_PARQUET_SHA256}`,
    );
  }
  return { train, test, md5: '', sha256: sha256 ?? undefined, checksumVerified: opts.official && CIFAR10_PARQUET_SHA256 !== null };
}
