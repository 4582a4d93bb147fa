import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { toArchiveError } from './archive-errors.ts';
import { closeZip, openZip } from './zip-reader.ts';
import type { ZipArchive } from './zip-reader.ts';

/**
 * Opens the archive at `path` (`'r'` to read, `'r+'` to write in place), runs `use` on the
 * handle and always closes it. Whatever fails — the open, `use`, the close — surfaces as the
 * archive's error code (a missing file, a permission, a full disk), never as a raw errno.
 */
export async function withArchiveHandle<T>(path: string, flags: 'r' | 'r+', use: (handle: FileHandle) => Promise<T>): Promise<T> {
  let handle: FileHandle;
  try {
    handle = await fs.open(path, flags);
  } catch (error) {
    throw toArchiveError(error, path);
  }
  try {
    return await use(handle);
  } catch (error) {
    throw toArchiveError(error, path);
  } finally {
    await handle.close();
  }
}

/**
 * As `withArchiveHandle`, with the central directory read from that same handle: the writer
 * checks and writes exactly the file it parsed (no second open that a rename could swap).
 */
export async function withArchiveZip<T>(path: string, flags: 'r' | 'r+', use: (zip: ZipArchive, handle: FileHandle) => Promise<T>): Promise<T> {
  return withArchiveHandle(path, flags, async (handle) => {
    const zip = await openZip(path, handle);
    try {
      return await use(zip, handle);
    } finally {
      await closeZip(zip, false);
    }
  });
}
