import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/open-database.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import { walkLibrary } from '../library/library-walker.ts';
import type { RootsRepo } from '../library/roots-repo.ts';
import type { FileChange, FileStamp, WatchLibrary } from './watch-port.ts';

interface StampRow {
  id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  ino: string;
}

export interface LibraryAdapterDeps {
  db: Db;
  roots: RootsRepo;
  jobs: JobEngine;
  /** A scan of one root, or of some of its paths, holding the root against item jobs. */
  scan: (rootId: number, paths?: string[]) => Promise<void>;
  changed: () => void;
}

const toStamp = (row: StampRow): FileStamp => ({ size: row.size, mtimeMs: row.mtime_ms, ino: row.ino });

/** The watcher's port onto this core's index, scanner and job engine. */
export function watchLibraryAdapter({ db, roots, jobs, scan, changed }: LibraryAdapterDeps): WatchLibrary {
  const all = db.prepare<[number], StampRow>('SELECT id, rel_path, size, mtime_ms, ino FROM files WHERE root_id = ?');
  // `/` sorts just before `0`: the half-open range is "everything under the folder".
  const under = db.prepare<[number, string, string], StampRow>(
    'SELECT id, rel_path, size, mtime_ms, ino FROM files WHERE root_id = ? AND rel_path > ? AND rel_path < ?',
  );
  const atPath = db.prepare<[number, string], StampRow>('SELECT id, rel_path, size, mtime_ms, ino FROM files WHERE root_id = ? AND rel_path = ?');
  // Items in flight: pending at or below their running job's `dispatched` cursor (moved before
  // any item of a page is handed out, so it bounds everything a runner may be writing) — a
  // page or so per job, whatever the job's size.
  const held = db.prepare<[number], { rel_path: string; ino: string }>(`
    SELECT f.rel_path, f.ino FROM jobs j
      JOIN job_items i ON i.job_key = j.key AND i.ordinal <= j.dispatched AND i.state = 'pending'
      JOIN files f ON f.id = i.file_id
     WHERE j.state = 'running' AND f.root_id = ?`);

  return {
    roots: () =>
      roots.list().map((r) => ({ id: r.id, path: r.path, watchMode: r.watchMode, pollMinutes: r.pollMinutes, scanned: r.lastScanAt !== null })),
    indexed: (rootId, relDir) => {
      const rows = relDir === '' ? all.all(rootId) : under.all(rootId, `${relDir}/`, `${relDir}0`);
      return new Map(rows.map((row) => [row.rel_path, toStamp(row)]));
    },
    onDisk: async (rootPath, relDir) => {
      const files = await walkLibrary(relDir === '' ? rootPath : join(rootPath, ...relDir.split('/')));
      const prefix = relDir === '' ? '' : `${relDir}/`;
      return new Map(files.map((f) => [prefix + f.relPath, { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino }]));
    },
    stat: async (rootPath, relPath) => {
      const s = await stat(join(rootPath, ...relPath.split('/'))).catch(() => null);
      if (s?.isDirectory()) return 'dir';
      return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ino: `${s.dev}:${s.ino}` } : null;
    },
    // The inode finds a file at a path the index does not show yet (a rename not committed).
    inFlight: (rootId) => {
      const rows = held.all(rootId);
      const paths = new Set(rows.map((r) => r.rel_path));
      const inodes = new Set(rows.map((r) => r.ino));
      return (relPath, stamp) => paths.has(relPath) || (stamp !== null && inodes.has(stamp.ino));
    },
    scan: (rootId) => scan(rootId),
    refresh: async (rootId, relPaths) => {
      const before = new Map(relPaths.flatMap((p) => atPath.all(rootId, p)).map((row) => [row.rel_path, row]));
      await scan(rootId, relPaths);
      const after = new Map(relPaths.flatMap((p) => atPath.all(rootId, p)).map((row) => [row.rel_path, row]));
      const pathBefore = new Map([...before.values()].map((row) => [row.id, row.rel_path]));
      const idsAfter = new Set([...after.values()].map((row) => row.id));
      const changes: FileChange[] = [];
      for (const [relPath, row] of after) {
        const was = before.get(relPath);
        const from = pathBefore.get(row.id);
        if (was?.id === row.id) {
          if (was.size !== row.size || was.mtime_ms !== row.mtime_ms || was.ino !== row.ino) changes.push({ change: 'changed', rootId, relPath, fileId: row.id });
        } else if (from !== undefined) changes.push({ change: 'moved', rootId, relPath, fileId: row.id, from });
        else changes.push({ change: 'added', rootId, relPath, fileId: row.id });
      }
      for (const [relPath, row] of before) {
        if (!after.has(relPath) && !idsAfter.has(row.id)) changes.push({ change: 'removed', rootId, relPath, fileId: row.id });
      }
      return changes;
    },
    autoProcess: (kind, fileIds) => jobs.start({ kind, scope: { type: 'selected', fileIds }, priority: 0 }),
    changed,
  };
}
