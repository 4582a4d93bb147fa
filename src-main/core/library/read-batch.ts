import type { ErrorInfo, ErrorCode } from '../../../src-shared/contract/errors.ts';
import type { FileStat } from '../platform/file-stat.ts';
import type { FileMetadata } from './file-metadata.ts';

/**
 * A scan's read batch as it travels back from a pool thread: one flat array, STRIDE values per
 * path, in order. One structured clone of primitives instead of an object per archive: cloning
 * the objects was a tenth of a pool thread's time in a 100k-file first scan, and rebuilding
 * them on the main thread came on top (docs/architecture.md, "The one-way scan path").
 */
export type ReadBatch = Array<string | number | null>;

/** One file's values: the read's own fstat, then the metadata, then the error (or nulls). */
const STRIDE = 12;

/** What one path of a batch gave: the metadata or the error, and the stat of what was read (null: no such file any more). */
export interface BatchResult {
  stat: FileStat | null;
  result: FileMetadata | ErrorInfo;
}

/** Appends one file's result to `batch` (pool thread). */
export function pushResult(batch: ReadBatch, stat: FileStat | null, meta: FileMetadata | null, error: ErrorInfo | null): void {
  batch.push(
    stat?.size ?? null,
    stat?.mtimeMs ?? null,
    stat?.ino ?? null,
    meta?.series ?? null,
    meta?.number ?? null,
    meta?.volume ?? null,
    meta?.title ?? null,
    meta?.year ?? null,
    meta?.publisher ?? null,
    meta?.pageCount ?? null,
    error?.code ?? null,
    error?.message ?? null,
  );
}

/** The batch back to one result per path (main thread). */
export function resultsOf(batch: ReadBatch): BatchResult[] {
  const results: BatchResult[] = [];
  for (let at = 0; at < batch.length; at += STRIDE) {
    const ino = batch[at + 2] as string | null;
    const stat = ino === null ? null : { size: batch[at] as number, mtimeMs: batch[at + 1] as number, ino };
    const code = batch[at + 10] as ErrorCode | null;
    results.push({
      stat,
      result:
        code !== null
          ? { code, message: batch[at + 11] as string }
          : {
              series: batch[at + 3] as string | null,
              number: batch[at + 4] as string | null,
              volume: batch[at + 5] as string | null,
              title: batch[at + 6] as string | null,
              year: batch[at + 7] as number | null,
              publisher: batch[at + 8] as string | null,
              pageCount: batch[at + 9] as number | null,
            },
    });
  }
  return results;
}
