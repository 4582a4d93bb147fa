import { isAbsolute, posix, relative, sep } from 'node:path';

/**
 * How the index names files: by a `/`-separated path relative to their library root, on every
 * OS. One place for the conversions, so the scanner, the job engine and the operations agree.
 */

/** True when `abs` lies strictly inside `root` (not the root itself). */
export function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** `/`-separated path of `abs` relative to `root` (starts with `..` when outside it). */
export function relPathOf(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/** The index's name, folder (`''` at the root) and lower-case extension of a relative path. */
export function splitRelPath(relPath: string): { name: string; folder: string; ext: string } {
  const name = posix.basename(relPath);
  const dir = posix.dirname(relPath);
  return { name, folder: dir === '.' ? '' : dir, ext: posix.extname(name).slice(1).toLowerCase() };
}
