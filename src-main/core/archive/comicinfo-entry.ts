import zlib from 'node:zlib';
import { COMICINFO_NAME, isComicInfoName } from './entry-names.ts';
import { METHOD_DEFLATE, METHOD_STORED, toDosDateTime } from './zip-records.ts';
import type { EntryFields } from './zip-records.ts';
import type { ZipEntry } from './zip-reader.ts';

export interface NewEntry {
  fields: EntryFields;
  /** The entry's bytes as stored (compressed when `fields.method` says so). */
  data: Buffer;
  /** Central-directory-only fields (an original entry put back keeps its own). */
  central?: { extra?: Buffer; comment?: Buffer };
}

/**
 * Deflate settings sized to the XML. zlib's defaults (a 32 KB window, memLevel 8) allocate ~256 KB
 * of state per call, once per file a job writes, for an XML of a KB or two. A window that still
 * spans the whole XML, with a hash table to match, compresses it as well (the window sees all of
 * it) with a few KB of state; large XML keeps the defaults.
 */
function deflateOptions(length: number): zlib.ZlibOptions {
  const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(Math.max(1, length)))));
  return { level: 9, windowBits, memLevel: Math.min(8, Math.max(1, windowBits - 5)) };
}

/** The ComicInfo.xml entry to write: deflated when that is smaller (it nearly always is). */
export function buildComicInfoEntry(xml: Buffer, now: Date): NewEntry {
  const deflated = zlib.deflateRawSync(xml, deflateOptions(xml.length));
  const stored = deflated.length >= xml.length;
  const data = stored ? xml : deflated;
  return {
    data,
    fields: {
      flags: 0,
      method: stored ? METHOD_STORED : METHOD_DEFLATE,
      ...toDosDateTime(now),
      crc32: zlib.crc32(xml),
      compressedSize: data.length,
      uncompressedSize: xml.length,
      nameRaw: Buffer.from(COMICINFO_NAME, 'ascii'),
      extra: Buffer.alloc(0),
    },
  };
}

/** Every root ComicInfo.xml, whatever its case; the exactly-named one first. */
export function comicInfoVariants(entries: readonly ZipEntry[]): ZipEntry[] {
  return entries
    .filter((e) => isComicInfoName(e.name))
    .sort((a, b) => Number(b.name === COMICINFO_NAME) - Number(a.name === COMICINFO_NAME));
}
