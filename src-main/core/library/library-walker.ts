import { readdirSync, statSync, type Dirent } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { isLongboxTempName } from '../archive/temp-names.ts';
import { fileStatOf, inodeKey } from '../platform/file-stat.ts';

export const ARCHIVE_EXTENSION = /\.(cbz|cbr|cb7)$/i;

/** Hidden entries (and so our own `.name.longbox-tmp-*` temp files) are never library content. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('@eaDir') || name === '#recycle';
}

/** The `ino` of a file whose name is not valid UTF-8 (it cannot be stat'ed by that name). */
export const INVALID_NAME = 'invalid-name:';

/** One archive as a scan keys it: its path in the root and the stat fields compared. */
export interface WalkedFile {
  relPath: string;
  size: number;
  mtimeMs: number;
  /** NOT_STATED: listed without a stat (a first scan); the read's own `fstat` fills all three. */
  ino: string;
}

/** The `ino` of a file listed but not stat'ed: a first scan takes its stat from the read. */
export const NOT_STATED = '';

/**
 * Archives found under a root with the stat fields the incremental scan keys on, in columns
 * (one structured clone of four arrays instead of an object per file). Relative paths always
 * use `/`, so the index is the same on every OS.
 */
export interface WalkedFiles {
  relPaths: string[];
  sizes: number[];
  mtimes: number[];
  inos: string[];
  /** Relative paths of our own temp files met on the way (never indexed; swept if orphaned). */
  temps?: string[];
}

/** A part of a root's tree for one pool thread: whole top-level folders, or its loose files. */
export interface WalkShare {
  root: string;
  /**
   * Relative paths (top-level names) of folders to walk recursively; `''` is `root` itself (the
   * watcher's look at one folder), which must be readable: an offline folder throws.
   */
  dirs: string[];
  /** Relative paths of archives at the top level. */
  files: string[];
  /** Our temp files at the top level. */
  temps?: string[];
  /**
   * List the archives without a `stat` each (NOT_STATED): a first scan has no rows to compare
   * with and reads every file anyway, and the read's `fstat` gives the same fields for one
   * system call less per file.
   */
  listOnly?: boolean;
}

/** Unreadable sub-folders are skipped: they must not abort the scan of everything else. */
const SKIPPED_DIR_ERRORS = new Set(['EACCES', 'EPERM', 'ENOENT', 'ENOTDIR']);

function list(dir: string): Dirent[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (SKIPPED_DIR_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) return null;
    throw error;
  }
}

/** One of our temp files (hidden, so never indexed): reported so a scan can sweep orphans. */
function isOurTemp(entry: Dirent): boolean {
  return entry.isFile() && isLongboxTempName(entry.name);
}

/**
 * One `readdir` of the root on the main thread, split into `parts` shares by top-level folder,
 * so the walk and its stats run on several pool threads at once. Throws when the root itself
 * cannot be listed.
 */
export function splitRoot(root: string, parts: number, listOnly = false): WalkShare[] {
  const shares: WalkShare[] = Array.from({ length: Math.max(1, parts) }, () => ({ root, dirs: [], files: [], ...(listOnly ? { listOnly } : {}) }));
  let next = 0;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (isIgnoredName(entry.name)) {
      if (isOurTemp(entry)) (shares[0]!.temps ??= []).push(entry.name);
      continue;
    }
    if (entry.isDirectory()) shares[next++ % shares.length]!.dirs.push(entry.name);
    else if (entry.isFile() && ARCHIVE_EXTENSION.test(entry.name)) shares[0]!.files.push(entry.name);
  }
  return shares.filter((s) => s.dirs.length || s.files.length || s.temps?.length);
}

/**
 * Walks one share with synchronous calls (it runs in a pool thread, where blocking blocks
 * nothing else and a sync call costs a fraction of an async one). A file that vanishes
 * between listing and stat is simply not there any more.
 */
export function walkShare(share: WalkShare): WalkedFiles {
  const out: WalkedFiles = { relPaths: [], sizes: [], mtimes: [], inos: [], temps: [...(share.temps ?? [])] };
  const add = (rel: string) => {
    if (share.listOnly && !rel.includes('\uFFFD')) {
      out.relPaths.push(rel);
      out.sizes.push(0);
      out.mtimes.push(0);
      out.inos.push(NOT_STATED);
      return;
    }
    const s = statSync(join(share.root, rel), { throwIfNoEntry: false });
    if (!s && rel.includes('\uFFFD')) {
      // The name on disk is not valid UTF-8: Node gives it to us with U+FFFD in place of the bad
      // bytes, so the path names nothing. Kept (and reported NAME_INVALID), never silently dropped.
      out.relPaths.push(rel);
      out.sizes.push(0);
      out.mtimes.push(0);
      out.inos.push(`${INVALID_NAME}${rel}`);
      return;
    }
    if (!s?.isFile()) return;
    out.relPaths.push(rel);
    out.sizes.push(s.size);
    // Full precision: operations compare it exactly with a fresh stat to detect changes.
    out.mtimes.push(s.mtimeMs);
    out.inos.push(inodeKey(s));
  };
  for (const file of share.files) add(file);
  const pending = [...share.dirs];
  while (pending.length) {
    const rel = pending.pop()!;
    const entries = rel === '' ? readdirSync(share.root, { withFileTypes: true }) : list(join(share.root, rel));
    for (const entry of entries ?? []) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (isIgnoredName(entry.name)) {
        if (isOurTemp(entry)) out.temps!.push(child);
        continue;
      }
      if (entry.isDirectory()) pending.push(child);
      else if (entry.isFile() && ARCHIVE_EXTENSION.test(entry.name)) add(child);
    }
  }
  return out;
}

/** Walked columns back to one record per file. */
export function filesOf(parts: WalkedFiles[]): WalkedFile[] {
  const files: WalkedFile[] = [];
  for (const part of parts) {
    part.relPaths.forEach((relPath, i) => files.push({ relPath, size: part.sizes[i]!, mtimeMs: part.mtimes[i]!, ino: part.inos[i]! }));
  }
  return files;
}

/**
 * The archives among `relPaths` (relative to `root`) that exist now, with their stat fields
 * (the watcher's settled files: few, so plain async stats on the main thread).
 */
export async function statLibraryPaths(root: string, relPaths: string[]): Promise<WalkedFile[]> {
  const archives = relPaths.filter((p) => ARCHIVE_EXTENSION.test(p) && !p.split('/').some(isIgnoredName));
  // lstat: a symlink is not library content, as in the walk (it does not follow them either).
  const stats = await Promise.all(archives.map((p) => lstat(join(root, ...p.split('/'))).catch(() => null)));
  const result: WalkedFile[] = [];
  stats.forEach((s, i) => {
    // Vanished since the event: it is simply not there any more.
    if (s?.isFile()) result.push({ relPath: archives[i]!, ...fileStatOf(s) });
  });
  return result;
}
