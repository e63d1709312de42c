import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CifarArchiveError, parseCifarArchive } from '../../src/classify/data/cifar-archive.ts';
import { convertArchiveFile, readCompactDataset } from '../../src/classify/data/node-files.ts';
import { runDataCli } from '../../src/cli/data-cifar10.ts';
import { MEMBER_NAMES, RECORD, cifarArchive, fixtureLabel, fixturePixel, records, tar } from './cifar-fixture.ts';

function problemOf(bytes: Uint8Array, skipChecksum = true): string {
  try {
    parseCifarArchive(bytes, { skipChecksum });
  } catch (err) {
    expect(err).toBeInstanceOf(CifarArchiveError);
    return `${(err as CifarArchiveError).kind}: ${(err as Error).message}`;
  }
  throw new Error('expected the archive to be rejected');
}

describe('CIFAR-10 archive parser', () => {
  it('reads labels and converts channel-planar records to NHWC pixels', () => {
    const parsed = parseCifarArchive(cifarArchive(3), { skipChecksum: true });
    expect(parsed.train.count).toBe(15);
    expect(parsed.test.count).toBe(3);
    expect(parsed.checksumVerified).toBe(false);
    // Training record 4 is record 1 of data_batch_2 (member 1).
    expect(parsed.train.labels[4]).toBe(fixtureLabel(1, 1));
    for (const [y, x, c] of [
      [0, 0, 0],
      [5, 7, 1],
      [31, 31, 2],
      [12, 3, 2],
    ]) {
      const nhwc = 4 * 3072 + (y * 32 + x) * 3 + c;
      expect(parsed.train.images[nhwc]).toBe(fixturePixel(1, 1, c * 1024 + y * 32 + x));
    }
    expect([...parsed.test.labels]).toEqual([0, 1, 2].map((k) => fixtureLabel(5, k)));
    expect(parsed.test.images[2 * 3072 + (10 * 32 + 20) * 3 + 1]).toBe(fixturePixel(5, 2, 1024 + 10 * 32 + 20));
  });

  it('names each kind of damage', () => {
    const good = cifarArchive(2);
    expect(problemOf(new TextEncoder().encode('this is not gzip at all, just text'))).toMatch(/^bad-gzip: bad gzip/);
    expect(problemOf(good.subarray(0, good.length - 40))).toMatch(/^bad-gzip: bad gzip/);
    expect(problemOf(gzipSync(new Uint8Array(4096).map((_, i) => (i * 31) % 251)))).toMatch(/^not-tar: not a tar archive/);
    expect(problemOf(cifarArchive(2, { drop: 'data_batch_3.bin' }))).toMatch(/^missing-members: .*data_batch_3\.bin/);
    expect(problemOf(cifarArchive(2, { drop: 'test_batch.bin' }))).toMatch(/test_batch\.bin/);
    const short = cifarArchive(2, { recordBytes: (n) => (n === 'data_batch_4.bin' ? records(3, 2).subarray(0, 2 * RECORD - 1) : undefined) });
    expect(problemOf(short)).toMatch(/^wrong-record-size: wrong record size: data_batch_4\.bin has 6145 bytes/);
    expect(problemOf(good, false)).toMatch(/^checksum-mismatch: checksum mismatch: md5 [0-9a-f]{32} is not the official/);
  });

  it('rejects out-of-range labels', () => {
    const bad = records(0, 2);
    bad[RECORD] = 10;
    expect(problemOf(cifarArchive(2, { recordBytes: (n) => (n === MEMBER_NAMES[0] ? bad : undefined) }))).toMatch(/^bad-label: .*label 10/);
  });

  it('reads GNU long-name members', () => {
    const files = MEMBER_NAMES.map((name, m) => ({ name: `cifar-10-batches-bin/${name}`, data: records(m, 1) }));
    const longName = `${'x'.repeat(120)}/test_batch.bin`;
    const enc = new TextEncoder().encode(longName + '\0');
    const withLong = tar([...files.slice(0, 5), { name: '././@LongLink', data: enc }, { name: 'short', data: records(5, 1) }]);
    // Mark the @LongLink header as type 'L' and fix its checksum.
    const off = 5 * (512 + Math.ceil(RECORD / 512) * 512);
    withLong[off + 156] = 'L'.charCodeAt(0);
    withLong.fill(32, off + 148, off + 156);
    const sum = withLong.subarray(off, off + 512).reduce((a, b) => a + b, 0);
    withLong.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), off + 148);
    const parsed = parseCifarArchive(gzipSync(withLong), { skipChecksum: true });
    expect(parsed.test.labels[0]).toBe(fixtureLabel(5, 0));
  });
});

describe('CIFAR-10 converter (npm run data:cifar10)', () => {
  it('writes the compact files and reads them back; failures leave nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cifar-conv-'));
    const archive = join(dir, 'fixture.tar.gz');
    writeFileSync(archive, cifarArchive(2));
    const out = join(dir, 'out');
    const result = await convertArchiveFile(archive, out, { skipChecksum: true });
    expect(result).toMatchObject({ train: 10, test: 2, checksumVerified: false });
    const ds = await readCompactDataset(out);
    expect(ds.train.count).toBe(10);
    expect(ds.synthetic).toBe(false);
    expect(ds.train.images[3 * 3072 + 5]).toBe(parseCifarArchive(cifarArchive(2), { skipChecksum: true }).train.images[3 * 3072 + 5]);
    const before = readdirSync(dir).sort();

    // A damaged archive must not touch the existing output nor leave temp directories.
    const damaged = join(dir, 'damaged.tar.gz');
    writeFileSync(damaged, cifarArchive(2, { drop: 'data_batch_2.bin' }));
    await expect(convertArchiveFile(damaged, out, { skipChecksum: true })).rejects.toThrow(/missing members/);
    await expect(convertArchiveFile(archive, join(dir, 'other'))).rejects.toThrow(/checksum mismatch/);
    expect(readdirSync(dir).sort()).toEqual([...before, 'damaged.tar.gz'].sort());
    expect((await readCompactDataset(out)).train.count).toBe(10);
  });

  it('the CLI converts with --from/--skip-checksum/--out and rejects bad arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cifar-cli-'));
    const archive = join(dir, 'fixture.tar.gz');
    writeFileSync(archive, cifarArchive(1));
    expect(await runDataCli(['--from', archive, '--skip-checksum', '--out', join(dir, 'a')])).toBe(0);
    expect(existsSync(join(dir, 'a', 'meta.json'))).toBe(true);
    expect(await runDataCli(['--from', archive, '--out', join(dir, 'b')])).toBe(1);
    expect(existsSync(join(dir, 'b'))).toBe(false);
    expect(await runDataCli(['--bogus'])).toBe(2);
    expect(await runDataCli(['--from'])).toBe(2);
  });
});
