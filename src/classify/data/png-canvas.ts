// The page's PNG decoder: the browser's own (createImageBitmap, read back through an OffscreenCanvas), in
// the worker. Falls back to the fflate decoder (./png.ts) where OffscreenCanvas is missing.
import type { PngToRgb } from './cifar-parquet.ts';
import { decodePngRgb } from './cifar-parquet.ts';
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from './dataset.ts';

export function browserPngDecoder(): PngToRgb {
  if (typeof OffscreenCanvas === 'undefined' || typeof createImageBitmap === 'undefined') return decodePngRgb;
  const canvas = new OffscreenCanvas(IMAGE_SIZE, IMAGE_SIZE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return decodePngRgb;
  return async (png) => {
    // No colour-space conversion or premultiplication: the bytes must be the file's own pixels.
    const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    try {
      if (bitmap.width !== IMAGE_SIZE || bitmap.height !== IMAGE_SIZE) throw new Error(`image is ${bitmap.width}×${bitmap.height}, not 32×32`);
      ctx.clearRect(0, 0, IMAGE_SIZE, IMAGE_SIZE);
      ctx.drawImage(bitmap, 0, 0);
      const rgba = ctx.getImageData(0, 0, IMAGE_SIZE, IMAGE_SIZE).data;
      const rgb = new Uint8Array(PIXELS_PER_IMAGE);
      for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
        rgb[j] = rgba[i];
        rgb[j + 1] = rgba[i + 1];
        rgb[j + 2] = rgba[i + 2];
      }
      return rgb;
    } finally {
      bitmap.close();
    }
  };
}
