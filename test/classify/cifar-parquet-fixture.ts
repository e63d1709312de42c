// Test fixtures in the Hugging Face layout of uoft-cs/cifar10: Parquet files (written with
// hyparquet-writer, snappy like the Hub's) whose `img` column is a struct {bytes: PNG, path} and whose
// `label` is an int64. The PNGs are encoded here (filter 0, zlib via fflate) from known pixels, so a
// test can check the decoded bytes exactly.
import { zlibSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An 8-bit RGB PNG of `rgb` (width × height × 3 bytes); `filter` is used on every row. */
export function encodePng(rgb: Uint8Array, width = 32, height = 32, filter: 0 | 1 | 2 = 0): Uint8Array {
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const v = rgb[y * stride + x];
      const left = x >= 3 ? rgb[y * stride + x - 3] : 0;
      const up = y > 0 ? rgb[(y - 1) * stride + x] : 0;
      raw[y * (stride + 1) + 1 + x] = (v - (filter === 1 ? left : filter === 2 ? up : 0)) & 255;
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** The known pixels of fixture image `k` of a split (NHWC, 32×32×3). */
export function fixturePixels(k: number, salt: number): Uint8Array {
  const px = new Uint8Array(32 * 32 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7 + k * 31 + salt * 101 + (i >> 5) * (k + 1)) & 255;
  return px;
}

export const fixtureLabel = (k: number, salt: number) => (k * 3 + salt) % 10;

export interface ParquetFixtureOptions {
  /** Wrong schema: name the image column `image` instead of `img`. */
  renameImage?: boolean;
  /** A label outside 0–9 in row 1. */
  badLabel?: boolean;
}

/** A split of `count` images in the Hub's column layout, as Parquet file bytes. */
export function cifarParquet(count: number, salt: number, opts: ParquetFixtureOptions = {}): Uint8Array {
  const img = Array.from({ length: count }, (_, k) => ({ bytes: encodePng(fixturePixels(k, salt), 32, 32, (k % 3) as 0 | 1 | 2), path: `${k}.png` }));
  const label = Array.from({ length: count }, (_, k) => BigInt(opts.badLabel && k === 1 ? 12 : fixtureLabel(k, salt)));
  const imgName = opts.renameImage ? 'image' : 'img';
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: imgName, data: img },
        { name: 'label', data: label },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: imgName, repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'label', type: 'INT64', repetition_type: 'OPTIONAL' },
      ],
    }),
  );
}

/** Train and test fixtures (salts 1 and 2). */
export function cifarParquetPair(train = 24, test = 8): { train: Uint8Array; test: Uint8Array } {
  return { train: cifarParquet(train, 1), test: cifarParquet(test, 2) };
}
