/**
 * Distinct synthetic cover pictures: a grid of blocks whose brightness comes from a seeded
 * generator, so two seeds give unrelated perceptual hashes while one seed gives the same
 * picture as a PNG page (in the archive) and as a JPEG cover (on the fake image host).
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

function rgba(seed: number, width: number, height: number): Buffer {
  let state = (seed * 2654435761) >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const cols = 12;
  const rows = 10;
  const shades = Array.from({ length: cols * rows }, () => Math.floor(random() * 256));
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = shades[Math.floor((y * rows) / height) * cols + Math.floor((x * cols) / width)]!;
      const o = (y * width + x) * 4;
      data[o] = shade;
      data[o + 1] = (shade * 3 + seed * 40) % 256 > 128 ? shade : 255 - shade;
      data[o + 2] = 255 - shade;
      data[o + 3] = 255;
    }
  }
  return data;
}

export function coverPng(seed: number, width = 240, height = 360): Buffer {
  const png = new PNG({ width, height });
  rgba(seed, width, height).copy(png.data);
  return PNG.sync.write(png);
}

/** The same picture, smaller and JPEG-encoded, as an image host serves it. */
export function coverJpeg(seed: number, width = 160, height = 240): Buffer {
  return Buffer.from(jpeg.encode({ data: rgba(seed, width, height), width, height }, 85).data);
}
