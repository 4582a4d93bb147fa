/**
 * A minimal RAR 5 writer for tests: stored (uncompressed) files only. No JS library writes
 * RAR, and tests build every archive on disk, so CBR fixtures are made with this.
 */
import zlib from 'node:zlib';

function vint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0);
  return Buffer.from(bytes);
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}

/** type, flags and fields after them; returns CRC + size + body. */
function header(body: Buffer): Buffer {
  const withSize = Buffer.concat([vint(body.length), body]);
  return Buffer.concat([u32(zlib.crc32(withSize)), withSize]);
}

const SIGNATURE = Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]);

export function buildRar5(files: Array<{ name: string; data: Uint8Array }>): Buffer {
  const parts: Buffer[] = [SIGNATURE];
  parts.push(header(Buffer.concat([vint(1), vint(0), vint(0)]))); // main header, no flags
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const body = Buffer.concat([
      vint(2), // file header
      vint(0x0002), // data area present
      vint(file.data.length), // data size
      vint(0x0004), // file flags: CRC32 present
      vint(file.data.length), // unpacked size
      vint(0x20), // attributes (archive)
      u32(zlib.crc32(file.data)),
      vint(0), // compression: version 0, method 0 (store)
      vint(0), // host OS: Windows
      vint(name.length),
      name,
    ]);
    parts.push(header(body), Buffer.from(file.data));
  }
  parts.push(header(Buffer.concat([vint(5), vint(0), vint(0)]))); // end of archive
  return Buffer.concat(parts);
}
