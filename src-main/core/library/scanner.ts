import { stat } from 'node:fs/promises';
import { splitRelPath } from './library-paths.ts';
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { ScanResult } from '../../../src-shared/contract/library.ts';
import type { Db } from '../db/open-database.ts';
import type { Logger } from '../ports.ts';
import type { FileMetadata, MetadataReader } from './file-metadata.ts';
import { statLibraryPaths, walkLibrary, type WalkedFile } from './library-walker.ts';
import { naturalKey } from './natural-key.ts';
import type { RootsRepo } from './roots-repo.ts';

interface IndexedRow {
  id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  ino: string;
}

export interface ScanProgress {
  phase: 'listing' | 'reading';
  done: number;
  total: number;
}

export interface ScanDeps {
  db: Db;
  roots: RootsRepo;
  readMetadata: MetadataReader;
  logger: Logger;
  now: () => number;
  /** How many archives are read at once (the worker pool bounds real parallelism). */
  readConcurrency?: number;
}

/**
 * Incremental scan of one or all roots: stat every archive, read metadata only of new or
 * changed ones (size + mtime + inode), detect moves by inode so a file's status follows it,
 * and never drop anything from an offline root.
 */
export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  /**
   * Reconcile only these relative paths of the root (the watcher's settled files): each is
   * added, changed or removed as it is on disk now, and a vanished path whose inode shows up
   * at another of them is a move. Nothing else of the root is looked at.
   */
  paths?: string[];
}

export async function scanLibrary(deps: ScanDeps, rootId: number | null, options: ScanOptions = {}): Promise<ScanResult> {
  const totals: ScanResult = { files: 0, added: 0, changed: 0, removed: 0, failed: 0, offlineRoots: [] };
  const roots = rootId === null ? deps.roots.list() : [deps.roots.get(rootId)];
  for (const root of roots) {
    const info = await stat(root.path).catch(() => null);
    if (!info?.isDirectory()) {
      // Unmounted share or removed drive: report it, keep every indexed file as it was.
      deps.roots.setOnline(root.id, false);
      totals.offlineRoots.push(root.path);
      totals.files += root.fileCount;
      deps.logger.warn({ root: root.path }, 'library folder offline; index kept');
      continue;
    }
    options.onProgress?.({ phase: 'listing', done: 0, total: 0 });
    const walked = options.paths ? await statLibraryPaths(root.path, options.paths) : await walkLibrary(root.path, options.signal);
    const result = await reconcileRoot(deps, root.id, walked, options);
    if (!options.paths) deps.roots.markScanned(root.id, deps.now());
    totals.files += walked.length;
    totals.added += result.added;
    totals.changed += result.changed;
    totals.removed += result.removed;
    totals.failed += result.failed;
  }
  return totals;
}

async function reconcileRoot(
  deps: ScanDeps,
  rootId: number,
  walked: WalkedFile[],
  options: ScanOptions,
): Promise<{ added: number; changed: number; removed: number; failed: number }> {
  const { db } = deps;
  const indexed = new Map<string, IndexedRow>();
  const rows = options.paths
    ? (() => {
        const one = db.prepare<[number, string], IndexedRow>('SELECT id, rel_path, size, mtime_ms, ino FROM files WHERE root_id = ? AND rel_path = ?');
        return options.paths.flatMap((relPath) => one.all(rootId, relPath));
      })()
    : (db.prepare('SELECT id, rel_path, size, mtime_ms, ino FROM files WHERE root_id = ?').iterate(rootId) as IterableIterator<IndexedRow>);
  for (const row of rows) indexed.set(row.rel_path, row);

  const fresh: WalkedFile[] = [];
  const changed: Array<{ file: WalkedFile; id: number }> = [];
  const seen = new Set<string>();
  for (const file of walked) {
    seen.add(file.relPath);
    const row = indexed.get(file.relPath);
    if (!row) fresh.push(file);
    else if (row.size !== file.size || row.mtime_ms !== file.mtimeMs || row.ino !== file.ino) changed.push({ file, id: row.id });
  }
  const gone = [...indexed.values()].filter((r) => !seen.has(r.rel_path));

  // A path that vanished and a new path with the same inode and size is a move (by us or the
  // user): keep the row, and with it the file's status and history.
  const goneByIno = new Map(gone.map((r) => [`${r.ino}|${r.size}`, r]));
  const moves: Array<{ file: WalkedFile; id: number }> = [];
  const added: WalkedFile[] = [];
  for (const file of fresh) {
    const match = goneByIno.get(`${file.ino}|${file.size}`);
    if (match) {
      goneByIno.delete(`${file.ino}|${file.size}`);
      moves.push({ file, id: match.id });
    } else added.push(file);
  }
  const removed = [...goneByIno.values()];

  const toRead = [...added.map((file) => ({ file, id: null as number | null })), ...changed];
  let failed = 0;
  const results: Array<{ file: WalkedFile; id: number | null; meta: FileMetadata | null; error: string | null; code: string | null }> = [];
  const concurrency = deps.readConcurrency ?? 8;
  let next = 0;
  let done = 0;
  const flushEvery = 500;
  const flush = () => {
    const batch = results.splice(0);
    if (batch.length) writeRead(db, rootId, batch, deps.now());
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, toRead.length) }, async () => {
      while (next < toRead.length) {
        options.signal?.throwIfAborted();
        const job = toRead[next++]!;
        try {
          results.push({ ...job, meta: await deps.readMetadata(job.file.absPath), error: null, code: null });
        } catch (error) {
          failed += 1;
          const info = toErrorInfo(error);
          results.push({ ...job, meta: null, error: info.message, code: info.code });
        }
        done += 1;
        if (results.length >= flushEvery) flush();
        options.onProgress?.({ phase: 'reading', done, total: toRead.length });
      }
    }),
  );
  flush();

  db.transaction(() => {
    const move = db.prepare(
      'UPDATE files SET rel_path = ?, folder = ?, name = ?, name_key = ?, ext = ?, mtime_ms = ?, ino = ? WHERE id = ?',
    );
    for (const { file, id } of moves) {
      const parts = splitRelPath(file.relPath);
      move.run(file.relPath, parts.folder, parts.name, naturalKey(parts.name), parts.ext, file.mtimeMs, file.ino, id);
    }
    const del = db.prepare('DELETE FROM files WHERE id = ?');
    for (const row of removed) del.run(row.id);
  })();
  return { added: added.length, changed: changed.length + moves.length, removed: removed.length, failed };
}

function writeRead(
  db: Db,
  rootId: number,
  batch: Array<{ file: WalkedFile; id: number | null; meta: FileMetadata | null; error: string | null; code: string | null }>,
  now: number,
): void {
  const insert = db.prepare(`
    INSERT INTO files (root_id, rel_path, folder, name, name_key, ext, size, mtime_ms, ino,
                       series, number, number_sort, volume, title, year, publisher, page_count,
                       status, error_code, error_message, meta_read_at)
    VALUES (@rootId, @relPath, @folder, @name, @nameKey, @ext, @size, @mtimeMs, @ino,
            @series, @number, @numberSort, @volume, @title, @year, @publisher, @pageCount,
            @status, @errorCode, @errorMessage, @now)`);
  // A changed file keeps its processed/duplicate status unless it can no longer be read.
  const update = db.prepare(`
    UPDATE files SET size = @size, mtime_ms = @mtimeMs, ino = @ino, series = @series, number = @number,
           number_sort = @numberSort, volume = @volume, title = @title, year = @year,
           publisher = @publisher, page_count = @pageCount,
           status = CASE WHEN @status = 'error' THEN 'error'
                         WHEN status = 'error' THEN 'unprocessed' ELSE status END,
           error_code = @errorCode, error_message = @errorMessage, meta_read_at = @now
     WHERE id = @id`);
  db.transaction(() => {
    for (const { file, id, meta, error, code } of batch) {
      const parts = splitRelPath(file.relPath);
      const params = {
        id,
        rootId,
        relPath: file.relPath,
        folder: parts.folder,
        name: parts.name,
        nameKey: naturalKey(parts.name),
        ext: parts.ext,
        size: file.size,
        mtimeMs: file.mtimeMs,
        ino: file.ino,
        series: meta?.series ?? null,
        number: meta?.number ?? null,
        numberSort: meta?.number != null && Number.isFinite(Number(meta.number)) ? Number(meta.number) : null,
        volume: meta?.volume ?? null,
        title: meta?.title ?? null,
        year: meta?.year ?? null,
        publisher: meta?.publisher ?? null,
        pageCount: meta?.pageCount ?? null,
        status: error ? 'error' : 'unprocessed',
        errorCode: code,
        errorMessage: error,
        now,
      };
      if (id === null) insert.run(params);
      else update.run(params);
    }
  })();
}
