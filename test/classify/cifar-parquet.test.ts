// The Hugging Face Parquet path (uoft-cs/cifar10 layout): the PNG decoder, the shared parser and the
// CLI converter (`npm run data:cifar10 -- --from …`) on fixtures built here; every damaged input names
// its problem and writes nothing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CifarParquetError, parseCifarParquetPair, parseCifarParquetSplit } from '../../src/classify/data/cifar-parquet.ts';
import { readCompactDataset } from '../../src/classify/data/node-files.ts';
import { decodePng } from '../../src/classify/data/png.ts';
import { runDataCli } from '../../src/cli/data-cifar10.ts';
import { cifarParquet, cifarParquetPair, encodePng, fixtureLabel, fixturePixels } from './cifar-parquet-fixture.ts';

afterEach(() => vi.restoreAllMocks());

const quiet = () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: unknown) => void lines.push(String(m)));
  vi.spyOn(console, 'error').mockImplementation((m: unknown) => void lines.push(String(m)));
  return lines;
};

const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof CifarParquetError ? [e.kind, e.message] : ['other', String(e)];
  }
  return ['none', ''];
};

describe('PNG decoder (fflate inflate)', () => {
  it('decodes filter types 0, 1 and 2 to the exact pixels and rejects a damaged file', () => {
    for (const filter of [0, 1, 2] as const) {
      const px = fixturePixels(filter + 4, 9);
      const out = decodePng(encodePng(px, 32, 32, filter));
      expect([out.width, out.height]).toEqual([32, 32]);
      expect(out.rgb).toEqual(px);
    }
    const png = encodePng(fixturePixels(0, 0));
    expect(() => decodePng(png.subarray(0, png.length - 30))).toThrow(/truncated|damaged/);
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(/not a PNG/);
  });
});

describe('Parquet parser (the page and the CLI share it)', () => {
  it('reads every image and label in file order', async () => {
    const parsed = await parseCifarParquetPair(cifarParquetPair(24, 8), { official: false });
    expect([parsed.train.count, parsed.test.count]).toEqual([24, 8]);
    for (const k of [0, 5, 23]) {
      expect(parsed.train.images.subarray(k * 3072, (k + 1) * 3072)).toEqual(fixturePixels(k, 1));
      expect(parsed.train.labels[k]).toBe(fixtureLabel(k, 1));
    }
    expect(parsed.test.images.subarray(7 * 3072, 8 * 3072)).toEqual(fixturePixels(7, 2));
    // The recorded hash is of the decoded stream: train images, train labels, test images, test labels.
    const h = createHash('sha256');
    [parsed.train.images, parsed.train.labels, parsed.test.images, parsed.test.labels].forEach((p) => h.update(p));
    expect(parsed.sha256).toBe(h.digest('hex'));
    expect(parsed.checksumVerified).toBe(false);
  });

  it('official mode requires 50,000 and 10,000 images', async () => {
    const [kind, message] = await problemOf(parseCifarParquetPair(cifarParquetPair(4, 2), { official: true }));
    expect(kind).toBe('wrong-count');
    expect(message).toMatch(/4 training and 2 test images, expected 50,000 and 10,000/);
  });

  it('names each problem: truncated, damaged, wrong schema, bad label, not Parquet', async () => {
    const good = cifarParquet(6, 1);
    expect(await problemOf(parseCifarParquetSplit(good.subarray(0, good.length - 100), 'train'))).toEqual([
      'truncated',
      expect.stringMatching(/truncated: train/),
    ]);
    const damaged = good.slice();
    damaged.fill(0x55, 4, Math.min(damaged.length - 200, 3000)); // the column pages, footer intact
    expect((await problemOf(parseCifarParquetSplit(damaged, 'train')))[0]).toMatch(/damaged|bad-image|bad-label/);
    const footerBroken = good.slice();
    footerBroken.fill(0xff, footerBroken.length - 60, footerBroken.length - 8);
    expect((await problemOf(parseCifarParquetSplit(footerBroken, 'train')))[0]).toBe('damaged');
    expect(await problemOf(parseCifarParquetSplit(cifarParquet(3, 1, { renameImage: true }), 'train'))).toEqual([
      'wrong-schema',
      expect.stringMatching(/columns \(image, label\)/),
    ]);
    expect(await problemOf(parseCifarParquetSplit(cifarParquet(3, 1, { badLabel: true }), 'train'))).toEqual([
      'bad-label',
      expect.stringMatching(/row 1 of train has label 12/),
    ]);
    expect((await problemOf(parseCifarParquetSplit(new TextEncoder().encode('<html>not found</html>'), 'train')))[0]).toBe('not-parquet');
  });
});

describe('npm run data:cifar10 -- --from <Parquet>', () => {
  const fixtureDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cifar-parquet-'));
    const { train, test } = cifarParquetPair(24, 8);
    mkdirSync(join(dir, 'hub'));
    writeFileSync(join(dir, 'hub', 'train-00000-of-00001.parquet'), train);
    writeFileSync(join(dir, 'hub', 'test-00000-of-00001.parquet'), test);
    return dir;
  };

  it('converts one --from per file, or a folder holding both, into the same compact files', async () => {
    const dir = fixtureDir();
    const lines = quiet();
    const hub = join(dir, 'hub');
    const code = await runDataCli([
      '--from',
      join(hub, 'train-00000-of-00001.parquet'),
      '--from',
      join(hub, 'test-00000-of-00001.parquet'),
      '--skip-checksum',
      '--out',
      join(dir, 'a'),
    ]);
    expect(code, lines.join('\n')).toBe(0);
    expect(await runDataCli(['--from', hub, '--skip-checksum', '--out', join(dir, 'b')])).toBe(0);
    expect(lines.join('\n')).toMatch(/wrote 24 training and 8 test images .*SHA-256 of images and labels [0-9a-f]{64}/);
    const a = await readCompactDataset(join(dir, 'a'));
    expect(a.train.images.subarray(3 * 3072, 4 * 3072)).toEqual(fixturePixels(3, 1));
    expect(a.test.labels[5]).toBe(fixtureLabel(5, 2));
    for (const f of ['train-images.u8', 'train-labels.u8', 'test-images.u8', 'test-labels.u8', 'meta.json']) {
      expect(readFileSync(join(dir, 'b', f)), f).toEqual(readFileSync(join(dir, 'a', f)));
    }
    expect(JSON.parse(readFileSync(join(dir, 'a', 'meta.json'), 'utf8'))).toMatchObject({
      train: 24,
      test: 8,
      checksumVerified: false,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('fails with the problem named and writes nothing: not official, truncated, wrong schema, missing split', async () => {
    const dir = fixtureDir();
    const hub = join(dir, 'hub');
    const cases: Array<[string, () => void, RegExp, string[]]> = [
      ['official', () => undefined, /wrong count/, []],
      [
        'truncated',
        () => writeFileSync(join(hub, 'test-00000-of-00001.parquet'), cifarParquet(8, 2).subarray(0, 500)),
        /truncated: the test file/,
        ['--skip-checksum'],
      ],
      [
        'schema',
        () => writeFileSync(join(hub, 'train-00000-of-00001.parquet'), cifarParquet(8, 1, { renameImage: true })),
        /wrong schema/,
        ['--skip-checksum'],
      ],
    ];
    for (const [name, damage, message, extra] of cases) {
      damage();
      const lines = quiet();
      const out = join(dir, `out-${name}`);
      expect(await runDataCli(['--from', hub, ...extra, '--out', out]), name).toBe(1);
      expect(lines.join('\n'), name).toMatch(message);
      expect(existsSync(out), name).toBe(false);
      vi.restoreAllMocks();
    }
    const lines = quiet();
    expect(await runDataCli(['--from', join(hub, 'train-00000-of-00001.parquet'), '--from', join(dir, 'nope.parquet'), '--out', join(dir, 'x')])).toBe(1);
    expect(lines.join('\n')).toMatch(/nope\.parquet does not exist/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
