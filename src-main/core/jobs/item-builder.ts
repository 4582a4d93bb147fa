import type Database from 'better-sqlite3';
import type { ErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { JobSpec } from '../../../src-shared/contract/jobs.ts';
import type { FileStatus } from '../../../src-shared/contract/library.ts';
import type { Db } from '../db/open-database.ts';
import type { ItemSnapshot, OperationItem } from '../operations/operation-types.ts';

export interface FileRow {
  root_id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  status: FileStatus;
}

/**
 * Turns an item row into what a worker needs, from the index as it is *now* (a file renamed by
 * an earlier job is found at its new path). Read right before dispatch, under the file's lock.
 */
export class ItemBuilder {
  readonly #file: Database.Statement<[number], FileRow>;
  readonly #roots: Database.Statement<[], { id: number; path: string }>;
  #rootPaths = new Map<number, string>();

  constructor(db: Db) {
    // Two point lookups instead of a files⋈roots join: the join costs ~10× more per item, and
    // this runs once per item on the main thread (the engine's hot path).
    this.#file = db.prepare('SELECT root_id, rel_path, size, mtime_ms, status FROM files WHERE id = ?');
    this.#roots = db.prepare('SELECT id, path FROM roots');
  }

  /** Root ids can be reused after a root is removed; runners call this for every page of items. */
  refresh(): void {
    this.#rootPaths.clear();
  }

  #rootPath(rootId: number): string | undefined {
    if (!this.#rootPaths.has(rootId)) this.#rootPaths = new Map(this.#roots.all().map((r) => [r.id, r.path]));
    return this.#rootPaths.get(rootId);
  }

  /** `prefetched`: the file's row read with the item page, when the index has not changed since. */
  build(fileId: number | null, input: string | null, spec: JobSpec, prefetched?: FileRow): OperationItem | ErrorInfo {
    const file = fileId === null ? undefined : (prefetched ?? this.#file.get(fileId));
    const rootPath = file && this.#rootPath(file.root_id);
    if (fileId === null || !file || rootPath === undefined) {
      return { code: 'ARCHIVE_NOT_FOUND', message: 'The file is no longer in the library.' };
    }
    const item: OperationItem = {
      fileId,
      rootPath,
      relPath: file.rel_path,
      expected: { size: file.size, mtimeMs: file.mtime_ms },
      status: file.status,
    };
    if (spec.kind === 'edit') item.patch = spec.patch;
    if (input) {
      const parsed = JSON.parse(input) as { restore?: ItemSnapshot; guard?: ItemSnapshot };
      if (parsed.restore) item.restore = parsed.restore;
      if (parsed.guard) item.guard = parsed.guard;
    }
    return item;
  }
}

export function isOperationItem(value: OperationItem | ErrorInfo): value is OperationItem {
  return 'rootPath' in value;
}
