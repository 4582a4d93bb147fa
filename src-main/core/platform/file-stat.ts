import type { Stats } from 'node:fs';

/** The stat fields Longbox keys a file on: a scan compares them, jobs and the watcher too. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  /** `inodeKey`: the file's identity, which a rename keeps. */
  ino: string;
}

/**
 * A file's identity as the index stores it (`dev:ino`): one spelling, since a scan's walk, its
 * reads, jobs and the watcher all compare it with what another of them wrote.
 */
export function inodeKey(stats: Pick<Stats, 'dev' | 'ino'>): string {
  return `${stats.dev}:${stats.ino}`;
}

export function fileStatOf(stats: Pick<Stats, 'size' | 'mtimeMs' | 'dev' | 'ino'>): FileStat {
  // Full precision mtime: operations compare it exactly with a fresh stat to detect changes.
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: inodeKey(stats) };
}

/** The same file, unchanged: what a scan, the watcher and a find walk's check compare. */
export function sameFileStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
