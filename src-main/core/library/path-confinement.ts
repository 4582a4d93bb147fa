import { realpathSync } from 'node:fs';
import { access, constants, realpath, stat } from 'node:fs/promises';
import { isAbsolute, parse, sep } from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { isInside } from './library-paths.ts';

/**
 * Where Longbox may write (docs/security.md): inside a library folder the user chose, and in
 * the duplicates folder the user chose. Every path a window sends is checked here in main,
 * after resolving symlinks, so neither a relative path (resolved against whatever the server's
 * working directory happens to be) nor a link can move a write elsewhere.
 */

/** System folders no library or duplicates folder may be, or lie in. */
const SYSTEM_FOLDERS = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/proc', '/run', '/sbin', '/sys', '/usr', '/var/lib', '/var/log',
  '/System', '/Library', '/private/etc', '/private/var/db',
  'C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)', 'C:\\ProgramData',
];

function isSystemFolder(real: string): boolean {
  if (parse(real).root === real) return true;
  const lower = real.toLowerCase();
  return SYSTEM_FOLDERS.some((folder) => {
    const f = folder.toLowerCase();
    return lower === f || lower.startsWith(f.endsWith(sep) ? f : f + sep);
  });
}

function requireAbsolute(path: string, what: string): void {
  if (!isAbsolute(path)) {
    throw new LongboxError('INVALID_INPUT', `${what} must be an absolute path (like /home/me/Comics), not "${path}".`);
  }
}

/** A folder the user typed or picked, resolved to its real path and checked it may be used. */
async function userFolder(path: string, what: string): Promise<string> {
  requireAbsolute(path, what);
  const info = await stat(path).catch(() => null);
  if (!info) throw new LongboxError('ROOT_NOT_FOUND', `Folder not found: ${path}`);
  if (!info.isDirectory()) throw new LongboxError('NOT_A_DIRECTORY', `Not a folder: ${path}`);
  const real = await realpath(path);
  if (isSystemFolder(real)) throw new LongboxError('PATH_NOT_ALLOWED', `${what} cannot be a system folder: ${real}`);
  return real;
}

/** A library folder as the user names it: absolute, an existing folder, not a system one. */
export function libraryFolder(path: string): Promise<string> {
  return userFolder(path, 'A library folder');
}

/** The duplicates folder: absolute, an existing folder we can write to, not a system one. */
export async function duplicatesFolder(path: string): Promise<string> {
  const real = await userFolder(path, 'The duplicates folder');
  await access(real, constants.W_OK).catch(() => {
    throw new LongboxError('PERMISSION_DENIED', `The duplicates folder is not writable: ${real}`);
  });
  return real;
}

/**
 * Throws unless `abs`, symlinks resolved, still lies inside the library `root`, whose real path
 * the caller resolved (`realRoot`: once per job, not per file). Synchronous: it runs in pool
 * threads before every write (docs/architecture.md, "The write path").
 */
export function assertInsideRoot(root: string, realRoot: string, abs: string): void {
  if (!isInside(realRoot, realpathSync.native(abs))) throw new LongboxError('PATH_OUTSIDE_ROOT', `${abs} resolves outside its library folder ${root}.`);
}
