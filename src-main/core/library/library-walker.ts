import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { relPathOf } from './library-paths.ts';

export const ARCHIVE_EXTENSION = /\.(cbz|cbr|cb7)$/i;

export interface WalkedFile {
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
  ino: string;
}

/** Hidden entries (and so our own `.name.longbox-tmp-*` temp files) are never library content. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('@eaDir') || name === '#recycle';
}

/**
 * Lists every comic archive under `root` with the stat fields the incremental scan keys on.
 * Relative paths always use `/`, so the index is the same on every OS.
 */
export async function walkLibrary(root: string, signal?: AbortSignal): Promise<WalkedFile[]> {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    signal?.throwIfAborted();
    const dir = pending.pop()!;
    const handle = await opendir(dir).catch((error: NodeJS.ErrnoException) => {
      // An unreadable sub-folder must not abort the scan of everything else.
      if (dir !== root && (error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'ENOENT')) return null;
      throw error;
    });
    if (!handle) continue;
    for await (const entry of handle) {
      if (isIgnoredName(entry.name)) continue;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(abs);
      else if (entry.isFile() && ARCHIVE_EXTENSION.test(entry.name)) files.push(abs);
    }
  }
  return statFiles(root, files, signal);
}

/** The archives among `relPaths` (relative to `root`) that exist now, with their stat fields. */
export function statLibraryPaths(root: string, relPaths: string[]): Promise<WalkedFile[]> {
  const archives = relPaths.filter((p) => ARCHIVE_EXTENSION.test(p) && !p.split('/').some(isIgnoredName));
  return statFiles(root, archives.map((p) => join(root, ...p.split('/'))));
}

async function statFiles(root: string, files: string[], signal?: AbortSignal): Promise<WalkedFile[]> {
  const result: WalkedFile[] = [];
  const CONCURRENCY = 64;
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    signal?.throwIfAborted();
    const chunk = files.slice(i, i + CONCURRENCY);
    const stats = await Promise.all(chunk.map((f) => stat(f, { bigint: false }).catch(() => null)));
    stats.forEach((s, j) => {
      // Vanished between listing and stat: it is simply not there any more.
      if (!s?.isFile()) return;
      const abs = chunk[j]!;
      result.push({
        absPath: abs,
        relPath: relPathOf(root, abs),
        size: s.size,
        // Full precision: operations compare it exactly with a fresh stat to detect changes.
        mtimeMs: s.mtimeMs,
        ino: `${s.dev}:${s.ino}`,
      });
    });
  }
  return result;
}
