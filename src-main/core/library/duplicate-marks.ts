import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { Db } from '../db/open-database.ts';

/**
 * A duplicate's mark: its status and the file it collides with (`files.duplicate_of`, set when
 * a rename finds its target taken; cleared whenever the status changes to anything else).
 */
export function duplicateOf(db: Db, fileId: number): number | null {
  const row = db.prepare('SELECT duplicate_of FROM files WHERE id = ?').get(fileId) as { duplicate_of: number | null } | undefined;
  return row?.duplicate_of ?? null;
}

/** "Not a duplicate": the file goes back to unprocessed, its collision forgotten. */
export function clearDuplicateMark(db: Db, fileId: number): void {
  const changed = db
    .prepare("UPDATE files SET status = 'unprocessed', duplicate_of = NULL WHERE id = ? AND status = 'duplicate'")
    .run(fileId).changes;
  if (!changed) throw new LongboxError('INVALID_INPUT', `File ${fileId} is not marked as a duplicate.`);
}
