import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobEngine } from '../jobs/job-engine.ts';
import { rowStat, type IndexedRow, type LibraryIndex } from '../library/index/library-index.ts';
import type { LibraryScanner, ScanReader } from '../library/library-scanner.ts';
import { filesOf } from '../library/library-walker.ts';
import type { RootsRepo } from '../library/roots-repo.ts';
import type { FileChange, WatchLibrary } from './watch-port.ts';
import { fileStatOf, sameFileStat } from '../platform/file-stat.ts';

export interface LibraryAdapterDeps {
  index: LibraryIndex;
  roots: RootsRepo;
  scanner: LibraryScanner;
  /** Walks a folder on the pool, like a scan: a poll of a 100k-file share must not block the main thread. */
  walk: ScanReader['walk'];
  jobs: JobEngine;
  changed: () => void;
}


/** What a refresh did to each path, from the rows at those paths before and after it. */
function changesOf(rootId: number, before: Map<string, IndexedRow>, after: Map<string, IndexedRow>): FileChange[] {
  const pathBefore = new Map([...before.values()].map((row) => [row.id, row.rel_path]));
  const idsAfter = new Set([...after.values()].map((row) => row.id));
  const changes: FileChange[] = [];
  for (const [relPath, row] of after) {
    const was = before.get(relPath);
    const from = pathBefore.get(row.id);
    if (was?.id === row.id) {
      if (!sameFileStat(rowStat(was), rowStat(row))) changes.push({ change: 'changed', rootId, relPath, fileId: row.id });
    } else if (from !== undefined) changes.push({ change: 'moved', rootId, relPath, fileId: row.id, from });
    else changes.push({ change: 'added', rootId, relPath, fileId: row.id });
  }
  for (const [relPath, row] of before) {
    if (!after.has(relPath) && !idsAfter.has(row.id)) changes.push({ change: 'removed', rootId, relPath, fileId: row.id });
  }
  return changes;
}

/** The watcher's port onto this core's library index, scanner and job engine. */
export function watchLibraryAdapter({ index, roots, scanner, walk, jobs, changed }: LibraryAdapterDeps): WatchLibrary {
  return {
    roots: () =>
      roots.list().map((r) => ({ id: r.id, path: r.path, watchMode: r.watchMode, pollMinutes: r.pollMinutes, scanned: r.lastScanAt !== null })),
    indexed: (rootId, relDir) => new Map([...index.indexedRows(rootId, relDir)].map(([relPath, row]) => [relPath, rowStat(row)])),
    onDisk: async (rootPath, relDir) => {
      const folder = relDir === '' ? rootPath : join(rootPath, ...relDir.split('/'));
      const files = filesOf([await walk({ root: folder, dirs: [''], files: [] })]);
      const prefix = relDir === '' ? '' : `${relDir}/`;
      return new Map(files.map((f) => [prefix + f.relPath, { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino }]));
    },
    stat: async (rootPath, relPath) => {
      const s = await stat(join(rootPath, ...relPath.split('/'))).catch(() => null);
      if (s?.isDirectory()) return 'dir';
      return s?.isFile() ? fileStatOf(s) : null;
    },
    // The inode finds a file at a path the index does not show yet (a rename not committed).
    inFlight: (rootId) => {
      const rows = index.inFlightIn(rootId);
      const paths = new Set(rows.map((r) => r.rel_path));
      const inodes = new Set(rows.map((r) => r.ino));
      return (relPath, stamp) => paths.has(relPath) || (stamp !== null && inodes.has(stamp.ino));
    },
    scan: async (rootId) => {
      await scanner.scan(rootId);
    },
    refresh: async (rootId, relPaths) => {
      const before = await scanner.refresh(rootId, relPaths);
      return changesOf(rootId, before, index.indexedAt(rootId, relPaths));
    },
    autoProcess: (kind, fileIds) => jobs.start({ kind, scope: { type: 'selected', fileIds }, priority: 0 }),
    changed,
  };
}
