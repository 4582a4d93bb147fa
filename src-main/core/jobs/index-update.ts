import { splitRelPath } from '../library/library-paths.ts';
import type Database from 'better-sqlite3';
import type { Db } from '../db/open-database.ts';
import { naturalKey } from '../library/natural-key.ts';
import type { OperationOutcome } from '../operations/operation-types.ts';

/**
 * Keeps the files table in step with what an item did (status, cached metadata, new path,
 * size/mtime), inside the same transaction as the item's row: the index never says "renamed"
 * for a rename whose item is not recorded, nor the other way round.
 */
export class IndexUpdater {
  readonly #status: Database.Statement;
  readonly #metadata: Database.Statement;
  readonly #stat: Database.Statement;
  readonly #move: Database.Statement;
  readonly #dropStale: Database.Statement;
  readonly #remove: Database.Statement;
  readonly #duplicateOf: Database.Statement;
  readonly #clearDuplicateOf: Database.Statement;
  /** Bumped on every change, so a runner knows when file rows it read earlier may be stale. */
  version = 0;

  constructor(db: Db) {
    this.#status = db.prepare(
      'UPDATE files SET status = @status, error_code = @code, error_message = @message WHERE id = @id',
    );
    this.#metadata = db.prepare(`
      UPDATE files SET series = @series, number = @number, number_sort = @numberSort, volume = @volume, title = @title,
             year = @year, publisher = @publisher, page_count = @pageCount, meta_read_at = @now
       WHERE id = @id`);
    this.#stat = db.prepare('UPDATE files SET size = ?, mtime_ms = ? WHERE id = ?');
    this.#move = db.prepare(
      'UPDATE files SET rel_path = @relPath, folder = @folder, name = @name, name_key = @nameKey, ext = @ext WHERE id = @id',
    );
    // The rename claimed its target atomically on disk, so an index row already at that path
    // describes a file that is not there any more.
    this.#dropStale = db.prepare(
      'DELETE FROM files WHERE root_id = (SELECT root_id FROM files WHERE id = @id) AND rel_path = @relPath AND id <> @id',
    );
    this.#remove = db.prepare('DELETE FROM files WHERE id = ?');
    // The file a duplicate collides with, found by its path in the same root (null if not indexed).
    this.#duplicateOf = db.prepare(`
      UPDATE files SET duplicate_of = (
        SELECT o.id FROM files o WHERE o.root_id = files.root_id AND o.rel_path = @relPath AND o.id <> files.id)
       WHERE id = @id`);
    this.#clearDuplicateOf = db.prepare('UPDATE files SET duplicate_of = NULL WHERE id = ? AND duplicate_of IS NOT NULL');
  }

  /** The files table changed behind this updater (a scan): rows read before may be stale. */
  invalidate(): void {
    this.version += 1;
  }

  apply(fileId: number, outcome: OperationOutcome, now: number): void {
    this.version += 1;
    // Deleted (to the OS trash): the row goes with the item's result, in the same transaction.
    if (outcome.removed) {
      this.#remove.run(fileId);
      return;
    }
    if (outcome.newRelPath) {
      const relPath = outcome.newRelPath;
      const { name, folder, ext } = splitRelPath(relPath);
      this.#dropStale.run({ id: fileId, relPath });
      this.#move.run({ id: fileId, relPath, folder, name, nameKey: naturalKey(name), ext });
    }
    if (outcome.after) this.#stat.run(outcome.after.size, outcome.after.mtimeMs, fileId);
    if (outcome.metadata) {
      const m = outcome.metadata;
      const numberSort = m.number != null && Number.isFinite(Number(m.number)) ? Number(m.number) : null;
      this.#metadata.run({ ...m, numberSort, now, id: fileId });
    }
    if (outcome.fileStatus) {
      const isError = outcome.fileStatus === 'error';
      this.#status.run({
        id: fileId,
        status: outcome.fileStatus,
        code: isError ? (outcome.code ?? null) : null,
        message: isError ? (outcome.message ?? null) : null,
      });
      if (outcome.fileStatus === 'duplicate' && outcome.duplicateOf) this.#duplicateOf.run({ id: fileId, relPath: outcome.duplicateOf });
      else if (outcome.fileStatus !== 'duplicate') this.#clearDuplicateOf.run(fileId);
    }
  }
}
