// A small PNG decoder on fflate's inflate: Node has no createImageBitmap, so the CLI converter uses this,
// and the page falls back to it where OffscreenCanvas is missing. Handles what image libraries write for
// CIFAR-10 (8-bit greyscale, grey+alpha, RGB, RGBA or palette; not interlaced); anything else throws.
import { unzlibSync } from 'fflate';

export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngError';
  }
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS_OF: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface DecodedPng {
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major RGB (alpha dropped: CIFAR-10 images are opaque). */
  rgb: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Uint8Array): DecodedPng {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new PngError('not a PNG (bad signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let off = 8;
  let ended = false;
  while (off + 8 <= png.length) {
    const length = view.getUint32(off);
    const type = String.fromCharCode(png[off + 4], png[off + 5], png[off + 6], png[off + 7]);
    const data = png.subarray(off + 8, off + 8 + length);
    if (data.length !== length) throw new PngError(`truncated PNG (chunk ${type})`);
    if (type === 'IHDR') {
      width = view.getUint32(off + 8);
      height = view.getUint32(off + 12);
      const bitDepth = png[off + 16];
      colorType = png[off + 17];
      if (bitDepth !== 8 || !(colorType in CHANNELS_OF) || png[off + 20] !== 0) {
        throw new PngError(`unsupported PNG (bit depth ${bitDepth}, colour type ${colorType}, interlace ${png[off + 20]})`);
      }
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    off += 12 + length;
  }
  if (!ended || width === 0 || idat.length === 0) throw new PngError('truncated PNG (no IHDR, IDAT or IEND)');
  if (colorType === 3 && !palette) throw new PngError('palette PNG without PLTE');
  const compressed = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let pos = 0;
  for (const c of idat) {
    compressed.set(c, pos);
    pos += c.length;
  }
  let raw: Uint8Array;
  try {
    raw = unzlibSync(compressed);
  } catch (e) {
    throw new PngError(`damaged PNG data (${e instanceof Error ? e.message : String(e)})`);
  }
  const bpp = CHANNELS_OF[colorType];
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) throw new PngError('truncated PNG pixel data');
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[row + x - bpp] : 0;
      const b = y > 0 ? pixels[row - stride + x] : 0;
      const c = x >= bpp && y > 0 ? pixels[row - stride + x - bpp] : 0;
      let v = src[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) v += paeth(a, b, c);
      else if (filter !== 0) throw new PngError(`damaged PNG (filter type ${filter})`);
      pixels[row + x] = v & 255;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    if (colorType === 2 || colorType === 6) {
      rgb[i * 3] = pixels[i * bpp];
      rgb[i * 3 + 1] = pixels[i * bpp + 1];
      rgb[i * 3 + 2] = pixels[i * bpp + 2];
    } else if (colorType === 3) {
      const k = pixels[i] * 3;
      rgb.set(palette!.subarray(k, k + 3), i * 3);
    } else {
      rgb.fill(pixels[i * bpp], i * 3, i * 3 + 3);
    }
  }
  return { width, height, rgb };
}
