import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { ScanResult } from '../../../src-shared/contract/library.ts';
import { removeOrphanTemps } from '../archive/orphan-temps.ts';
import type { Logger } from '../ports.ts';
import type { FileMetadata } from './file-metadata.ts';
import type { TreeWalk } from './find-walk.ts';
import { rowStat, type IndexedRow, type LibraryIndex, type ReadFile, type ScannedFile } from './index/library-index.ts';
import { sameFileStat } from '../platform/file-stat.ts';
import { filesOf, INVALID_NAME, NOT_STATED, splitRoot, statLibraryPaths, type WalkedFiles, type WalkShare } from './library-walker.ts';
import { splitRelPath } from './library-paths.ts';
import { resultsOf, type ReadBatch } from './read-batch.ts';
import type { RootsRepo } from './roots-repo.ts';

export interface ScanProgress {
  phase: 'listing' | 'reading';
  done: number;
  total: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
}

/** The scan's file-system work, done off the main thread (the worker pool in the app). */
export interface ScanReader {
  /** Walks and stats (unless `listOnly`) one share of a root's tree. */
  walk(share: WalkShare): Promise<WalkedFiles>;
  /**
   * Walks a whole root at once off the pool (library/find-walk.ts), or null: then it is walked
   * in shares with `walk`. Unless `fresh`, it may give a walk begun earlier (`TreeWalk.early`).
   */
  walkTree?(root: string, options?: { fresh?: boolean }): Promise<TreeWalk | null>;
  /** Reads many archives' metadata and stat, one result (or error) per path, in order. */
  metadata(absPaths: string[]): Promise<ReadBatch>;
  /** How many of these run at once usefully (threads). */
  readonly parallelism: number;
  /** Starts the threads now: they boot while the scan walks the tree. */
  warm(): void;
}

/** The root claim a scan holds against item jobs (`exec/file-locks.ts`). */
export interface RootLocks {
  withRoot<T>(rootId: number | null, signal: AbortSignal, work: () => Promise<T>): Promise<T>;
}

/**
 * Other processes on the same database (`exec/file-claims.ts`, docs/concurrency.md): the files
 * they have in flight, and whether they committed since a mark.
 */
export interface ScanClaims {
  heldElsewhere(rootId: number): Array<{ id: number; relPath: string; ino: string }>;
  /** A mark to compare with later (SQLite's data_version: moves only with other connections' commits). */
  mark(): number;
  /** Runs `write` in one IMMEDIATE transaction, told whether another process committed since `mark`. */
  exclusive<T>(mark: number, write: (othersCommitted: boolean) => T): T;
}

export interface ScannerDeps {
  index: LibraryIndex;
  roots: RootsRepo;
  locks: RootLocks;
  /** Files other processes have in flight (`exec/file-claims.ts`): not read, rows kept. */
  claims: ScanClaims;
  read: ScanReader;
  logger: Logger;
  now: () => number;
}

/** Paths per worker message: one message's cost is shared by many small archives. */
const READ_BATCH = 64;
/**
 * Batches in flight at once; the pool bounds real parallelism, this keeps its queues fed. While
 * the main thread commits a write batch (tens of milliseconds at 2,000 rows) it hands out no
 * new reads: enough must wait in the threads' queues to keep them busy through it — 8 batches
 * ran dry halfway through each commit of a 100k-file first scan.
 */
const READS_IN_FLIGHT = 32;
/** Results committed per transaction. */
const WRITE_BATCH = 2000;
/**
 * A rescan compares only the changed folders while they hold at most this many archives (or a
 * fifth of the root): more, and reading every row at once costs less than stat'ing these.
 */
const PARTIAL_SCAN_MAX = 5000;
/** Below this many new files, building the indexes row by row costs little. */
const BULK_LOAD_MIN_FILES = 10_000;

function isError(value: FileMetadata | ErrorInfo): value is ErrorInfo {
  return 'code' in value && 'message' in value && !('pageCount' in value);
}

/**
 * The library scan, used by `library.scan`, `library.roots.add` and the scan job alike.
 * Incremental: stat every archive, read metadata only of new or changed ones (size + mtime +
 * inode), detect moves by inode so a file's status follows it, and never drop anything from an
 * offline root. One way: roots → walk → read on the pool → index, under the root's claim.
 */
export class LibraryScanner {
  readonly #deps: ScannerDeps;

  constructor(deps: ScannerDeps) {
    this.#deps = deps;
  }

  /**
   * A scan rewrites the file rows items are built from (path, size, mtime) and deletes those of
   * vanished files, so it runs only once no item of its root is in flight, and item jobs wait
   * for it to end before they start another item there.
   */
  async scan(rootId: number | null, options: ScanOptions = {}): Promise<ScanResult> {
    return this.#deps.locks.withRoot(rootId, options.signal ?? new AbortController().signal, () => this.#scanRoots(rootId, options));
  }

  /**
   * Reconciles only these relative paths of a root (the watcher's settled files): each is
   * added, changed or removed as it is on disk now, and a vanished path whose inode shows up at
   * another of them is a move. Nothing else of the root is looked at. Returns the rows those
   * paths had before (read under the root's claim, so no job commit slips in between).
   */
  async refresh(rootId: number, relPaths: string[]): Promise<Map<string, IndexedRow>> {
    return this.#deps.locks.withRoot(rootId, new AbortController().signal, async () => {
      const root = this.#deps.roots.get(rootId);
      const mark = this.#deps.claims.mark();
      const before = this.#deps.index.indexedAt(root.id, relPaths);
      if (await this.#online(root)) await this.#reconcile(root.id, root.path, await statLibraryPaths(root.path, relPaths), new Map(before), mark, {});
      return before;
    });
  }

  /** Unmounted share or removed drive: say so, and keep every indexed file as it was. */
  async #online(root: { id: number; path: string }): Promise<boolean> {
    const info = await stat(root.path).catch(() => null);
    if (info?.isDirectory()) return true;
    this.#deps.roots.setOnline(root.id, false);
    this.#deps.logger.warn({ root: root.path }, 'library folder offline; index kept');
    return false;
  }

  async #scanRoots(rootId: number | null, options: ScanOptions): Promise<ScanResult> {
    const { roots, now } = this.#deps;
    const totals: ScanResult = { files: 0, added: 0, changed: 0, removed: 0, failed: 0, offlineRoots: [] };
    for (const root of rootId === null ? roots.list() : [roots.get(rootId)]) {
      if (!(await this.#online(root))) {
        totals.offlineRoots.push(root.path);
        totals.files += root.fileCount;
        continue;
      }
      options.onProgress?.({ phase: 'listing', done: 0, total: 0 });
      const { mark, indexed, walked } = await this.#indexedAndWalked(root);
      await this.#sweepTemps(root.path, walked.temps);
      options.signal?.throwIfAborted();
      const result = await this.#reconcile(root.id, root.path, walked.files, indexed, mark, options);
      if (result.exact) this.#keepDigests(root.id, walked, mark);
      roots.markScanned(root.id, now());
      // A file listed but gone before its read (a first scan lists without stat) is not there.
      totals.files += walked.total - result.gone;
      totals.added += result.added;
      totals.changed += result.changed;
      totals.removed += result.removed;
      totals.failed += result.failed;
    }
    return totals;
  }

  /**
   * The root's indexed rows and its tree as walked now, with the mark the rows were read at.
   * The rows must not be newer than the walk: a file another process renames (and commits)
   * after the walk listed its old name, read back at its new one, would look moved back.
   * So the walk starts first (find in a child process, or the pool threads) and the rows are
   * read while it runs, and when no other process committed between the mark and the end of
   * that read (data_version unmoved, nearly always), the rows are the database as it was before
   * the walk began. Otherwise it is done again in order: rows, then walk — a file renamed
   * meanwhile then shows as "row changed since the snapshot" at write time, never as a vanished
   * file.
   *
   * With a walk digest stored (`RootsRepo.walkDigest`: the rows were equal to a walk with that
   * digest, and no row changed since) the tree most likely is as it was, so the walk comes
   * first, alone: if its digest is the stored one, nothing changed on either side and only the
   * rows of files whose read failed are read (they are read again). That walk may be one a CLI
   * command began before the mark (`TreeWalk.early`): proof of "unchanged", and nothing else.
   */
  async #indexedAndWalked(root: { id: number; path: string }): Promise<{ mark: number; indexed: Map<string, IndexedRow>; walked: Walked }> {
    const { claims, index, read, roots } = this.#deps;
    // A first scan reads every file: its threads boot during the walk. A rescan may read none,
    // and a thread's boot costs a fifth of a second of CPU that the walk and the index read need.
    const listOnly = !index.hasFiles(root.id);
    if (listOnly) read.warm();
    const mark = claims.mark();
    const stored = roots.walkDigest(root.id);
    // Read only when the tree's digest does not settle it (one row per folder).
    let storedFolders: Map<string, string> | undefined;
    const folderDigests = () => (storedFolders ??= index.folderDigests(root.id));
    const tree = stored !== null || folderDigests().size ? ((await read.walkTree?.(root.path)) ?? null) : null;
    if (tree && tree.digest === stored) {
      const indexed = index.errorRows(root.id);
      const files = [...indexed.values()].map((row) => ({ relPath: row.rel_path, ...rowStat(row) }));
      const walked = { files, total: index.fileCount(root.id), temps: tree.temps, digest: tree.digest };
      if (claims.mark() === mark) return { mark, indexed, walked };
    } else if (tree) {
      const partial = await this.#changedFolders(root, tree, folderDigests());
      if (partial && claims.mark() === mark) return { mark, ...partial };
    }
    if (tree && !tree.early && tree.digest !== stored) {
      const walked = this.#parsed(tree);
      const indexed = walked && index.indexedRows(root.id);
      if (walked && indexed && claims.mark() === mark) return { mark, indexed, walked };
    }
    return this.#walkedWhileReading(root, listOnly);
  }

  /**
   * Only the folders whose walk differs from their stored digest (or that have rows and no
   * digest, or a digest and no longer a walk, or a file whose read failed): their rows, and a
   * fresh stat of every archive
   * either their walk or their rows name. Unchanged folders need nothing: their digest proves
   * their rows equal their files. Null when too much changed for this to pay (then every row is
   * compared) or find printed anything unexpected. The walk may be an early one: it only
   * names candidates, and every stat compared is taken after the rows were read.
   */
  async #changedFolders(
    root: { id: number; path: string },
    tree: TreeWalk,
    storedFolders: Map<string, string>,
  ): Promise<{ indexed: Map<string, IndexedRow>; walked: Walked } | null> {
    const { index } = this.#deps;
    const folders = storedFolders.size ? tree.folders() : null;
    if (!folders) return null;
    const changed = new Set<string>();
    for (const [folder, walk] of folders) if (storedFolders.get(folder) !== walk.digest) changed.add(folder);
    for (const folder of storedFolders.keys()) if (!folders.has(folder)) changed.add(folder);
    for (const folder of index.foldersWithRows(root.id)) if (!storedFolders.has(folder)) changed.add(folder);
    // An errored file is read again at every scan, so its folder is looked at too.
    for (const row of index.errorRows(root.id).values()) changed.add(splitRelPath(row.rel_path).folder);
    let archives = 0;
    let archivesChanged = 0;
    for (const [folder, walk] of folders) {
      archives += walk.archives;
      if (changed.has(folder)) archivesChanged += walk.archives;
    }
    if (archivesChanged > Math.max(PARTIAL_SCAN_MAX, archives / 5)) return null;
    const indexed = index.rowsInFolders(root.id, [...changed]);
    const listed = indexed.size <= Math.max(PARTIAL_SCAN_MAX, archives / 5) ? tree.filesIn(changed) : null;
    if (!listed) return null;
    const files = await statLibraryPaths(root.path, [...new Set([...listed.map((f) => f.relPath), ...indexed.keys()])]);
    // A folder whose files are now as the walk listed them gets that walk's digest once its rows
    // are written; the whole tree's digest only if every changed folder is.
    const now = new Map(files.map((f) => [f.relPath, f]));
    const stale = new Set<string>();
    for (const file of listed) {
      const seen = now.get(file.relPath);
      if (!seen || !sameFileStat(seen, file)) stale.add(splitRelPath(file.relPath).folder);
      now.delete(file.relPath);
    }
    for (const file of now.values()) stale.add(splitRelPath(file.relPath).folder);
    const digests = new Map([...changed].flatMap((folder) => (folders.has(folder) && !stale.has(folder) ? [[folder, folders.get(folder)!.digest] as const] : [])));
    const gone = [...changed].filter((folder) => !folders.has(folder));
    const walked: Walked = {
      files,
      total: archives - archivesChanged + files.length,
      temps: tree.temps,
      digest: stale.size ? null : tree.digest,
      folderDigests: () => ({ digests, replace: false, gone }),
    };
    return { indexed, walked };
  }

  /** A fresh walk with the rows read meanwhile; in order (rows, then walk) if another process committed. */
  async #walkedWhileReading(root: { id: number; path: string }, listOnly: boolean): Promise<{ mark: number; indexed: Map<string, IndexedRow>; walked: Walked }> {
    const { claims, index } = this.#deps;
    const mark = claims.mark();
    const walking = this.#walk(root, listOnly);
    // Awaited below; marked handled now in case reading the rows throws first.
    walking.catch(() => undefined);
    // The pool posts queued tasks on its next turn: let it, so the threads walk while this one reads.
    await new Promise((resolve) => setImmediate(resolve));
    const indexed = index.indexedRows(root.id);
    if (claims.mark() === mark) return { mark, indexed, walked: await walking };
    await walking.catch(() => undefined);
    const again = claims.mark();
    return { mark: again, indexed: index.indexedRows(root.id), walked: await this.#walk(root, listOnly) };
  }

  /**
   * The root's archives and the temp files of ours met on the way (relative paths), walked now:
   * by find in a child process where it can, else by several pool threads at once (one share
   * of folders each). A root with no indexed file yet is only listed by the threads
   * (`listOnly`): every file is read anyway, and the read's `fstat` is its stat.
   */
  async #walk(root: { id: number; path: string }, listOnly: boolean): Promise<Walked> {
    const { read } = this.#deps;
    const tree = (await read.walkTree?.(root.path, { fresh: true })) ?? null;
    const walked = tree && this.#parsed(tree);
    if (walked) return walked;
    const parts = await Promise.all(splitRoot(root.path, read.parallelism * 2, listOnly).map((share) => read.walk(share)));
    const files = filesOf(parts);
    return { files, total: files.length, temps: parts.flatMap((p) => p.temps ?? []), digest: null };
  }

  /** find's walk, every record parsed; null if find printed anything unexpected (walk in Node then). */
  #parsed(tree: TreeWalk): Walked | null {
    const files = tree.files();
    const folderDigests = () => {
      const folders = tree.folders();
      return folders && { digests: new Map([...folders].map(([folder, walk]) => [folder, walk.digest])), replace: true, gone: [] };
    };
    return files && { files, total: files.length, temps: tree.temps, digest: tree.digest, folderDigests };
  }

  /**
   * Stores the digests of a walk the root's rows were just found exactly equal to — the whole
   * tree's and its folders' — unless another process committed since the scan's mark (its rows
   * may differ from the walk now).
   */
  #keepDigests(rootId: number, walked: Walked, mark: number): void {
    const { claims, index, roots } = this.#deps;
    const folders = walked.folderDigests?.() ?? null;
    const digest = walked.digest !== null && roots.walkDigest(rootId) !== walked.digest ? walked.digest : null;
    if (digest === null && !folders?.digests.size && !folders?.gone.length) return;
    claims.exclusive(mark, (othersCommitted) => {
      if (othersCommitted) return;
      if (digest !== null) roots.setWalkDigest(rootId, digest);
      if (folders) index.setFolderDigests(rootId, folders.digests, folders);
    });
  }

  /** Temps of interrupted writes that no intent names any more (archive/orphan-temps.ts), each removal logged. */
  async #sweepTemps(rootPath: string, temps: string[]): Promise<void> {
    if (!temps.length) return;
    const removed = await removeOrphanTemps(temps.map((rel) => join(rootPath, ...rel.split('/')))).catch((error: unknown) => {
      this.#deps.logger.warn({ root: rootPath, err: String(error) }, 'could not sweep orphaned temp files');
      return [];
    });
    for (const file of removed) this.#deps.logger.info({ file }, 'removed an orphaned temp file of an interrupted write');
  }

  /** Compares `walked` with the `indexed` rows of the same paths (consumed), and writes the difference. */
  async #reconcile(
    rootId: number,
    rootPath: string,
    walked: ScannedFile[],
    indexed: Map<string, IndexedRow>,
    mark: number,
    options: ScanOptions,
  ): Promise<{ added: number; changed: number; removed: number; failed: number; gone: number; exact: boolean }> {
    // The rows as read, for #write's check against other processes' commits: by id only when
    // that check runs (rarely), not 100k Map entries on every rescan.
    const rows = [...indexed.values()];
    let byId: Map<number, IndexedRow> | null = null;
    const snapshot = () => (byId ??= new Map(rows.map((row) => [row.id, row])));
    // Whether the rows now equal the walk: not when a write left something to another process.
    let exact = true;
    const write = (reads: ReadFile[], moves: Moves = [], removed: number[] = []) => {
      const { failed, othersCommitted } = this.#write(rootId, mark, snapshot, reads, moves, removed);
      if (othersCommitted) exact = false;
      return failed;
    };
    // A file another process is writing may be half-written (a tail being rewritten in place) or
    // just renamed: neither its old row nor its path — nor a new path with its inode — is looked
    // at now. Its row stays as it was; that process's commit updates it, the next scan checks it.
    const held = this.#deps.claims.heldElsewhere(rootId);
    if (held.length) {
      exact = false;
      const paths = new Set(held.map((h) => h.relPath));
      const inos = new Set(held.map((h) => h.ino));
      for (const path of paths) indexed.delete(path);
      walked = walked.filter((f) => !paths.has(f.relPath) && !inos.has(f.ino));
    }
    const fresh: ScannedFile[] = [];
    const changed: Array<{ file: ScannedFile; id: number }> = [];
    const retried: Array<{ file: ScannedFile; id: number }> = [];
    for (const file of walked) {
      const row = indexed.get(file.relPath);
      if (!row) fresh.push(file);
      else {
        indexed.delete(file.relPath);
        if (row.size !== file.size || row.mtime_ms !== file.mtimeMs || row.ino !== file.ino) changed.push({ file, id: row.id });
        // An errored file is read again even when unchanged: the error may have been the disk's
        // or a mount's, and a file that now reads fine loses the mark (writeRead clears it).
        else if (row.status === 'error') retried.push({ file, id: row.id });
      }
    }
    // Left in `indexed`: rows whose path vanished. A vanished path and a new path with the same
    // inode and size is a move (by us or the user): keep the row, and with it the file's
    // status and history.
    const goneByIno = new Map<string, IndexedRow>();
    for (const row of indexed.values()) goneByIno.set(`${row.ino}|${row.size}`, row);
    const moves: Moves = [];
    const added: ScannedFile[] = [];
    for (const file of fresh) {
      const key = `${file.ino}|${file.size}`;
      const match = goneByIno.get(key);
      if (match) {
        goneByIno.delete(key);
        moves.push({ file, id: match.id });
      } else added.push(file);
    }
    const toRead = [...added.map((file) => ({ file, id: null as number | null })), ...changed, ...retried];
    // The first scan of an empty library builds the secondary indexes once, at its end
    // (LibraryIndex.deferIndexes); a scan cut short by a cancel or an error builds them too.
    const deferred = added.length >= BULK_LOAD_MIN_FILES && this.#deps.index.deferIndexes();
    let failed: number;
    let gone: number;
    try {
      ({ failed, gone } = await this.#readAll(rootPath, toRead, write, options));
      write([], moves, [...goneByIno.values()].map((r) => r.id));
    } finally {
      if (deferred) await this.#deps.index.restoreIndexes();
    }
    return { added: added.length - gone, changed: changed.length + moves.length, removed: goneByIno.size, failed, gone, exact: exact && gone === 0 };
  }

  /**
   * Reads new and changed archives on the pool in batches; commits results in large
   * transactions. A file listed without a stat (NOT_STATED) takes the stat the read gave; one
   * with none had vanished since the listing (`gone`): not there, so not indexed.
   */
  async #readAll(
    rootPath: string,
    toRead: Array<{ file: ScannedFile; id: number | null }>,
    write: (reads: ReadFile[]) => number,
    options: ScanOptions,
  ): Promise<{ failed: number; gone: number }> {
    const { read } = this.#deps;
    let failed = 0;
    let gone = 0;
    let done = 0;
    let next = 0;
    let pending: ReadFile[] = [];
    const flush = () => {
      // In path order: reads finish interleaved across folders, and sorted inserts touch
      // neighbouring pages of the path and name indexes instead of pages all over them.
      pending.sort((a, b) => (a.file.relPath < b.file.relPath ? -1 : a.file.relPath > b.file.relPath ? 1 : 0));
      // Failures as written: a file another process renamed away under the read is not one.
      if (pending.length) failed += write(pending);
      pending = [];
    };
    const worker = async () => {
      while (next < toRead.length) {
        options.signal?.throwIfAborted();
        const batch = toRead.slice(next, next + READ_BATCH);
        next += batch.length;
        const readable = batch.filter((b) => !b.file.ino.startsWith(INVALID_NAME));
        const readResults = resultsOf(await read.metadata(readable.map((b) => join(rootPath, ...b.file.relPath.split('/')))));
        let k = 0;
        for (let { file, id } of batch) {
          let result: FileMetadata | ErrorInfo;
          if (file.ino.startsWith(INVALID_NAME)) result = invalidNameError(file.relPath);
          else {
            const { stat, result: read } = readResults[k++]!;
            result = read;
            if (file.ino === NOT_STATED) {
              if (!stat) {
                gone += 1;
                continue;
              }
              file = { relPath: file.relPath, ...stat };
            }
          }
          const error = isError(result) ? result : null;
          pending.push({ file, id, meta: error ? null : (result as FileMetadata), error });
        }
        done += batch.length;
        if (pending.length >= WRITE_BATCH) flush();
        options.onProgress?.({ phase: 'reading', done, total: toRead.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, Math.ceil(toRead.length / READ_BATCH)) }, worker));
    flush();
    return { failed, gone };
  }

  /**
   * Writes what the scan found, unless another process changed it since the scan's snapshot
   * (`mark`): rows it holds or changed (renamed, rewritten, removed) and paths it indexed
   * meanwhile are left to that process and the next scan. The check and the write are one
   * IMMEDIATE transaction, so no commit slips in between; with no foreign commit since the
   * mark (the usual case) nothing is checked at all.
   */
  #write(
    rootId: number,
    mark: number,
    rows: () => Map<number, IndexedRow>,
    reads: ReadFile[],
    moves: Moves,
    removed: number[],
  ): { failed: number; othersCommitted: boolean } {
    // An unchanged rescan has nothing to write: no write lock for it.
    if (!reads.length && !moves.length && !removed.length) return { failed: 0, othersCommitted: false };
    const { index, claims, now } = this.#deps;
    return claims.exclusive(mark, (othersCommitted) => {
      if (othersCommitted) {
        const snapshot = rows();
        const held = new Set(claims.heldElsewhere(rootId).map((h) => h.id));
        const current = index.files([...reads.flatMap((r) => (r.id === null ? [] : [r.id])), ...moves.map((m) => m.id), ...removed]);
        const unchanged = (id: number) => {
          const was = snapshot.get(id);
          const is = current.get(id);
          return !held.has(id) && !!was && !!is && was.rel_path === is.rel_path && was.size === is.size && was.mtime_ms === is.mtime_ms;
        };
        const taken = index.indexedAt(rootId, reads.flatMap((r) => (r.id === null ? [r.file.relPath] : [])));
        reads = reads.filter((r) => (r.id === null ? !taken.has(r.file.relPath) : unchanged(r.id)));
        moves = moves.filter((m) => unchanged(m.id));
        removed = removed.filter(unchanged);
      }
      if (reads.length) index.writeRead(rootId, reads, now());
      if (moves.length || removed.length) index.moveAndRemove(moves, removed);
      return { failed: reads.filter((r) => r.error).length, othersCommitted };
    });
  }
}

type Moves = Array<{ file: ScannedFile; id: number }>;

/** A root as walked for a scan. */
interface Walked {
  /** The files to compare with the rows read (after a walk with the stored digest, those whose read failed). */
  files: ScannedFile[];
  /** Archives on disk. */
  total: number;
  temps: string[];
  /** The walk's digest (find-walk.ts), null if walked by the threads or not all of it was compared. */
  digest: string | null;
  /** The folder digests to store if the rows end up equal to the walk (`replace`: all of the root's). */
  folderDigests?: () => { digests: Map<string, string>; replace: boolean; gone: string[] } | null;
}

function invalidNameError(relPath: string): ErrorInfo {
  return { code: 'NAME_INVALID', message: `${relPath}: the file name is not valid UTF-8 (shown with �); rename the file to include it` };
}
