// `npm run data:cifar10 [-- --from PATH ...] [--skip-checksum] [--out DIR]`: downloads (or takes) the official
// CIFAR-10 binary archive, verifies its md5 and writes the compact files the page and the runner load.
// --from also takes the Hugging Face Parquet files (uoft-cs/cifar10), parsed by the page's own parser.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR10_MD5, CIFAR10_URL } from '../classify/data/cifar-archive.ts';
import { CIFAR10_PARQUET_FILES } from '../classify/data/cifar-parquet.ts';
import { DEFAULT_CIFAR_DIR, convertArchiveFile, convertParquetFiles, downloadFile, isParquetInput } from '../classify/data/node-files.ts';
import { parseFlags, usageExit } from './args.ts';

const USAGE = `usage: npm run data:cifar10 [-- [--from PATH ...] [--skip-checksum] [--out DIR]]
  (no --from)      download ${CIFAR10_URL}
  --from PATH      convert an archive you already have (cifar-10-binary.tar.gz), or the Hugging Face
                   Parquet files of uoft-cs/cifar10: --from ${CIFAR10_PARQUET_FILES.train} --from ${CIFAR10_PARQUET_FILES.test},
                   or --from a folder holding both
  --skip-checksum  accept files of the same format that are not the official ones (archive md5 ${CIFAR10_MD5};
                   Parquet: 50,000 + 10,000 images)
  --out DIR        where to write the compact files (default ${DEFAULT_CIFAR_DIR})`;

interface DataArgs {
  from: string[];
  skipChecksum: boolean;
  out: string;
}

const FLAGS = { from: { type: 'string', multiple: true }, out: { type: 'string' }, 'skip-checksum': { type: 'boolean' } } as const;

/** The converter's arguments, or 'help'; throws a UsageError on a bad command line. */
export function parseDataArgs(args: string[]): DataArgs | 'help' {
  const flags = parseFlags(args, FLAGS);
  if (flags.help) return 'help';
  return { from: flags.from ?? [], skipChecksum: !!flags['skip-checksum'], out: flags.out ?? DEFAULT_CIFAR_DIR };
}

function bar(fraction: number, label: string): string {
  const width = 30;
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(100 * fraction).toFixed(0).padStart(3)}% ${label}   `;
}

export async function runDataCli(args: string[]): Promise<number> {
  return usageExit('data:cifar10', USAGE, async () => {
    const parsed = parseDataArgs(args);
    return parsed === 'help' ? 'help' : convert(parsed);
  });
}

async function convert(parsed: DataArgs): Promise<number> {
  const tty = process.stderr.isTTY;
  const progress = (fraction: number, label: string) => {
    if (tty) process.stderr.write(bar(fraction, label));
  };
  let archive = parsed.from[0];
  let downloaded: string | undefined;
  try {
    if (parsed.from.length > 0 && (await isParquetInput(parsed.from))) {
      const result = await convertParquetFiles(parsed.from, parsed.out, { official: !parsed.skipChecksum, onProgress: progress });
      if (tty) process.stderr.write('\n');
      console.log(
        `wrote ${result.train} training and ${result.test} test images to ${result.outDir} ` +
          `(Parquet, SHA-256 of images and labels ${result.sha256}${result.checksumVerified ? ', the recorded official hash' : ''})`,
      );
      return 0;
    }
    if (!archive) {
      downloaded = join(tmpdir(), `cifar-10-binary-${process.pid}.tar.gz`);
      console.error(`downloading ${CIFAR10_URL}`);
      await downloadFile(CIFAR10_URL, downloaded, (received, total) => progress(total ? received / total : 0, `${(received / 2 ** 20).toFixed(1)} MiB`));
      if (tty) process.stderr.write('\n');
      archive = downloaded;
    }
    const result = await convertArchiveFile(archive, parsed.out, { skipChecksum: parsed.skipChecksum, onProgress: progress });
    if (tty) process.stderr.write('\n');
    console.log(
      `wrote ${result.train} training and ${result.test} test images to ${result.outDir} ` +
        `(md5 ${result.md5}${result.checksumVerified ? ', the official archive' : ', checksum not verified'})`,
    );
    return 0;
  } catch (err) {
    if (tty) process.stderr.write('\n');
    console.error(`data:cifar10 failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    if (downloaded) await rm(downloaded, { force: true });
  }
}

// Run when executed as the npm script's entry point (not when a test imports it).
if (process.argv[1] && /data-cifar10\.ts$/.test(process.argv[1])) {
  runDataCli(process.argv.slice(2)).then((code) => process.exit(code));
}
