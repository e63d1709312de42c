// Node-only file side of the CIFAR-10 pipeline: convert an archive (or the Hub's Parquet files) into the compact files atomically
// (temp directory, rename at the end: a failure leaves nothing half-written), download the official
// archive with progress, and read the compact files back for the headless runner.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type ParseOptions, type ParsedCifar, parseCifarArchive } from './cifar-archive.ts';
import { CIFAR10_PARQUET_FILES, parseCifarParquetPair } from './cifar-parquet.ts';
import { type CompactMeta, COMPACT_FILES, compactMeta, datasetFromCompact } from './compact.ts';
import type { ImageDataset } from './dataset.ts';

export const DEFAULT_CIFAR_DIR = 'public/data/cifar10';

export interface ConvertResult {
  outDir: string;
  train: number;
  test: number;
  md5: string;
  sha256?: string;
  checksumVerified: boolean;
}

/** Parses `archivePath` completely, then writes the compact files into `outDir` (replacing it). */
export async function convertArchiveFile(archivePath: string, outDir: string, opts: ParseOptions = {}): Promise<ConvertResult> {
  const bytes = new Uint8Array(await readFile(archivePath));
  return writeCompact(parseCifarArchive(bytes, opts), outDir);
}

/**
 * The Hugging Face Parquet files (uoft-cs/cifar10: one train and one test file, or a folder holding
 * both) → the compact files, with the page's parser. `official`: require 50,000 + 10,000 images.
 */
export async function convertParquetFiles(
  paths: string[],
  outDir: string,
  opts: { official: boolean; onProgress?: (fraction: number, stage: string) => void },
): Promise<ConvertResult> {
  const files = await resolveParquetPaths(paths);
  const parsed = await parseCifarParquetPair(
    { train: new Uint8Array(await readFile(files.train)), test: new Uint8Array(await readFile(files.test)) },
    { official: opts.official, onProgress: opts.onProgress },
  );
  return writeCompact(parsed, outDir);
}

/** Which given file (or file inside a given folder) is the train split and which the test split. */
export async function resolveParquetPaths(paths: string[]): Promise<{ train: string; test: string }> {
  const candidates: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) throw new Error(`${p} does not exist`);
    if (s.isDirectory()) candidates.push(...(await readdir(p)).filter((f) => f.endsWith('.parquet')).map((f) => join(p, f)));
    else candidates.push(p);
  }
  const pick = (split: 'train' | 'test') => {
    const hits = candidates.filter((c) => basename(c).startsWith(`${split}-`) || basename(c) === `${split}.parquet`);
    if (hits.length !== 1) {
      throw new Error(
        `expected one ${split} Parquet file (${CIFAR10_PARQUET_FILES[split]}), found ${hits.length} among ${candidates.map((c) => basename(c)).join(', ') || 'none'}`,
      );
    }
    return hits[0];
  };
  return { train: pick('train'), test: pick('test') };
}

/** True when `paths` name Parquet files or folders (not a .tar.gz archive). */
export async function isParquetInput(paths: string[]): Promise<boolean> {
  if (paths.length !== 1) return true;
  const s = await stat(paths[0]).catch(() => null);
  return !!s?.isDirectory() || paths[0].endsWith('.parquet');
}

/** Writes the compact files into `outDir` atomically (temp directory, rename at the end). */
export async function writeCompact(parsed: ParsedCifar, outDir: string): Promise<ConvertResult> {
  const target = resolve(outDir);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  try {
    await mkdir(tmp);
    const meta = compactMeta(parsed.train, parsed.test, parsed.md5, parsed.checksumVerified, parsed.sha256);
    await writeFile(join(tmp, COMPACT_FILES.trainImages), parsed.train.images);
    await writeFile(join(tmp, COMPACT_FILES.trainLabels), parsed.train.labels);
    await writeFile(join(tmp, COMPACT_FILES.testImages), parsed.test.images);
    await writeFile(join(tmp, COMPACT_FILES.testLabels), parsed.test.labels);
    // meta.json last: its presence is what marks the directory as complete.
    await writeFile(join(tmp, COMPACT_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
    const existed = await stat(target).then(
      () => true,
      () => false,
    );
    if (existed) await rename(target, old);
    await rename(tmp, target);
    if (existed) await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return {
    outDir: target,
    train: parsed.train.count,
    test: parsed.test.count,
    md5: parsed.md5,
    sha256: parsed.sha256,
    checksumVerified: parsed.checksumVerified,
  };
}

export async function readCompactDataset(dir: string): Promise<ImageDataset> {
  const metaPath = join(dir, COMPACT_FILES.meta);
  const metaText = await readFile(metaPath, 'utf8').catch(() => {
    throw new Error(`no CIFAR-10 data in ${dir} (missing ${COMPACT_FILES.meta}); run: npm run data:cifar10`);
  });
  const meta = JSON.parse(metaText) as CompactMeta;
  const read = async (f: string) => new Uint8Array(await readFile(join(dir, f)));
  return datasetFromCompact(meta, {
    trainImages: await read(COMPACT_FILES.trainImages),
    trainLabels: await read(COMPACT_FILES.trainLabels),
    testImages: await read(COMPACT_FILES.testImages),
    testLabels: await read(COMPACT_FILES.testLabels),
  });
}

/** Streams `url` to `dest` (via a temp file), reporting bytes received and the total when known. */
export async function downloadFile(url: string, dest: string, onProgress: (received: number, total: number | null) => void): Promise<void> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`download failed: HTTP ${response.status} from ${url}`);
  const total = Number(response.headers.get('content-length')) || null;
  const tmp = `${dest}.part-${process.pid}`;
  await mkdir(dirname(resolve(dest)), { recursive: true });
  const out = createWriteStream(tmp);
  let received = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      onProgress(received, total);
    }
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
    await rename(tmp, dest);
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}
