import { readSync } from 'node:fs';
import zlib from 'node:zlib';
import { once } from 'node:events';
import { archiveError } from './archive-errors.ts';
import { METHOD_DEFLATE, METHOD_STORED } from './zip-records.ts';
import type { ZipArchive, ZipEntry } from './zip-reader.ts';

const CHUNK = 1024 * 1024;
/**
 * An entry this small (ComicInfo.xml, most pages) is checked in one piece: one synchronous read
 * and, when deflated, one synchronous inflate. It runs in a pool thread (docs/architecture.md,
 * "The write path"), where each async read and inflater chunk of the streamed path is a round
 * trip through libuv's thread pool — and a metadata job reads a ComicInfo.xml per item.
 */
const SMALL_COMPRESSED = CHUNK;
/** …and inflating to at most this much, which the one-piece inflate holds in memory at once. */
const SMALL_UNCOMPRESSED = 4 * CHUNK;

const damaged = (zip: ZipArchive, entry: ZipEntry, cause: unknown) =>
  archiveError('ARCHIVE_CORRUPT', zip.path, `${entry.name}: compressed data is damaged`, cause);

const endedEarly = () => new Error('the deflate stream ends before the entry\'s declared compressed size');

/**
 * CRC-32 of an entry's uncompressed bytes, fed with its compressed bytes chunk by chunk;
 * `onData` sees the uncompressed bytes as they come (a reader keeps them, a copier does not).
 */
function crcOfUncompressed(method: number, expectedSize: number, compressedSize: number, onData?: (data: Buffer) => void) {
  let crc = 0;
  let size = 0;
  if (method === METHOD_STORED) {
    return {
      update: async (chunk: Buffer) => {
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        onData?.(chunk);
      },
      finish: async () => ({ crc: crc >>> 0, size }),
    };
  }
  const inflater = zlib.createInflateRaw();
  let failure: unknown = null;
  let ended = false;
  // Settles on whichever comes first: the end of the deflate stream, an error, or our own
  // destroy. It is created before any input so no event can fire unobserved: a deflate stream
  // shorter than its declared size ends while input is still being written, and waiting for an
  // `end` that already fired is how a lying archive once stalled a worker for ten minutes.
  const settled = new Promise<void>((resolve) => {
    inflater.once('end', () => {
      ended = true;
      resolve();
    });
    inflater.once('error', (error) => {
      failure ??= error;
      resolve();
    });
    inflater.once('close', () => resolve());
  });
  inflater.on('data', (data: Buffer) => {
    crc = zlib.crc32(data, crc);
    size += data.length;
    // Stop a deflate bomb as soon as it outgrows its declared size.
    if (size > expectedSize && !failure) {
      failure = new Error('inflates past its declared size');
      inflater.destroy();
    }
    if (!failure) onData?.(data);
  });
  return {
    update: async (chunk: Buffer) => {
      if (failure) throw failure;
      if (ended) throw endedEarly();
      if (!inflater.write(chunk)) await Promise.race([once(inflater, 'drain'), settled]);
      if (failure) throw failure;
    },
    finish: async () => {
      if (failure) throw failure;
      inflater.end();
      await settled;
      if (failure) throw failure;
      // Input the inflater never consumed lies between the real end of the data and the
      // declared one: the central directory claims more compressed bytes than the entry has.
      if (!ended || inflater.bytesWritten !== compressedSize) throw endedEarly();
      return { crc: crc >>> 0, size };
    },
  };
}

/**
 * The one-piece check of a small entry, failing exactly as the streamed one does: cut short →
 * ARCHIVE_TRUNCATED; damaged, inflating past its declared size or ending before its declared
 * compressed size → ARCHIVE_CORRUPT; CRC or size wrong → ARCHIVE_CRC_MISMATCH.
 */
function checkSmallEntry(zip: ZipArchive, entry: ZipEntry, dataStart: number): { raw: Buffer; data: Buffer } {
  const raw = Buffer.allocUnsafe(entry.compressedSize);
  if (readSync(zip.handle.fd, raw, 0, raw.length, dataStart) !== raw.length) {
    throw archiveError('ARCHIVE_TRUNCATED', zip.path, `${entry.name} is cut short`);
  }
  let data: Buffer = raw;
  if (entry.method === METHOD_DEFLATE) {
    let inflated: { buffer: Buffer; engine: zlib.InflateRaw };
    try {
      // `info`: the engine says how much input the deflate stream really used. Output past the
      // declared size throws (maxOutputLength cannot be 0: a 0-byte entry is caught below).
      inflated = zlib.inflateRawSync(raw, { info: true, maxOutputLength: Math.max(1, entry.uncompressedSize) }) as unknown as typeof inflated;
    } catch (error) {
      throw damaged(zip, entry, error);
    }
    if (inflated.buffer.length > entry.uncompressedSize) throw damaged(zip, entry, new Error('inflates past its declared size'));
    if (inflated.engine.bytesWritten !== entry.compressedSize) throw damaged(zip, entry, endedEarly());
    data = inflated.buffer;
  }
  if (zlib.crc32(data) !== entry.crc32 >>> 0 || data.length !== entry.uncompressedSize) {
    throw archiveError('ARCHIVE_CRC_MISMATCH', zip.path, `CRC or size mismatch in ${entry.name}`);
  }
  return { raw, data };
}

/**
 * Stream an entry's compressed bytes from disk, exactly its declared compressed size, through
 * the CRC and size check. Every way the bytes can lie (ending early, running long, inflating
 * past the declared size, a bad CRC) fails with a code, after at most one pass over the
 * declared bytes: nothing here waits on anything but the disk and the inflater. A small entry
 * takes one piece instead of chunks (`checkSmallEntry`).
 */
async function streamEntryChecked(
  zip: ZipArchive,
  entry: ZipEntry,
  dataStart: number,
  onCompressed: (chunk: Buffer) => Promise<void>,
  onData?: (data: Buffer) => void,
): Promise<void> {
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw archiveError('ARCHIVE_UNSUPPORTED', zip.path, `cannot verify ${entry.name}: compression method ${entry.method}`);
  }
  if (entry.compressedSize <= SMALL_COMPRESSED && entry.uncompressedSize <= SMALL_UNCOMPRESSED) {
    const { raw, data } = checkSmallEntry(zip, entry, dataStart);
    if (raw.length > 0) await onCompressed(raw);
    if (data.length > 0) onData?.(data);
    return;
  }
  const check = crcOfUncompressed(entry.method, entry.uncompressedSize, entry.compressedSize, onData);
  let done = 0;
  while (done < entry.compressedSize) {
    // A fresh buffer per chunk: the inflater may still hold the previous one.
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, entry.compressedSize - done));
    const { bytesRead } = await zip.handle.read(chunk, 0, chunk.length, dataStart + done);
    if (bytesRead !== chunk.length) throw archiveError('ARCHIVE_TRUNCATED', zip.path, `${entry.name} is cut short`);
    await check.update(chunk).catch((error: unknown) => {
      throw damaged(zip, entry, error);
    });
    await onCompressed(chunk);
    done += bytesRead;
  }
  const { crc, size } = await check.finish().catch((error: unknown) => {
    throw damaged(zip, entry, error);
  });
  if (crc !== entry.crc32 >>> 0 || size !== entry.uncompressedSize) {
    throw archiveError('ARCHIVE_CRC_MISMATCH', zip.path, `CRC or size mismatch in ${entry.name}`);
  }
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
  await streamEntryChecked(zip, entry, dataStart, put);
}

/** An entry's bytes as stored and uncompressed, with the same checks as the copy. */
export async function readEntryRawVerified(zip: ZipArchive, entry: ZipEntry, dataStart: number): Promise<{ raw: Buffer; data: Buffer }> {
  const raw: Buffer[] = [];
  const data: Buffer[] = [];
  await streamEntryChecked(zip, entry, dataStart, async (chunk) => void raw.push(chunk), (chunk) => data.push(chunk));
  return { raw: Buffer.concat(raw), data: Buffer.concat(data) };
}

/** An entry's uncompressed bytes, with the same checks as the copy. */
export async function readEntryVerified(zip: ZipArchive, entry: ZipEntry, dataStart: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamEntryChecked(zip, entry, dataStart, async () => undefined, (data) => chunks.push(data));
  return Buffer.concat(chunks);
}
