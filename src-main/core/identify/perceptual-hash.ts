/**
 * Cover similarity by a perceptual hash (docs/identify.md): the image is decoded, reduced to a
 * 9×8 grey grid by area averaging, and each bit says whether a cell is brighter than its right
 * neighbour (a difference hash). Resizing, re-encoding (PNG page vs JPEG cover) and small colour
 * shifts keep most bits; another picture flips about half. Pure JS decoders (pngjs, jpeg-js),
 * because this runs on the worker pool, whose threads load no native module.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const GRID_W = 9;
const GRID_H = 8;
/** Decoding stops above this many pixels (a hostile or absurd image is not a cover). */
const MAX_PIXELS = 40_000_000;

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decode(bytes: Uint8Array): Rgba | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    const png = PNG.sync.read(buf);
    return { width: png.width, height: png.height, data: png.data };
  }
  if (buf[0] === 0xff && buf[1] === 0xd8) {
    const img = jpeg.decode(buf, { useTArray: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    return { width: img.width, height: img.height, data: img.data };
  }
  return null;
}

/** 16 hex digits, or null when the bytes are not a PNG or JPEG we can decode. */
export function perceptualHash(bytes: Uint8Array): string | null {
  let img: Rgba | null;
  try {
    img = decode(bytes);
  } catch {
    return null;
  }
  if (!img || img.width < 1 || img.height < 1 || img.width * img.height > MAX_PIXELS) return null;
  const sums = new Float64Array(GRID_W * GRID_H);
  const counts = new Uint32Array(GRID_W * GRID_H);
  for (let y = 0; y < img.height; y++) {
    const gy = Math.min(GRID_H - 1, Math.floor((y * GRID_H) / img.height));
    for (let x = 0; x < img.width; x++) {
      const gx = Math.min(GRID_W - 1, Math.floor((x * GRID_W) / img.width));
      const o = (y * img.width + x) * 4;
      // ITU-R BT.601 luma.
      sums[gy * GRID_W + gx]! += 0.299 * img.data[o]! + 0.587 * img.data[o + 1]! + 0.114 * img.data[o + 2]!;
      counts[gy * GRID_W + gx]! += 1;
    }
  }
  let bits = 0n;
  for (let gy = 0; gy < GRID_H; gy++) {
    for (let gx = 0; gx < GRID_W - 1; gx++) {
      const a = sums[gy * GRID_W + gx]! / Math.max(1, counts[gy * GRID_W + gx]!);
      const b = sums[gy * GRID_W + gx + 1]! / Math.max(1, counts[gy * GRID_W + gx + 1]!);
      bits = (bits << 1n) | (a > b ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}
