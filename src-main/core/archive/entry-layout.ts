import { archiveError } from './archive-errors.ts';
import { LOCAL_HEADER_SIZE, METHOD_STORED } from './zip-records.ts';
import type { ZipEntry } from './zip-reader.ts';

/**
 * Where each entry's bytes must end: the next entry's local header (by offset, not central
 * directory order) or the central directory. A central directory that lies about sizes or
 * offsets is refused here, from the directory alone (no I/O), before any reader or copier
 * trusts the numbers: an entry whose smallest possible extent (a bare local header plus its
 * compressed size) runs into the next entry or past the directory, two entries at one offset,
 * or a stored entry whose two sizes differ. Returns the limit per entry, for the precise check
 * once the local header has been read (entryExtent).
 */
export function entryLimits(path: string, entries: readonly ZipEntry[], centralDirectoryOffset: number): Map<ZipEntry, number> {
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const limits = new Map<ZipEntry, number>();
  byOffset.forEach((entry, i) => {
    if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) {
      throw archiveError('ARCHIVE_CORRUPT', path, `stored entry ${entry.name} declares two different sizes`);
    }
    const limit = byOffset[i + 1]?.localHeaderOffset ?? centralDirectoryOffset;
    if (entry.localHeaderOffset + LOCAL_HEADER_SIZE + entry.compressedSize > limit) {
      throw archiveError('ARCHIVE_CORRUPT', path, `entry ${entry.name} overlaps what follows it (its declared size is wrong)`);
    }
    limits.set(entry, limit);
  });
  return limits;
}
