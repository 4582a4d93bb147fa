import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { archiveError, toArchiveError } from './archive-errors.ts';

export type ArchiveFormat = 'cbz' | 'cbr';

const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1');
const ZIP_EMPTY = Buffer.from('PK\x05\x06', 'latin1');
const RAR = Buffer.from('Rar!\x1a\x07', 'latin1');

export interface SniffedArchive {
  format: ArchiveFormat;
  stat: Stats;
  /** True when the content disagrees with the extension (a RAR named .cbz, a zip named .cbr). */
  extensionMismatch: boolean;
}

/**
 * Decide the format from the file's first bytes, not its extension: many ".cbr" files in the
 * wild are zips and vice versa, and readers (ComicRack, Komga) go by content too.
 */
export async function sniffArchive(path: string): Promise<SniffedArchive> {
  let stat: Stats;
  // Synchronous calls: archives are read in pool threads (zip-reader.ts says why).
  try {
    stat = statSync(path);
  } catch (error) {
    throw toArchiveError(error, path);
  }
  if (!stat.isFile()) throw archiveError('ARCHIVE_NOT_A_FILE', path, 'not a regular file');
  if (stat.size === 0) throw archiveError('ARCHIVE_EMPTY', path, 'file is empty');
  const head = Buffer.alloc(8);
  let read = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw toArchiveError(error, path);
  }
  const bytes = head.subarray(0, read);
  const startsWith = (magic: Buffer) => bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
  let format: ArchiveFormat;
  if (startsWith(ZIP_LOCAL) || startsWith(ZIP_EMPTY)) format = 'cbz';
  else if (startsWith(RAR)) format = 'cbr';
  else throw archiveError('ARCHIVE_BAD_MAGIC', path, 'neither a zip (CBZ) nor a RAR (CBR) archive');
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const extensionMismatch = (ext === 'cbz' || ext === 'zip') !== (format === 'cbz');
  return { format, stat, extensionMismatch };
}
