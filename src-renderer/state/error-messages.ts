import type { ErrorCode, ErrorInfo } from '../../src-shared/contract/errors.ts';

/**
 * The one place error codes become words for people (docs/ui.md). The core's message is kept
 * as detail for the codes where it names the file or the field; for INVALID_INPUT and INTERNAL
 * it is developer text ("settings.preview: ✖ Too small…") and is never shown.
 */
const MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'Some values are not valid. Check the highlighted fields.',
  UNKNOWN_COMMAND: 'This window is newer than the Longbox it talks to. Reload the page.',
  UNAUTHORIZED: 'This window is no longer signed in. Open the link printed by `longbox serve` again.',
  FORBIDDEN_SENDER: 'This window may not control Longbox.',
  NOT_FOUND: 'That item no longer exists.',
  INTERNAL: 'Something went wrong inside Longbox. The log has the details.',
  UNAVAILABLE_IN_HOST: 'That needs the Longbox desktop app; it is not available in the browser.',
  PATH_OUTSIDE_ROOT: 'That path is outside your library folders.',
  PATH_NOT_ALLOWED: 'Longbox does not use system folders for that; choose another folder.',
  ROOT_NOT_FOUND: 'That folder was not found (or is no longer in the library).',
  ROOT_EXISTS: 'That folder is already in the library (or inside one that is).',
  ROOT_OFFLINE: 'The library folder is offline (unmounted or unreachable).',
  NOT_A_DIRECTORY: 'That path is not a folder.',
  DB_TOO_NEW: 'The data folder was written by a newer Longbox. Update Longbox to open it.',
  ARCHIVE_NOT_FOUND: 'The file is gone from disk. Rescan the library.',
  ARCHIVE_NOT_A_FILE: 'That path is not a file.',
  ARCHIVE_EMPTY: 'The archive is empty.',
  ARCHIVE_BAD_MAGIC: 'The file is not a ZIP or RAR archive.',
  ARCHIVE_TRUNCATED: 'The archive is truncated (an incomplete download or copy).',
  ARCHIVE_CORRUPT: 'The archive is damaged.',
  ARCHIVE_CRC_MISMATCH: 'The archive is damaged: a page does not match its checksum.',
  ARCHIVE_ENCRYPTED: 'The archive is password-protected; Longbox leaves it alone.',
  ARCHIVE_UNSAFE_PATH: 'The archive contains unsafe entry names; Longbox leaves it alone.',
  ARCHIVE_UNSUPPORTED: 'The archive uses a feature Longbox cannot write safely.',
  ARCHIVE_CHANGED: 'The file changed on disk while Longbox worked on it; nothing was written.',
  ARCHIVE_BUSY: 'Another job is writing this file right now.',
  PERMISSION_DENIED: 'Longbox may not write this file or its folder (read-only or no permission).',
  WRITE_VERIFY_FAILED: 'The written archive did not verify; the original was kept.',
  CBR_READ_ONLY: 'CBR archives are read-only. Turn on CBR conversion in Settings to change them.',
  COMICINFO_TOO_LARGE: 'The ComicInfo.xml is too large to read safely.',
  COMICINFO_INVALID_XML: 'The ComicInfo.xml is not well-formed XML. Open the file to repair it.',
  COMICINFO_FORBIDDEN_DTD: 'The ComicInfo.xml declares a DTD or entities, which Longbox refuses to read.',
  COMICINFO_BAD_ENCODING: 'The ComicInfo.xml is not valid text (bad encoding).',
  NO_NUMBER: 'No issue or chapter number could be found in the name.',
  NAME_INVALID: 'The new name is not valid on this system.',
  TARGET_EXISTS: 'A file with the new name already exists.',
  JOB_NOT_FOUND: 'That job no longer exists (it may have been cleaned up).',
  JOB_INVALID_STATE: 'The job cannot do that in its current state.',
  JOB_LEASE_LOST: 'Another Longbox process took over this job.',
  JOB_CRASHED_REPEATEDLY: 'The job stopped after crashing repeatedly.',
  ITEM_TIMEOUT: 'The file took too long and was stopped.',
  FILE_CHANGED_SINCE_JOB: 'The file changed since the job was created; it was left alone.',
  PROVIDER_NOT_CONFIGURED: 'That source has no credentials yet; add them under Identify.',
  PROVIDER_AUTH_FAILED: 'The source refused the credentials; check them under Identify.',
  PROVIDER_QUOTA_SPENT: 'The source’s request quota is spent; the job resumes when it may.',
  PROVIDER_UNAVAILABLE: 'The source could not be reached; try again later.',
  PROVIDER_BAD_RESPONSE: 'The source answered with something Longbox cannot read.',
  DISK_FULL: 'The disk is full; nothing was written. Free some space and retry.',
  READ_ONLY: 'The disk or share is read-only; nothing was written.',
  IO_ERROR: 'The disk reported an error while reading or writing; nothing was changed. Retry later.',
};

/** Codes whose core message adds something a person can use (a path, a field, a limit). */
const DETAIL_WORTH_SHOWING = new Set<ErrorCode>([
  'PROVIDER_NOT_CONFIGURED',
  'PROVIDER_AUTH_FAILED',
  'PROVIDER_QUOTA_SPENT',
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_BAD_RESPONSE',
  'PATH_OUTSIDE_ROOT',
  'PATH_NOT_ALLOWED',
  'NOT_A_DIRECTORY',
  'ROOT_NOT_FOUND',
  'ROOT_EXISTS',
  'TARGET_EXISTS',
  'NAME_INVALID',
]);

export function humanMessage(code: ErrorCode): string {
  return MESSAGES[code];
}

/** The sentence to show for an error envelope. */
export function describeError(info: ErrorInfo): string {
  const text = MESSAGES[info.code];
  return DETAIL_WORTH_SHOWING.has(info.code) && info.message ? `${text} (${info.message})` : text;
}
