/**
 * A data folder Longbox cannot use at start (disk full, read-only, no permission) is the
 * user's to fix, so the message names the folder and the cause instead of SQLite's bare
 * "disk I/O error" or a stack trace.
 */
const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'the disk reported an I/O error',
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_CANTOPEN: 'the database cannot be opened',
  SQLITE_IOERR: 'the disk reported an I/O error',
};

export function dataFolderProblem(error: unknown, dataDir: string): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const cause = CAUSES[code] ?? (code.startsWith('SQLITE_IOERR') ? CAUSES.SQLITE_IOERR : undefined);
  if (!cause) return null;
  return `cannot use the data folder ${dataDir}: ${cause} (${code}). Free some space or fix its permissions, or choose another folder with --data-dir.`;
}
