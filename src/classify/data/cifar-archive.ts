// Parses the official CIFAR-10 binary release (`cifar-10-binary.tar.gz`): gzip → tar → data_batch_1..5.bin
// and test_batch.bin, each a run of 3,073-byte records (1 label byte, then 1,024 R, 1,024 G, 1,024 B
// bytes, row-major). Pure and DOM-free: used by the Node converter and by the page's parsing worker.
// Every problem throws a CifarArchiveError whose `kind` and message say which problem it is.
import { Gunzip } from 'fflate';
import { md5 } from 'js-md5';
import { type ImageSplit, CHANNELS, IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from './dataset.ts';

export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';
export const RECORD_BYTES = 1 + PIXELS_PER_IMAGE;
export const TRAIN_MEMBERS = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const TEST_MEMBER = 'test_batch.bin';

export type CifarArchiveProblem = 'bad-gzip' | 'not-tar' | 'missing-members' | 'wrong-record-size' | 'bad-label' | 'checksum-mismatch';

export class CifarArchiveError extends Error {
  constructor(
    readonly kind: CifarArchiveProblem,
    message: string,
  ) {
    super(message);
    this.name = 'CifarArchiveError';
  }
}

export interface ParsedCifar {
  train: ImageSplit;
  test: ImageSplit;
  /** md5 of the archive ('' for the Parquet files, which record `sha256` instead). */
  md5: string;
  /** SHA-256 of the decoded images and labels (the Parquet path; see cifar-parquet.ts). */
  sha256?: string;
  checksumVerified: boolean;
}

export interface ParseOptions {
  /** Accept an archive of the same format that is not the official file (a subset, a fixture). */
  skipChecksum?: boolean;
  /** Fraction done in [0, 1] and what is happening. */
  onProgress?: (fraction: number, stage: string) => void;
}

const CHUNK = 1 << 20;

function gunzip(bytes: Uint8Array, onProgress?: ParseOptions['onProgress']): Uint8Array {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new CifarArchiveError('bad-gzip', 'bad gzip: the file does not start with the gzip signature (1f 8b); is it cifar-10-binary.tar.gz?');
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  const stream = new Gunzip((chunk) => {
    parts.push(chunk);
    total += chunk.length;
  });
  try {
    for (let off = 0; off < bytes.length; off += CHUNK) {
      const end = Math.min(bytes.length, off + CHUNK);
      stream.push(bytes.subarray(off, end), end === bytes.length);
      onProgress?.(0.1 + (0.7 * end) / bytes.length, 'decompressing');
    }
  } catch (err) {
    throw new CifarArchiveError('bad-gzip', `bad gzip: the data is corrupt or truncated (${err instanceof Error ? err.message : String(err)})`);
  }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

function readString(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return new TextDecoder().decode(block.subarray(start, end));
}

function readOctal(block: Uint8Array, start: number, length: number): number {
  const s = readString(block, start, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function headerChecksumOk(header: Uint8Array): boolean {
  const stored = readOctal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return stored === sum;
}

/** Regular-file members of a (ustar/GNU) tar, keyed by base name; data are views into `tar`. */
export function readTarMembers(tar: Uint8Array): Map<string, Uint8Array> {
  const members = new Map<string, Uint8Array>();
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    if (!headerChecksumOk(header)) {
      throw new CifarArchiveError('not-tar', `not a tar archive: bad header checksum at byte ${off} of the decompressed data`);
    }
    const size = readOctal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = readString(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${readString(header, 0, 100)}` : readString(header, 0, 100));
    const dataStart = off + 512;
    if (dataStart + size > tar.length) {
      throw new CifarArchiveError('not-tar', `not a tar archive: member "${name}" runs past the end of the data (truncated?)`);
    }
    const data = tar.subarray(dataStart, dataStart + size);
    longName = undefined;
    if (type === 'L') longName = readString(data, 0, data.length);
    else if (type === '0' || type === '7') members.set(name.split('/').pop()!, data);
    off = dataStart + Math.ceil(size / 512) * 512;
  }
  if (off === 0) throw new CifarArchiveError('not-tar', 'not a tar archive: the decompressed data holds no tar header');
  return members;
}

/** Records (label + CHW planes) → an NHWC split; checks the record size and the labels. */
export function recordsToSplit(members: Array<{ name: string; data: Uint8Array }>): ImageSplit {
  for (const { name, data } of members) {
    if (data.length === 0 || data.length % RECORD_BYTES !== 0) {
      throw new CifarArchiveError(
        'wrong-record-size',
        `wrong record size: ${name} has ${data.length} bytes, not a whole number of ${RECORD_BYTES}-byte records (1 label + 3072 pixels)`,
      );
    }
  }
  const count = members.reduce((n, m) => n + m.data.length / RECORD_BYTES, 0);
  const images = new Uint8Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  let k = 0;
  for (const { name, data: p } of members) {
    for (let r = 0; r < p.length; r += RECORD_BYTES, k++) {
      const label = p[r];
      if (label >= NUM_CLASSES) {
        throw new CifarArchiveError('bad-label', `bad label: record ${r / RECORD_BYTES} of ${name} has label ${label}, expected 0–9`);
      }
      labels[k] = label;
      const base = k * PIXELS_PER_IMAGE;
      for (let i = 0; i < plane; i++) {
        for (let c = 0; c < CHANNELS; c++) images[base + i * CHANNELS + c] = p[r + 1 + c * plane + i];
      }
    }
  }
  return { images, labels, count };
}

function md5Hex(bytes: Uint8Array): string {
  const h = md5.create();
  for (let off = 0; off < bytes.length; off += CHUNK) h.update(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)));
  return h.hex();
}

/** Parses a whole archive held in memory. Throws CifarArchiveError on any problem; never returns partial data. */
export function parseCifarArchive(bytes: Uint8Array, opts: ParseOptions = {}): ParsedCifar {
  const { onProgress } = opts;
  onProgress?.(0, 'checking');
  const digest = md5Hex(bytes);
  onProgress?.(0.1, 'decompressing');
  const tar = gunzip(bytes, onProgress);
  const members = readTarMembers(tar);
  const wanted = [...TRAIN_MEMBERS, TEST_MEMBER];
  const missing = wanted.filter((m) => !members.has(m));
  if (missing.length > 0) {
    throw new CifarArchiveError('missing-members', `missing members: the archive lacks ${missing.join(', ')}`);
  }
  onProgress?.(0.85, 'converting');
  const train = recordsToSplit(TRAIN_MEMBERS.map((name) => ({ name, data: members.get(name)! })));
  const test = recordsToSplit([{ name: TEST_MEMBER, data: members.get(TEST_MEMBER)! }]);
  // Checked last so that a damaged file reports what is wrong with it, not only that it differs.
  if (!opts.skipChecksum && digest !== CIFAR10_MD5) {
    throw new CifarArchiveError(
      'checksum-mismatch',
      `checksum mismatch: md5 ${digest} is not the official ${CIFAR10_MD5}; use --skip-checksum for a subset or a fixture of the same format`,
    );
  }
  onProgress?.(1, 'done');
  return { train, test, md5: digest, checksumVerified: digest === CIFAR10_MD5 };
}
