import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isInside, relPathOf } from '../library/library-paths.ts';
import type { Db } from '../db/open-database.ts';
import type { RecoveredItem } from '../operations/recover-intents.ts';
import type { IndexUpdater } from './index-update.ts';

interface InFlightRow {
  file_id: number;
  rel_path: string;
  root_path: string;
  size: number;
  mtime_ms: number;
  ino: string;
}

function inRoot(root: string, abs: string): string | null {
  return isInside(root, abs) ? relPathOf(root, abs) : null;
}

/** Renames the operations' recovery finished (from a surviving intent): the index follows. */
export function applyRecoveredRenames(db: Db, index: IndexUpdater, recovered: RecoveredItem[]): void {
  const rootOf = db.prepare<[number], { path: string }>('SELECT r.path FROM files f JOIN roots r ON r.id = f.root_id WHERE f.id = ?');
  for (const item of recovered) {
    if (item.kind !== 'rename' || item.outcome !== 'completed' || item.fileId === undefined) continue;
    const root = rootOf.get(item.fileId);
    const relPath = root && inRoot(root.path, item.to);
    if (relPath) index.apply(item.fileId, { state: 'done', newRelPath: relPath }, Date.now());
  }
}

/**
 * The files of items that were in flight when a runner died (pending, at or below the job's
 * `dispatched` cursor; more cannot have been dispatched). An operation may have finished
 * on disk (archive written, file renamed, its intent already cleared) after the last commit:
 * the index must describe the file as it is now, or the re-run item would be refused as
 * "changed" or "not found". Size/mtime are refreshed; a file missing at its indexed path is
 * looked up by inode in its folder (a rename keeps the inode).
 */
export async function refreshInFlightFiles(db: Db, index: IndexUpdater, jobIds: string[]): Promise<void> {
  const rows = db.prepare<[string], InFlightRow>(
    `SELECT f.id AS file_id, f.rel_path, r.path AS root_path, f.size, f.mtime_ms, f.ino
       FROM jobs j JOIN job_items i ON i.job_key = j.key AND i.ordinal <= j.dispatched AND i.state = 'pending'
       JOIN files f ON f.id = i.file_id JOIN roots r ON r.id = f.root_id
      WHERE j.id = ?`,
  );
  const setStat = db.prepare('UPDATE files SET size = ?, mtime_ms = ? WHERE id = ?');
  for (const jobId of jobIds) {
    for (const row of rows.all(jobId)) {
      const abs = join(row.root_path, ...row.rel_path.split('/'));
      const now = await stat(abs).catch(() => null);
      if (now) {
        if (now.size !== row.size || now.mtimeMs !== row.mtime_ms) setStat.run(now.size, now.mtimeMs, row.file_id);
        continue;
      }
      const folder = dirname(abs);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        const candidate = join(folder, name);
        const s = await stat(candidate).catch(() => null);
        if (!s || `${s.dev}:${s.ino}` !== row.ino) continue;
        const relPath = inRoot(row.root_path, candidate);
        if (relPath) index.apply(row.file_id, { state: 'done', newRelPath: relPath }, Date.now());
        setStat.run(s.size, s.mtimeMs, row.file_id);
        break;
      }
    }
  }
}
