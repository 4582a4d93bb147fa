import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** Thumbnails are this tall at most (2× the grid card's cover, for sharp HiDPI screens). */
export const THUMB_HEIGHT = 340;
/** Decoding is bounded: a page beyond this many pixels gets no thumbnail rather than gigabytes of RAM. */
const MAX_PIXELS = 40_000_000;

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decode(bytes: Uint8Array, mime: string): Rgba | null {
  if (mime === 'image/jpeg') {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    return { width: image.width, height: image.height, data: image.data };
  }
  if (mime === 'image/png') {
    const image = PNG.sync.read(Buffer.from(bytes));
    if (image.width * image.height > MAX_PIXELS) return null;
    return { width: image.width, height: image.height, data: image.data };
  }
  return null; // WebP, GIF, AVIF…: shown without a thumbnail.
}

/** Box filter: each target pixel averages the source pixels it covers (no aliasing on text). */
function shrink(source: Rgba, height: number): Rgba {
  const scale = source.height / height;
  const width = Math.max(1, Math.round(source.width / scale));
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * scale);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * scale));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * scale);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * scale));
      let r = 0, g = 0, b = 0, n = 0;
      for (let sy = y0; sy < y1; sy++) {
        let at = (sy * source.width + x0) * 4;
        for (let sx = x0; sx < x1; sx++, at += 4) {
          r += source.data[at]!;
          g += source.data[at + 1]!;
          b += source.data[at + 2]!;
          n++;
        }
      }
      const to = (y * width + x) * 4;
      out[to] = r / n;
      out[to + 1] = g / n;
      out[to + 2] = b / n;
      out[to + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** A page image as a small JPEG, or null when the format is not one we decode. */
export function downscaleToJpeg(bytes: Uint8Array, mime: string): Buffer | null {
  const image = decode(bytes, mime);
  if (!image || image.width === 0 || image.height === 0) return null;
  const small = image.height > THUMB_HEIGHT ? shrink(image, THUMB_HEIGHT) : image;
  return Buffer.from(jpeg.encode({ width: small.width, height: small.height, data: small.data }, 80).data);
}
