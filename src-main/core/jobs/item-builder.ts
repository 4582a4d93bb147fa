import type { ErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { JobSpec } from '../../../src-shared/contract/jobs.ts';
import type { FileRow } from '../library/index/library-index.ts';
import type { ItemSnapshot, OperationItem } from '../operations/operation-types.ts';
import type { JobIndex } from './engine-ports.ts';

/**
 * Turns an item row into what a worker needs, from the index as it is *now* (a file renamed by
 * an earlier job is found at its new path). Read right before dispatch, under the file's lock.
 */
export class ItemBuilder {
  readonly #index: JobIndex;
  #rootPaths = new Map<number, string>();

  constructor(index: JobIndex) {
    this.#index = index;
  }

  /** Root ids can be reused after a root is removed; runners call this for every page of items. */
  refresh(): void {
    this.#rootPaths.clear();
  }

  #rootPath(rootId: number): string | undefined {
    if (!this.#rootPaths.has(rootId)) this.#rootPaths = this.#index.rootPaths();
    return this.#rootPaths.get(rootId);
  }

  /** `prefetched`: the file's row read with the item page, when the index has not changed since. */
  build(fileId: number | null, input: string | null, spec: JobSpec, prefetched?: FileRow): OperationItem | ErrorInfo {
    const file = fileId === null ? undefined : (prefetched ?? this.#index.file(fileId));
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
    if (spec.kind === 'edit') {
      item.patch = spec.patch;
      if (spec.replaceComicInfo !== undefined) item.replaceComicInfo = spec.replaceComicInfo;
    }
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
