import zlib from 'node:zlib';
import { once } from 'node:events';
import { archiveError } from './archive-errors.ts';
import { METHOD_DEFLATE, METHOD_STORED } from './zip-records.ts';
import type { ZipArchive, ZipEntry } from './zip-reader.ts';

const CHUNK = 1024 * 1024;

/** CRC-32 of an entry's uncompressed bytes, fed with its compressed bytes chunk by chunk. */
function crcOfUncompressed(method: number, expectedSize: number) {
  let crc = 0;
  let size = 0;
  if (method === METHOD_STORED) {
    return {
      update: async (chunk: Buffer) => {
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
      },
      finish: async () => ({ crc: crc >>> 0, size }),
    };
  }
  const inflater = zlib.createInflateRaw();
  let failure: unknown = null;
  inflater.on('data', (data: Buffer) => {
    crc = zlib.crc32(data, crc);
    size += data.length;
    // Stop a deflate bomb as soon as it outgrows its declared size.
    if (size > expectedSize && !failure) {
      failure = new Error('inflates past its declared size');
      inflater.destroy();
    }
  });
  inflater.on('error', (error) => {
    failure = error;
  });
  return {
    update: async (chunk: Buffer) => {
      if (failure) throw failure;
      if (!inflater.write(chunk)) await Promise.race([once(inflater, 'drain'), once(inflater, 'close')]);
      if (failure) throw failure;
    },
    finish: async () => {
      if (failure) throw failure;
      const ended = once(inflater, 'end');
      inflater.end();
      if (!failure) await ended.catch((error: unknown) => (failure = error));
      if (failure) throw failure;
      return { crc: crc >>> 0, size };
    },
  };
}

/**
 * Copy an entry's compressed bytes verbatim (no recompression) while checking them against
 * the central directory's CRC and size, so a rebuild never launders a damaged page.
 */
export async function copyEntryVerified(
  zip: ZipArchive,
  entry: ZipEntry,
  dataStart: number,
  put: (chunk: Uint8Array) => Promise<void>,
): Promise<void> {
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw archiveError('ARCHIVE_UNSUPPORTED', zip.path, `cannot verify ${entry.name}: compression method ${entry.method}`);
  }
  const check = crcOfUncompressed(entry.method, entry.uncompressedSize);
  let done = 0;
  while (done < entry.compressedSize) {
    // A fresh buffer per chunk: the inflater may still hold the previous one.
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, entry.compressedSize - done));
    const { bytesRead } = await zip.handle.read(chunk, 0, chunk.length, dataStart + done);
    if (bytesRead !== chunk.length) throw archiveError('ARCHIVE_TRUNCATED', zip.path, `${entry.name} is cut short`);
    await check.update(chunk);
    await put(chunk);
    done += bytesRead;
  }
  const { crc, size } = await check.finish().catch((error: unknown) => {
    throw archiveError('ARCHIVE_CORRUPT', zip.path, `${entry.name}: compressed data is damaged`, error);
  });
  if (crc !== entry.crc32 >>> 0 || size !== entry.uncompressedSize) {
    throw archiveError('ARCHIVE_CRC_MISMATCH', zip.path, `CRC or size mismatch in ${entry.name}`);
  }
}
