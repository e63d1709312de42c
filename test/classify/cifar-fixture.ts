// Builds small CIFAR-format archives in memory (gzip'd ustar, known pixels and labels) for the tests:
// nothing is ever downloaded.
import { gzipSync } from 'fflate';

export const RECORD = 3073;

/** Label of record `k` of a member, and its pixel byte at CHW offset `i` (what the archive stores). */
export const fixtureLabel = (member: number, k: number) => (member * 3 + k * 7) % 10;
export const fixturePixel = (member: number, k: number, i: number) => (member * 41 + k * 13 + i * 5 + (i >> 10) * 17) % 256;

export function records(member: number, count: number): Uint8Array {
  const out = new Uint8Array(count * RECORD);
  for (let k = 0; k < count; k++) {
    out[k * RECORD] = fixtureLabel(member, k);
    for (let i = 0; i < 3072; i++) out[k * RECORD + 1 + i] = fixturePixel(member, k, i);
  }
  return out;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

export function tar(files: Array<{ name: string; data: Uint8Array }>): Uint8Array {
  const blocks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const f of files) {
    const h = new Uint8Array(512);
    h.set(enc.encode(f.name), 0);
    h.set(enc.encode(octal(0o644, 8)), 100);
    h.set(enc.encode(octal(0, 8)), 108);
    h.set(enc.encode(octal(0, 8)), 116);
    h.set(enc.encode(octal(f.data.length, 12)), 124);
    h.set(enc.encode(octal(0, 12)), 136);
    h[156] = '0'.charCodeAt(0);
    h.set(enc.encode('ustar\0'), 257);
    h.set(enc.encode('00'), 263);
    h.fill(32, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    h.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    blocks.push(h);
    const body = new Uint8Array(Math.ceil(f.data.length / 512) * 512);
    body.set(f.data);
    blocks.push(body);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of blocks) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

export const MEMBER_NAMES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];

/** A valid archive with `perMember` records in each of the six members (member index = position above). */
export function cifarArchive(perMember = 3, opts: { drop?: string; recordBytes?: (name: string) => Uint8Array | undefined } = {}): Uint8Array {
  const files = MEMBER_NAMES.filter((n) => n !== opts.drop).map((name) => ({
    name: `cifar-10-batches-bin/${name}`,
    data: opts.recordBytes?.(name) ?? records(MEMBER_NAMES.indexOf(name), perMember),
  }));
  files.unshift({ name: 'cifar-10-batches-bin/batches.meta.txt', data: new TextEncoder().encode('airplane\n') });
  return gzipSync(tar(files));
}
