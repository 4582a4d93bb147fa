import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { ErrorCode } from '../../../src-shared/contract/errors.ts';

/**
 * yauzl reports every problem as a plain Error; the job list needs a closed set of codes, so
 * its messages (stable across 3.x, see yauzl/index.js) are mapped here in one place.
 */
const YAUZL_MESSAGE_CODES: Array<[RegExp, ErrorCode]> = [
  [/strong encryption|entry is encrypted/i, 'ARCHIVE_ENCRYPTED'],
  [/multi-disk/i, 'ARCHIVE_UNSUPPORTED'],
  [/unsupported compression method/i, 'ARCHIVE_UNSUPPORTED'],
  [/unexpected EOF|overflows file bounds/i, 'ARCHIVE_TRUNCATED'],
  [/invalid characters in fileName|absolute path|invalid relative path/i, 'ARCHIVE_UNSAFE_PATH'],
  [/crc32? mismatch/i, 'ARCHIVE_CRC_MISMATCH'],
];

const FS_CODES: Record<string, ErrorCode> = {
  ENOENT: 'ARCHIVE_NOT_FOUND',
  ENOTDIR: 'ARCHIVE_NOT_FOUND',
  EISDIR: 'ARCHIVE_NOT_A_FILE',
  EBUSY: 'ARCHIVE_BUSY',
  ETXTBSY: 'ARCHIVE_BUSY',
  ENOSPC: 'DISK_FULL',
  EDQUOT: 'DISK_FULL',
  EACCES: 'PERMISSION_DENIED',
  EPERM: 'PERMISSION_DENIED',
  EROFS: 'READ_ONLY',
  EIO: 'IO_ERROR',
};

/** What the user can do about each storage failure, appended to the system's message. */
const FS_HINTS: Partial<Record<ErrorCode, string>> = {
  DISK_FULL: 'the disk is full; free some space and retry',
  PERMISSION_DENIED: 'permission denied; check the file and folder permissions',
  READ_ONLY: 'the file system is read-only',
  IO_ERROR: 'the disk reported an I/O error',
};

export function archiveError(code: ErrorCode, path: string, detail: string, cause?: unknown): LongboxError {
  return new LongboxError(code, `${path}: ${detail}`, cause === undefined ? undefined : { cause });
}

/** Turn anything thrown while reading or writing an archive into a LongboxError. */
export function toArchiveError(error: unknown, path: string): LongboxError {
  if (error instanceof LongboxError) return error;
  const err = error as NodeJS.ErrnoException;
  const message = err instanceof Error ? err.message : String(error);
  const fsCode = typeof err?.code === 'string' ? FS_CODES[err.code] : undefined;
  if (fsCode) return archiveError(fsCode, path, FS_HINTS[fsCode] ? `${FS_HINTS[fsCode]} (${message})` : message, error);
  // zlib failures surface as Z_* codes: the compressed bytes are damaged.
  if (typeof err?.code === 'string' && err.code.startsWith('Z_')) {
    return archiveError('ARCHIVE_CORRUPT', path, `compressed data is damaged (${message})`, error);
  }
  for (const [pattern, code] of YAUZL_MESSAGE_CODES) {
    if (pattern.test(message)) return archiveError(code, path, message, error);
  }
  if (typeof err?.code === 'string' && err.code.startsWith('E')) {
    return archiveError('INTERNAL', path, message, error);
  }
  return archiveError('ARCHIVE_CORRUPT', path, message, error);
}
