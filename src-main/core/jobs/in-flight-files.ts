import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isInside, relPathOf } from '../library/library-paths.ts';
import type { RecoveredItem } from '../operations/recover-intents.ts';
import type { JobIndex } from './engine-ports.ts';
import { inodeKey } from '../platform/file-stat.ts';

function inRoot(root: string, abs: string): string | null {
  return isInside(root, abs) ? relPathOf(root, abs) : null;
}

/** Renames the operations' recovery finished (from a surviving intent): the index follows. */
export function applyRecoveredRenames(index: JobIndex, recovered: RecoveredItem[]): void {
  for (const item of recovered) {
    if (item.kind !== 'rename' || item.outcome !== 'completed' || item.fileId === undefined) continue;
    const root = index.rootPathOf(item.fileId);
    const relPath = root && inRoot(root, item.to);
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
export async function refreshInFlightFiles(index: JobIndex, jobIds: string[]): Promise<void> {
  for (const jobId of jobIds) {
    for (const row of index.inFlightFiles(jobId)) {
      const abs = join(row.root_path, ...row.rel_path.split('/'));
      const now = await stat(abs).catch(() => null);
      if (now) {
        if (now.size !== row.size || now.mtimeMs !== row.mtime_ms) index.setStat(row.file_id, now.size, now.mtimeMs);
        continue;
      }
      const folder = dirname(abs);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        const candidate = join(folder, name);
        const s = await stat(candidate).catch(() => null);
        if (!s || inodeKey(s) !== row.ino) continue;
        const relPath = inRoot(row.root_path, candidate);
        if (relPath) index.apply(row.file_id, { state: 'done', newRelPath: relPath }, Date.now());
        index.setStat(row.file_id, s.size, s.mtimeMs);
        break;
      }
    }
  }
}
