import { crc32, deflateSync } from 'node:zlib';

/**
 * A tiny real PNG (RGB, a vertical gradient with a stripe), so sample pages and covers are
 * images every viewer and reader accepts.
 */
export function makePng(width: number, height: number, hue: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const stripe = Math.abs(x - y) % 16 < 3;
      const shade = Math.round((y / height) * 200);
      const o = row + 1 + x * 3;
      raw[o] = stripe ? 255 : (hue * 7 + shade) % 256;
      raw[o + 1] = stripe ? 255 : (hue * 13 + shade / 2) % 256;
      raw[o + 2] = stripe ? 255 : (hue * 29 + 255 - shade) % 256;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
