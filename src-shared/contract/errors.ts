/**
 * The closed set of error codes any command or job item may report.
 * Adding a code is a contract change: the renderer maps each one to a message.
 */
export const ERROR_CODES = [
  // generic / transport
  'INVALID_INPUT',
  'UNKNOWN_COMMAND',
  'UNAUTHORIZED',
  'FORBIDDEN_SENDER',
  'NOT_FOUND',
  'INTERNAL',
  /** The command needs the desktop app (e.g. reveal in the file manager under `longbox serve`). */
  'UNAVAILABLE_IN_HOST',
  // library
  'PATH_OUTSIDE_ROOT',
  'PATH_NOT_ALLOWED',
  'ROOT_NOT_FOUND',
  'ROOT_EXISTS',
  'ROOT_OFFLINE',
  'NOT_A_DIRECTORY',
  // database
  'DB_TOO_NEW',
  // archives
  'ARCHIVE_NOT_FOUND',
  'ARCHIVE_NOT_A_FILE',
  'ARCHIVE_EMPTY',
  'ARCHIVE_BAD_MAGIC',
  'ARCHIVE_TRUNCATED',
  'ARCHIVE_CORRUPT',
  'ARCHIVE_CRC_MISMATCH',
  'ARCHIVE_ENCRYPTED',
  'ARCHIVE_UNSAFE_PATH',
  'ARCHIVE_UNSUPPORTED',
  'ARCHIVE_CHANGED',
  'ARCHIVE_BUSY',
  /** The file or its folder may not be written (read-only folder, EACCES/EPERM/EROFS). */
  'PERMISSION_DENIED',
  'WRITE_VERIFY_FAILED',
  'CBR_READ_ONLY',
  'COMICINFO_TOO_LARGE',
  'COMICINFO_INVALID_XML',
  'COMICINFO_FORBIDDEN_DTD',
  'COMICINFO_BAD_ENCODING',
  // naming / rename
  'NO_NUMBER',
  'NAME_INVALID',
  'TARGET_EXISTS',
  // jobs
  'JOB_NOT_FOUND',
  'JOB_INVALID_STATE',
  'JOB_LEASE_LOST',
  'JOB_CRASHED_REPEATEDLY',
  'ITEM_TIMEOUT',
  'FILE_CHANGED_SINCE_JOB',
  // online identification (docs/identify.md)
  'PROVIDER_NOT_CONFIGURED',
  'PROVIDER_AUTH_FAILED',
  'PROVIDER_QUOTA_SPENT',
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_BAD_RESPONSE',
  // storage: the file system refused, not the file
  'DISK_FULL',
  'PERMISSION_DENIED',
  'READ_ONLY',
  'IO_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Failures that say nothing about the file itself: the disk, the mount or another program got
 * in the way. An item failing with one of these fails, but the file is not marked `error` (it
 * stays in "unprocessed" and in every later run), since it is most likely healthy.
 */
export const TRANSIENT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'DISK_FULL',
  'PERMISSION_DENIED',
  'READ_ONLY',
  'IO_ERROR',
  'ARCHIVE_NOT_FOUND',
  'ARCHIVE_BUSY',
  'ROOT_OFFLINE',
  'ITEM_TIMEOUT',
]);

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** An error that carries a contract error code; anything else thrown becomes INTERNAL. */
export class LongboxError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'LongboxError';
  }
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof LongboxError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}
