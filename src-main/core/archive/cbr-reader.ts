import fs from 'node:fs/promises';
import { createExtractorFromData, createExtractorFromFile, UnrarError } from 'node-unrar-js';
import type { ErrorCode } from '../../../src-shared/contract/errors.ts';
import { archiveError, toArchiveError } from './archive-errors.ts';
import { isComicInfoName, unsafeNameReason } from './entry-names.ts';

/**
 * RAR (CBR) reading through node-unrar-js (the official UnRAR compiled to WASM). Plain async
 * functions without shared state, so they run as well inside a worker thread. node-unrar-js
 * uses synchronous file I/O, which is why the app calls this from workers only.
 */

export interface RarEntry {
  name: string;
  size: number;
  crc32: number;
  directory: boolean;
}

const UNRAR_CODES: Partial<Record<string, ErrorCode>> = {
  ERAR_BAD_DATA: 'ARCHIVE_CORRUPT',
  ERAR_BAD_ARCHIVE: 'ARCHIVE_BAD_MAGIC',
  ERAR_UNKNOWN_FORMAT: 'ARCHIVE_UNSUPPORTED',
  ERAR_EOPEN: 'ARCHIVE_NOT_FOUND',
  ERAR_EREAD: 'ARCHIVE_TRUNCATED',
  ERAR_MISSING_PASSWORD: 'ARCHIVE_ENCRYPTED',
  ERAR_BAD_PASSWORD: 'ARCHIVE_ENCRYPTED',
  ERAR_EREFERENCE: 'ARCHIVE_UNSUPPORTED',
};

function toRarError(error: unknown, path: string): Error {
  if (error instanceof UnrarError) {
    return archiveError(UNRAR_CODES[error.reason] ?? 'ARCHIVE_CORRUPT', path, `${error.reason}: ${error.message}`, error);
  }
  return toArchiveError(error, path);
}

/** RAR names may use backslashes; we use '/' like zip does. */
function normalName(name: string): string {
  return name.replace(/\\/g, '/');
}

/** List a RAR's files from its headers (no decompression), refusing what we cannot read safely. */
export async function listRar(path: string): Promise<RarEntry[]> {
  try {
    const extractor = await createExtractorFromFile({ filepath: path });
    const list = extractor.getFileList();
    if (list.arcHeader.flags.volume) throw archiveError('ARCHIVE_UNSUPPORTED', path, 'multi-volume RAR archives are not supported');
    if (list.arcHeader.flags.headerEncrypted) throw archiveError('ARCHIVE_ENCRYPTED', path, 'RAR headers are encrypted');
    const entries: RarEntry[] = [];
    // The generator must be drained, or the WASM side leaks its archive handle.
    for (const header of [...list.fileHeaders]) {
      const name = normalName(header.name);
      const unsafe = unsafeNameReason(name);
      if (unsafe) throw archiveError('ARCHIVE_UNSAFE_PATH', path, unsafe);
      if (header.flags.encrypted) throw archiveError('ARCHIVE_ENCRYPTED', path, `entry is encrypted: ${name}`);
      entries.push({ name, size: header.unpSize, crc32: header.crc >>> 0, directory: header.flags.directory });
    }
    return entries;
  } catch (error) {
    throw toRarError(error, path);
  }
}

/**
 * Extract the named files into memory, calling `onFile` for each as it is decompressed (in
 * archive order). The RAR itself is loaded into memory: UnRAR's file-backed mode can only
 * extract to disk, and CBRs are read in workers, one at a time.
 */
export async function extractRar(
  path: string,
  wanted: (name: string) => boolean,
  onFile: (name: string, bytes: Uint8Array) => Promise<void> | void,
): Promise<void> {
  try {
    const data = await fs.readFile(path);
    const extractor = await createExtractorFromData({
      data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    });
    const extracted = extractor.extract({ files: (h) => !h.flags.directory && wanted(normalName(h.name)) });
    for (const file of extracted.files) {
      if (file.extraction) await onFile(normalName(file.fileHeader.name), file.extraction);
    }
  } catch (error) {
    throw toRarError(error, path);
  }
}

export function rarComicInfoEntry(entries: readonly RarEntry[]): RarEntry | undefined {
  return entries.find((e) => !e.directory && isComicInfoName(e.name));
}
