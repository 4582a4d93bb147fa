import { stat } from 'node:fs/promises';
import type { ErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { ScanResult } from '../../../src-shared/contract/library.ts';
import type { Logger } from '../ports.ts';
import type { FileMetadata } from './file-metadata.ts';
import type { IndexedRow, LibraryIndex, ReadFile } from './index/library-index.ts';
import { walkLibrary, type WalkedFile } from './library-walker.ts';
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

/** Reads many archives' metadata off the main thread, one result (or error) per path, in order. */
export type BatchReader = (absPaths: string[]) => Promise<Array<FileMetadata | ErrorInfo>>;

/** The root claim a scan holds against item jobs (`exec/file-locks.ts`). */
export interface RootLocks {
  withRoot<T>(rootId: number | null, signal: AbortSignal, work: () => Promise<T>): Promise<T>;
}

export interface ScannerDeps {
  index: LibraryIndex;
  roots: RootsRepo;
  locks: RootLocks;
  read: BatchReader;
  logger: Logger;
  now: () => number;
}

/** Paths per worker message: one message's cost is shared by many small archives. */
const READ_BATCH = 64;
/** Batches in flight at once; the pool bounds real parallelism, this keeps its queues fed. */
const READS_IN_FLIGHT = 8;
/** Results committed per transaction. */
const WRITE_BATCH = 2000;

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

  async #scanRoots(rootId: number | null, options: ScanOptions): Promise<ScanResult> {
    const { roots, logger, now } = this.#deps;
    const totals: ScanResult = { files: 0, added: 0, changed: 0, removed: 0, failed: 0, offlineRoots: [] };
    for (const root of rootId === null ? roots.list() : [roots.get(rootId)]) {
      const info = await stat(root.path).catch(() => null);
      if (!info?.isDirectory()) {
        // Unmounted share or removed drive: report it, keep every indexed file as it was.
        roots.setOnline(root.id, false);
        totals.offlineRoots.push(root.path);
        totals.files += root.fileCount;
        logger.warn({ root: root.path }, 'library folder offline; index kept');
        continue;
      }
      options.onProgress?.({ phase: 'listing', done: 0, total: 0 });
      const walked = await walkLibrary(root.path, options.signal);
      const result = await this.#reconcile(root.id, walked, options);
      roots.markScanned(root.id, now());
      totals.files += walked.length;
      totals.added += result.added;
      totals.changed += result.changed;
      totals.removed += result.removed;
      totals.failed += result.failed;
    }
    return totals;
  }

  async #reconcile(
    rootId: number,
    walked: WalkedFile[],
    options: ScanOptions,
  ): Promise<{ added: number; changed: number; removed: number; failed: number }> {
    const { index } = this.#deps;
    const indexed = index.indexedRows(rootId);
    const fresh: WalkedFile[] = [];
    const changed: Array<{ file: WalkedFile; id: number }> = [];
    for (const file of walked) {
      const row = indexed.get(file.relPath);
      if (!row) fresh.push(file);
      else {
        indexed.delete(file.relPath);
        if (row.size !== file.size || row.mtime_ms !== file.mtimeMs || row.ino !== file.ino) changed.push({ file, id: row.id });
      }
    }
    // Left in `indexed`: rows whose path vanished. A vanished path and a new path with the same
    // inode and size is a move (by us or the user): keep the row, and with it the file's
    // status and history.
    const goneByIno = new Map<string, IndexedRow>();
    for (const row of indexed.values()) goneByIno.set(`${row.ino}|${row.size}`, row);
    const moves: Array<{ file: WalkedFile; id: number }> = [];
    const added: WalkedFile[] = [];
    for (const file of fresh) {
      const key = `${file.ino}|${file.size}`;
      const match = goneByIno.get(key);
      if (match) {
        goneByIno.delete(key);
        moves.push({ file, id: match.id });
      } else added.push(file);
    }
    const toRead = [...added.map((file) => ({ file, id: null as number | null })), ...changed];
    const failed = await this.#readAll(rootId, toRead, options);
    index.moveAndRemove(moves, [...goneByIno.values()].map((r) => r.id));
    return { added: added.length, changed: changed.length + moves.length, removed: goneByIno.size, failed };
  }

  /** Reads new and changed archives on the pool in batches; commits results in large transactions. */
  async #readAll(rootId: number, toRead: Array<{ file: WalkedFile; id: number | null }>, options: ScanOptions): Promise<number> {
    const { index, read, now } = this.#deps;
    let failed = 0;
    let done = 0;
    let next = 0;
    let pending: ReadFile[] = [];
    const flush = () => {
      if (pending.length) index.writeRead(rootId, pending, now());
      pending = [];
    };
    const worker = async () => {
      while (next < toRead.length) {
        options.signal?.throwIfAborted();
        const batch = toRead.slice(next, next + READ_BATCH);
        next += batch.length;
        const results = await read(batch.map((b) => b.file.absPath));
        for (const [i, { file, id }] of batch.entries()) {
          const result = results[i]!;
          const error = isError(result) ? result : null;
          if (error) failed += 1;
          pending.push({ file, id, meta: error ? null : (result as FileMetadata), error });
        }
        done += batch.length;
        if (pending.length >= WRITE_BATCH) flush();
        options.onProgress?.({ phase: 'reading', done, total: toRead.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, Math.ceil(toRead.length / READ_BATCH)) }, worker));
    flush();
    return failed;
  }
}
