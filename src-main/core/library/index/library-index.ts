import type Database from 'better-sqlite3';
import type { ErrorInfo } from '../../../../src-shared/contract/errors.ts';
import { LongboxError } from '../../../../src-shared/contract/errors.ts';
import type { FileStatus, LibraryFile, LibraryPage, SearchCounts } from '../../../../src-shared/contract/library.ts';
import type { Db } from '../../db/open-database.ts';
import type { OperationOutcome } from '../../operations/operation-types.ts';
import type { FileMetadata } from '../file-metadata.ts';
import { splitRelPath } from '../library-paths.ts';
import type { WalkedFile } from '../library-walker.ts';
import { naturalKey } from '../natural-key.ts';
import type { FolderGroup } from '../../../../src-shared/contract/library-view.ts';
import { countByStatus, getFile, queryFiles, searchCounts, type ParsedQuery } from './file-query.ts';
import { queryGroups, queryIds, type GroupsQuery, type IdsQuery } from './folder-groups.ts';
import { registerSearchFunctions } from './search-match.ts';
import { planMatching, type Matching, type MatchPlan } from './search-plan.ts';
import type { WalkMark } from './search-walk.ts';
import { groupSeek, tallyCounts, tallyGroups, tallyMatches, tallyTotal, type Tally } from './search-tally.ts';
import type { FileStat } from '../../platform/file-stat.ts';

/** A file as the scan keys it: path plus the stat fields an incremental scan compares. */
export type ScannedFile = WalkedFile;

/** What the index holds for a file, as the scan compares it. */
export interface IndexedRow {
  id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  ino: string;
  status: FileStatus;
}

/** A row's stat fields as a walk or a stat gives them. */
export function rowStat(row: Pick<IndexedRow, 'size' | 'mtime_ms' | 'ino'>): FileStat {
  return { size: row.size, mtimeMs: row.mtime_ms, ino: row.ino };
}

/** What a job item is built from. */
export interface FileRow {
  root_id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  /** Recorded in the item's before-snapshot, so undo hands it back. */
  status: FileStatus;
}

/** A scanned archive and what reading it gave: metadata, or the error that marks it. */
export interface ReadFile {
  file: ScannedFile;
  /** null: a new file (inserted); else the row it updates. */
  id: number | null;
  meta: FileMetadata | null;
  error: ErrorInfo | null;
}

export interface InFlightRow {
  file_id: number;
  rel_path: string;
  root_path: string;
  size: number;
  mtime_ms: number;
  ino: string;
}

/** Searches (tallies, scans) and their orders (walk marks) kept at once: a few typed words. */
const MAX_KEPT = 32;

/** The one rule for sorting by number: numeric numbers sort as numbers, others after them. */
export function numberSortOf(number: string | null | undefined): number | null {
  return number != null && Number.isFinite(Number(number)) ? Number(number) : null;
}

/**
 * The library index: the only module that runs SQL on the `files` table (docs/architecture.md).
 * Scans write it in bulk, jobs update it inside their item commits, recovery re-stats in-flight
 * files, and every list, count and lookup reads it here. Main thread only.
 */
export class LibraryIndex {
  readonly #db: Db;
  readonly #status: Database.Statement;
  readonly #metadata: Database.Statement;
  readonly #stat: Database.Statement;
  readonly #ino: Database.Statement;
  readonly #move: Database.Statement;
  readonly #dropStale: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #searchBulk: Database.Statement;
  readonly #countsBulk: Database.Statement;
  readonly #rescanned: Database.Statement;
  readonly #remove: Database.Statement;
  readonly #duplicateOf: Database.Statement;
  readonly #clearDuplicateOf: Database.Statement;
  readonly #file: Database.Statement<[number], FileRow>;
  /** Bumped on every change, so a runner knows when file rows it read earlier may be stale. */
  version = 0;
  readonly #tallies = new Map<string, Tally>();
  readonly #marks = new Map<string, WalkMark[]>();
  readonly #scans = new Map<string, number[] | null>();
  #keptStamp = '';
  readonly #counting = new Map<string, Promise<Tally>>();
  readonly #changes: Database.Statement;

  constructor(db: Db) {
    this.#db = db;
    // A scan inserts into nine B-trees of `files` plus the trigram index at once; with SQLite's
    // default 2 MB page cache, from ~20k rows on nearly every insert misses it. 64 MB (the
    // cache grows only as pages are used) keeps a 100k-file library's indexes in memory.
    db.pragma('cache_size = -65536');
    registerSearchFunctions(db);
    this.#changes = db.prepare('SELECT total_changes()');
    this.#status = db.prepare('UPDATE files SET status = @status, error_code = @code, error_message = @message WHERE id = @id');
    this.#metadata = db.prepare(`
      UPDATE files SET series = @series, number = @number, number_sort = @numberSort, volume = @volume, title = @title,
             year = @year, publisher = @publisher, page_count = @pageCount, meta_read_at = @now
       WHERE id = @id`);
    this.#stat = db.prepare('UPDATE files SET size = ?, mtime_ms = ? WHERE id = ?');
    this.#ino = db.prepare('UPDATE files SET ino = ? WHERE id = ?');
    this.#move = db.prepare(
      'UPDATE files SET rel_path = @relPath, folder = @folder, name = @name, name_key = @nameKey, ext = @ext WHERE id = @id',
    );
    // The rename claimed its target atomically on disk, so an index row already at that path
    // describes a file that is not there any more.
    this.#dropStale = db.prepare(
      'DELETE FROM files WHERE root_id = (SELECT root_id FROM files WHERE id = @id) AND rel_path = @relPath AND id <> @id',
    );
    // Positional parameters, in the order of `scanColumns`: a first scan inserts every file, and
    // binding an object by name costs about as much again as the INSERT itself.
    this.#insert = db.prepare(`
      INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino,
                         series, number, number_sort, volume, title, year, publisher, page_count,
                         status, error_code, error_message, meta_read_at, bulk_insert)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`);
    // What the insert triggers skip for `bulk_insert` rows (migration 14), once per batch.
    this.#searchBulk = db.prepare('INSERT INTO files_search(rowid, name, series) SELECT id, name, series FROM files WHERE id IN (SELECT value FROM json_each(?))');
    this.#countsBulk = db.prepare(`
      INSERT INTO file_counts (root_id, status, n)
      SELECT root_id, status, COUNT(*) FROM files WHERE id IN (SELECT value FROM json_each(?)) GROUP BY root_id, status
          ON CONFLICT (root_id, status) DO UPDATE SET n = n + excluded.n`);
    // A changed file keeps its processed/duplicate status unless it can no longer be read.
    this.#rescanned = db.prepare(`
      UPDATE files SET size = ?, mtime_ms = ?, ino = ?, series = ?, number = ?, number_sort = ?,
             volume = ?, title = ?, year = ?, publisher = ?, page_count = ?,
             status = CASE WHEN ? = 'error' THEN 'error' WHEN status = 'error' THEN 'unprocessed' ELSE status END,
             error_code = ?, error_message = ?, meta_read_at = ?
       WHERE id = ?`);
    // Two point lookups instead of a files⋈roots join: the join costs ~10× more per item, and
    // this runs once per item on the main thread (the engine's hot path).
    this.#file = db.prepare('SELECT root_id, rel_path, size, mtime_ms, status FROM files WHERE id = ?');
    this.#remove = db.prepare('DELETE FROM files WHERE id = ?');
    // The file a duplicate collides with, found by its path in the same root (null if not indexed).
    this.#duplicateOf = db.prepare(`
      UPDATE files SET duplicate_of = (
        SELECT o.id FROM files o WHERE o.root_id = files.root_id AND o.rel_path = @relPath AND o.id <> files.id)
       WHERE id = @id`);
    this.#clearDuplicateOf = db.prepare('UPDATE files SET duplicate_of = NULL WHERE id = ? AND duplicate_of IS NOT NULL');
  }

  // ── scans ──────────────────────────────────────────────────────────────────────────────

  /** Every indexed file of a root (or of one of its folders, `relDir`), keyed by relative path. */
  indexedRows(rootId: number, relDir = ''): Map<string, IndexedRow> {
    const rows = new Map<string, IndexedRow>();
    // `/` sorts just before `0`: the half-open range is "everything under the folder". `all()`,
    // not `iterate()`: a rescan reads every row of the root, and stepping an iterator from JS
    // costs several times more per row than one native loop.
    const all =
      relDir === ''
        ? this.#db.prepare('SELECT id, rel_path, size, mtime_ms, ino, status FROM files WHERE root_id = ?').all(rootId)
        : this.#db
            .prepare('SELECT id, rel_path, size, mtime_ms, ino, status FROM files WHERE root_id = ? AND rel_path > ? AND rel_path < ?')
            .all(rootId, `${relDir}/`, `${relDir}0`);
    for (const row of all as IndexedRow[]) rows.set(row.rel_path, row);
    return rows;
  }

  /** A root's rows whose last read failed: a scan reads them again even when unchanged. */
  errorRows(rootId: number): Map<string, IndexedRow> {
    const all = this.#db
      .prepare<[number], IndexedRow>("SELECT id, rel_path, size, mtime_ms, ino, status FROM files WHERE status = 'error' AND root_id = ?")
      .all(rootId);
    return new Map(all.map((row) => [row.rel_path, row]));
  }

  /** The indexed files of a root in these folders (their direct files), keyed by relative path. */
  rowsInFolders(rootId: number, folders: string[]): Map<string, IndexedRow> {
    const one = this.#db.prepare<[number, string], IndexedRow>('SELECT id, rel_path, size, mtime_ms, ino, status FROM files WHERE root_id = ? AND folder = ?');
    return new Map(folders.flatMap((folder) => one.all(rootId, folder)).map((row) => [row.rel_path, row]));
  }

  /** Every folder of a root that holds an indexed file. */
  foldersWithRows(rootId: number): Set<string> {
    return new Set(this.#db.prepare<[number], string>('SELECT DISTINCT folder FROM files WHERE root_id = ?').pluck().all(rootId));
  }

  /**
   * The walk digests of a root's folders (migration 18): each one's rows were found equal to a
   * walk of its direct files with that digest, and none of them changed since.
   */
  folderDigests(rootId: number): Map<string, string> {
    const rows = this.#db.prepare<[number], { folder: string; digest: string }>('SELECT folder, digest FROM folder_digests WHERE root_id = ?').all(rootId);
    return new Map(rows.map((row) => [row.folder, row.digest]));
  }

  /** Stores folder digests (replacing all of the root's with `replace`) and drops those of `gone` folders. */
  setFolderDigests(rootId: number, digests: Map<string, string>, options: { replace: boolean; gone: string[] }): void {
    this.#atomically(() => {
      if (options.replace) this.#db.prepare('DELETE FROM folder_digests WHERE root_id = ?').run(rootId);
      const drop = this.#db.prepare('DELETE FROM folder_digests WHERE root_id = ? AND folder = ?');
      for (const folder of options.gone) drop.run(rootId, folder);
      const put = this.#db.prepare('INSERT INTO folder_digests (root_id, folder, digest) VALUES (?, ?, ?) ON CONFLICT (root_id, folder) DO UPDATE SET digest = excluded.digest');
      for (const [folder, digest] of digests) put.run(rootId, folder, digest);
    });
  }

  /** The indexed files at these relative paths of a root (those that have a row). */
  indexedAt(rootId: number, relPaths: string[]): Map<string, IndexedRow> {
    const one = this.#db.prepare<[number, string], IndexedRow>('SELECT id, rel_path, size, mtime_ms, ino, status FROM files WHERE root_id = ? AND rel_path = ?');
    return new Map(relPaths.flatMap((relPath) => one.all(rootId, relPath)).map((row) => [row.rel_path, row]));
  }

  /** Whether a root has any indexed file (a scan of one that has none is a first scan). */
  hasFiles(rootId: number): boolean {
    return this.#db.prepare('SELECT 1 FROM files WHERE root_id = ? LIMIT 1').get(rootId) !== undefined;
  }

  /**
   * New and changed files with what reading them gave, in one transaction. New rows reach the
   * search index and the status counts in two statements for the whole batch.
   */
  writeRead(rootId: number, batch: ReadFile[], now: number): void {
    this.version += 1;
    this.#atomically(() => {
      const inserted: number[] = [];
      for (const { file, id, meta, error } of batch) {
        const parts = splitRelPath(file.relPath);
        const columns = [
          rootId,
          file.relPath,
          parts.folder,
          parts.name,
          naturalKey(parts.name),
          parts.ext,
          file.size,
          file.mtimeMs,
          file.ino,
          meta?.series ?? null,
          meta?.number ?? null,
          numberSortOf(meta?.number),
          meta?.volume ?? null,
          meta?.title ?? null,
          meta?.year ?? null,
          meta?.publisher ?? null,
          meta?.pageCount ?? null,
          error ? 'error' : 'unprocessed',
          error?.code ?? null,
          error?.message ?? null,
          now,
        ];
        // The UPDATE takes the same columns from `size` on (path columns are the row's already).
        if (id === null) inserted.push(Number(this.#insert.run(columns).lastInsertRowid));
        else this.#rescanned.run([...columns.slice(6), id]);
      }
      if (inserted.length) {
        const ids = JSON.stringify(inserted);
        this.#searchBulk.run(ids);
        this.#countsBulk.run(ids);
      }
    });
  }

  /**
   * Before the first scan of an empty index: drops the secondary indexes of `files` (keeping
   * the unique path index the scan relies on, and the search index), recording each one's
   * CREATE statement in the same transaction. Inserting 100k rows into seven more B-trees in
   * path order costs about three times what building them once afterwards does. False when
   * the index is not empty (another root, another process got there first) or nothing was
   * dropped.
   */
  deferIndexes(): boolean {
    return this.#db
      .transaction(() => {
        if (this.#db.prepare('SELECT 1 FROM files LIMIT 1').get()) return false;
        const indexes = this.#db
          .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'files' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")
          .all();
        const keep = this.#db.prepare('INSERT INTO deferred_indexes (name, sql) VALUES (?, ?)');
        for (const { name, sql } of indexes) {
          keep.run(name, sql);
          this.#db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
        }
        return indexes.length > 0;
      })
      .immediate();
  }

  /**
   * Builds the indexes `deferIndexes` set aside, one transaction each (build and record gone
   * together), and yields between them: at 500k files each takes a fraction of a second of
   * the main thread. Also run at start, for a scan whose process died before its end.
   */
  async restoreIndexes(): Promise<void> {
    const next = this.#db.prepare<[], { name: string; sql: string }>('SELECT name, sql FROM deferred_indexes ORDER BY name LIMIT 1');
    const done = this.#db.prepare('DELETE FROM deferred_indexes WHERE name = ?');
    // Nearly always nothing to do: a plain read, not a write lock, at every start.
    while (next.get()) {
      // Read again inside the transaction: another process may be rebuilding the same ones.
      this.#db
        .transaction(() => {
          const index = next.get();
          if (!index) return;
          this.#db.exec(index.sql);
          done.run(index.name);
        })
        .immediate();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Files the scan found moved (same inode and size) keep their rows; vanished ones go. */
  moveAndRemove(moves: Array<{ file: ScannedFile; id: number }>, removedIds: number[]): void {
    this.version += 1;
    const db = this.#db;
    this.#atomically(() => {
      const move = db.prepare(
        'UPDATE files SET rel_path = ?, folder = ?, name = ?, name_key = ?, ext = ?, mtime_ms = ?, ino = ? WHERE id = ?',
      );
      for (const { file, id } of moves) {
        const parts = splitRelPath(file.relPath);
        move.run(file.relPath, parts.folder, parts.name, naturalKey(parts.name), parts.ext, file.mtimeMs, file.ino, id);
      }
      const del = db.prepare('DELETE FROM files WHERE id = ?');
      for (const id of removedIds) del.run(id);
    });
  }

  /**
   * Runs `body` as one transaction, or as part of the caller's (the scan writes inside its
   * IMMEDIATE check-and-write transaction, exec/file-claims.ts), never as a savepoint nested
   * in it: measured, every insert under such a savepoint cost more the larger the table (a
   * first scan of 100k files took 96 s; the same writes without the savepoint, 10 s). A throw
   * still undoes everything: the caller's transaction rolls back whole.
   */
  #atomically(body: () => void): void {
    if (this.#db.inTransaction) body();
    else this.#db.transaction(body)();
  }

  // ── jobs ───────────────────────────────────────────────────────────────────────────────

  file(id: number): FileRow | undefined {
    return this.#file.get(id);
  }

  /** Root paths by id, for building items (a runner reads this once per page of items). */
  rootPaths(): Map<number, string> {
    return new Map((this.#db.prepare('SELECT id, path FROM roots').all() as Array<{ id: number; path: string }>).map((r) => [r.id, r.path]));
  }

  /** The item-building columns of many files at once (a runner's page of items). */
  files(ids: number[]): Map<number, FileRow> {
    const rows = this.#db
      .prepare('SELECT id, root_id, rel_path, size, mtime_ms, status FROM files WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as Array<FileRow & { id: number }>;
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Keeps the files table in step with what an item did (status, cached metadata, new path,
   * size/mtime). Called inside the transaction that records the item: the index never says
   * "renamed" for a rename whose item is not recorded, nor the other way round.
   */
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
    if (outcome.ino) this.#ino.run(outcome.ino, fileId);
    if (outcome.metadata) {
      const m = outcome.metadata;
      this.#metadata.run({ ...m, numberSort: numberSortOf(m.number), now, id: fileId });
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

  // ── duplicate marks ────────────────────────────────────────────────────────────────────

  /** The file a duplicate collides with (set when a rename found its target taken). */
  duplicateOf(fileId: number): number | null {
    const row = this.#db.prepare('SELECT duplicate_of FROM files WHERE id = ?').get(fileId) as { duplicate_of: number | null } | undefined;
    return row?.duplicate_of ?? null;
  }

  /** "Not a duplicate": the file goes back to unprocessed, its collision forgotten. */
  clearDuplicate(fileId: number): void {
    this.version += 1;
    const changed = this.#db
      .prepare("UPDATE files SET status = 'unprocessed', duplicate_of = NULL WHERE id = ? AND status = 'duplicate'")
      .run(fileId).changes;
    if (!changed) throw new LongboxError('INVALID_INPUT', `File ${fileId} is not marked as a duplicate.`);
  }

  // ── recovery ───────────────────────────────────────────────────────────────────────────

  /** Files of a job's items that may have been in flight when its runner died. */
  inFlightFiles(jobId: string): InFlightRow[] {
    return this.#db
      .prepare<[string], InFlightRow>(
        `SELECT f.id AS file_id, f.rel_path, r.path AS root_path, f.size, f.mtime_ms, f.ino
           FROM jobs j JOIN job_items i ON i.job_key = j.key AND i.ordinal <= j.dispatched AND i.state = 'pending'
           JOIN files f ON f.id = i.file_id JOIN roots r ON r.id = f.root_id
          WHERE j.id = ?`,
      )
      .all(jobId);
  }

  /**
   * A root's files that running jobs may be writing or renaming right now: pending items at
   * or below their job's `dispatched` cursor (moved before any item of a page is handed out) —
   * a page or so per job, whatever the job's size. The watcher treats their changes as ours.
   */
  inFlightIn(rootId: number): Array<{ rel_path: string; ino: string }> {
    return this.#db
      .prepare<[number], { rel_path: string; ino: string }>(
        `SELECT f.rel_path, f.ino FROM jobs j
           JOIN job_items i ON i.job_key = j.key AND i.ordinal <= j.dispatched AND i.state = 'pending'
           JOIN files f ON f.id = i.file_id
          WHERE j.state = 'running' AND f.root_id = ?`,
      )
      .all(rootId);
  }

  setStat(fileId: number, size: number, mtimeMs: number): void {
    this.version += 1;
    this.#stat.run(size, mtimeMs, fileId);
  }

  rootPathOf(fileId: number): string | undefined {
    return this.#db
      .prepare<[number], { path: string }>('SELECT r.path FROM files f JOIN roots r ON r.id = f.root_id WHERE f.id = ?')
      .get(fileId)?.path;
  }

  // ── queries ──────────────────────────────────────────────────────────────────────────

  /** How a filter and search are matched, planned against the library as it is now. */
  #plan(matching: Matching): MatchPlan {
    return planMatching(this.#db, matching, () => countByStatus(this.#db, null).all, this.#kept().scans);
  }

  /**
   * A page of the library view. A search's total is exact when its tally is kept (see
   * `groups`), and a grouped page then seeks to its folder; else the page's plan counts the
   * total, up to a cap for a dense search. A dense search's walks leave marks (kept like the
   * tallies), so scrolling on, or back, does not test the rows before the page again.
   */
  query(query: ParsedQuery): LibraryPage {
    if (!query.search.trim()) return queryFiles(this.#db, query, this.#plan(query));
    const tally = this.#keptTally(query.search, query.rootId);
    const { marks } = this.#kept();
    const walkKey = JSON.stringify([query.search.trim(), query.filter, query.rootId, query.sort, query.direction, query.groupByFolder]);
    return queryFiles(this.#db, query, this.#plan(query), {
      exactTotal: tally && tallyTotal(tally, query.filter),
      seek: tally && query.groupByFolder ? groupSeek(this.#db, tally, query) : undefined,
      marks: (reversed) => {
        const key = `${walkKey}${reversed}`;
        if (!marks.has(key)) marks.set(key, []);
        return marks.get(key)!;
      },
    });
  }

  get(id: number): LibraryFile | null {
    return getFile(this.#db, id);
  }

  /** Counts per status; with `search`, of the files it matches (the view's filter counts). */
  counts(rootId: number | null, search = ''): SearchCounts {
    if (!search.trim()) return { ...countByStatus(this.#db, rootId), lowerBounds: [] };
    const tally = this.#keptTally(search, rootId);
    return tally ? tallyCounts(tally) : searchCounts(this.#db, this.#plan({ filter: 'all', search, rootId }));
  }

  /**
   * Folder groups of the matching files. The grouped view needs every folder's exact count,
   * so a search's groups come from its tally: counted in slices off the main thread's critical
   * path and kept until a row changes, when it also makes that search's totals and counts exact.
   */
  async groups(query: GroupsQuery): Promise<FolderGroup[]> {
    if (!query.search.trim()) return queryGroups(this.#db, this.#plan(query));
    return tallyGroups(this.#db, await this.#tally(query.search, query.rootId), query.filter);
  }

  ids(query: IdsQuery): number[] {
    return queryIds(this.#db, this.#plan(query), query.folder);
  }

  /** A search's tally if one is kept for the index as it is now. */
  #keptTally(search: string, rootId: number | null): Tally | undefined {
    return this.#kept().tallies.get(JSON.stringify([search.trim(), rootId]));
  }

  /** A search's tally: kept, being counted (shared), or counted now. */
  #tally(search: string, rootId: number | null): Promise<Tally> {
    const key = JSON.stringify([search.trim(), rootId]);
    const kept = this.#kept().tallies.get(key);
    if (kept) return Promise.resolve(kept);
    const running = this.#counting.get(key);
    if (running) return running;
    const stamp = this.#stamp();
    const counting = tallyMatches(this.#db, this.#plan({ filter: 'all', search, rootId }))
      .then((tally) => {
        // Kept only when no row changed while it was counted (it is still returned: the change
        // itself makes the view ask again).
        if (this.#stamp() === stamp) this.#kept().tallies.set(key, tally);
        return tally;
      })
      .finally(() => this.#counting.delete(key));
    this.#counting.set(key, counting);
    return counting;
  }

  /** Rows this connection changed (any table, cascades included) and other connections' commits. */
  #stamp(): string {
    return `${this.#changes.pluck().get()}:${this.#db.pragma('data_version', { simple: true })}`;
  }

  /** What is kept of searches for the index as it is now (emptied when it changed). */
  #kept(): { tallies: Map<string, Tally>; marks: Map<string, WalkMark[]>; scans: Map<string, number[] | null> } {
    const stamp = this.#stamp();
    if (stamp !== this.#keptStamp || Math.max(this.#tallies.size, this.#marks.size, this.#scans.size) > MAX_KEPT) {
      this.#keptStamp = stamp;
      this.#tallies.clear();
      this.#marks.clear();
      this.#scans.clear();
    }
    return { tallies: this.#tallies, marks: this.#marks, scans: this.#scans };
  }

  fileCount(rootId: number): number {
    return this.counts(rootId).all;
  }

  firstFileId(): number | undefined {
    return (this.#db.prepare('SELECT id FROM files ORDER BY id LIMIT 1').get() as { id: number } | undefined)?.id;
  }

  /** The id of the file at `relPath` in a root (the CLI's `--files`). */
  idAt(rootId: number, relPath: string): number | undefined {
    return (this.#db.prepare('SELECT id FROM files WHERE root_id = ? AND rel_path = ?').get(rootId, relPath) as { id: number } | undefined)?.id;
  }
}
