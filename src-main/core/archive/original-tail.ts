import { fstatSync, readSync } from 'node:fs';
import fs from 'node:fs/promises';
import { archiveError } from './archive-errors.ts';
import { comicInfoVariants } from './comicinfo-entry.ts';
import { keepableComicInfo, readOriginalComicInfo } from './original-comicinfo.ts';
import type { OriginalComicInfo } from './original-comicinfo.ts';
import { identityOf, writeAll } from './durable-fs.ts';
import type { FileIdentity } from './durable-fs.ts';
import { restoreTail, sha256, writeTailJournal } from './write-journal.ts';
import { withArchiveHandle, withArchiveZip } from './archive-handle.ts';
import { closeZip, openZip, withZip } from './zip-reader.ts';
import type { ZipArchive } from './zip-reader.ts';

/**
 * The bytes of an archive from where a tail write would start (its last-entry ComicInfo.xml,
 * else its central directory) to the end: with them, a tail write can later be undone
 * byte-for-byte (docs/undo-and-results.md). A tail write never touches the bytes before
 * `position` and keeps the inode; a rebuild replaces the inode — so "same inode, same size and
 * mtime as the job left it" is what makes putting these bytes back exact.
 */
export interface OriginalTail {
  identity: FileIdentity;
  /**
   * sha256 of the central records of every entry but ComicInfo.xml, in order: names, sizes,
   * CRCs and offsets of the pages. A copy of the job's file (new inode) whose other entries read
   * the same sits on the same bytes before `position`, so the original tail still fits it.
   */
  entriesSha256: string;
  size: number;
  mtimeMs: number;
  position: number;
  tail: Buffer;
}

/** Past this, the tail is not kept (a huge central directory); undo puts the old entry back. */
export const ORIGINAL_TAIL_MAX_BYTES = 4 * 1024 * 1024;

function entriesHash(zip: ZipArchive): string {
  const variants = new Set(comicInfoVariants(zip.entries));
  return sha256(Buffer.concat(zip.entries.filter((e) => !variants.has(e)).map((e) => e.centralRecord)));
}

function tailPosition(zip: ZipArchive): number {
  const variants = comicInfoVariants(zip.entries);
  const last = zip.entries.reduce<(typeof zip.entries)[number] | undefined>(
    (found, e) => (!found || e.localHeaderOffset > found.localHeaderOffset ? e : found),
    undefined,
  );
  // Exactly the writer's choice when it takes the tail path; when it rebuilds, the inode changes
  // and these bytes are never put back.
  return variants.length === 1 && variants[0] === last ? variants[0]!.localHeaderOffset : zip.centralDirectoryOffset;
}

/**
 * The original tail of an archive already open (the writer's own handle, so the archive is
 * opened once per write). Null when the tail is too large to keep.
 */
export function originalTailOf(zip: ZipArchive): OriginalTail | null {
  const position = tailPosition(zip);
  const length = zip.stat.size - position;
  if (length > ORIGINAL_TAIL_MAX_BYTES) return null;
  const tail = Buffer.alloc(length);
  // Synchronous: this runs in a pool thread (durable-fs.ts `writeAll` says why).
  const bytesRead = readSync(zip.handle.fd, tail, 0, length, position);
  if (bytesRead !== length) throw archiveError('ARCHIVE_CHANGED', zip.path, 'the file shrank while it was read');
  return {
    identity: identityOf(fstatSync(zip.handle.fd, { bigint: true })),
    entriesSha256: entriesHash(zip),
    size: zip.stat.size,
    mtimeMs: zip.stat.mtimeMs,
    position,
    tail,
  };
}

/** What undo needs of an archive before a job changes it. */
export interface OriginalArchive {
  /** Null when the tail is too large to keep (undo then puts the ComicInfo entry back). */
  tail: OriginalTail | null;
  /** Its ComicInfo.xml entry as it was, or null when it had none. */
  comicInfo: OriginalComicInfo | null;
}

/**
 * Of an archive already open (the writer's own handle, see `originalTailOf`). `comicInfo`: its
 * ComicInfo entry as the writer already read it for this write (undefined: read it here).
 */
export async function originalArchiveOf(zip: ZipArchive, comicInfo?: OriginalComicInfo | null): Promise<OriginalArchive> {
  return {
    tail: originalTailOf(zip),
    comicInfo: comicInfo === undefined ? await readOriginalComicInfo(zip) : comicInfo && keepableComicInfo(comicInfo),
  };
}

/** Throws the archive's error code when it does not read. */
export async function readOriginalArchive(path: string): Promise<OriginalArchive> {
  return withArchiveZip(path, 'r', (zip) => originalArchiveOf(zip));
}

/**
 * Does the original tail fit the file at `path`: written in place (same inode: a tail write
 * never touches the bytes before `position`), or a copy whose entries other than ComicInfo.xml
 * are the original's (same central records) and all lie before `position`?
 */
export async function tailFits(path: string, original: OriginalTail): Promise<boolean> {
  const id = identityOf(await fs.stat(path, { bigint: true }));
  if (id.dev === original.identity.dev && id.ino === original.identity.ino) return true;
  try {
    return await withZip(path, async (zip) => {
      const variants = comicInfoVariants(zip.entries);
      return entriesHash(zip) === original.entriesSha256 && variants.every((v) => v.localHeaderOffset >= original.position) && zip.stat.size >= original.position;
    });
  } catch {
    return false;
  }
}

/** Does the file hold exactly the original tail again (an earlier undo already put it back)? */
export async function holdsOriginalTail(path: string, original: OriginalTail): Promise<boolean> {
  const stat = await fs.stat(path);
  if (stat.size !== original.size) return false;
  const handle = await fs.open(path, 'r');
  try {
    const buf = Buffer.alloc(original.tail.length);
    await handle.read(buf, 0, buf.length, original.position);
    return buf.equals(original.tail);
  } finally {
    await handle.close();
  }
}

/**
 * Put the original tail back, itself as a journaled tail write: the tail being replaced (the
 * job's) is journaled durably first, so a crash at any instant leaves the job's archive or the
 * original one (journal-recovery.ts). `expected` is the file as the job left it. Afterwards the
 * mtime is set back too, so the file is indistinguishable from before the job.
 */
export async function restoreOriginalTail(
  path: string,
  original: OriginalTail,
  options: { journalDir: string; expected: { size: number; mtimeMs: number } },
): Promise<void> {
  await withArchiveHandle(path, 'r+', async (handle) => {
    const { size, mtimeMs } = await handle.stat();
    if (size !== options.expected.size || mtimeMs !== options.expected.mtimeMs || size < original.position) {
      throw archiveError('ARCHIVE_CHANGED', path, 'the file changed since the job wrote it');
    }
    const current = Buffer.alloc(size - original.position);
    await handle.read(current, 0, current.length, original.position);
    const journal = {
      header: {
        kind: 'tail' as const,
        path,
        ...identityOf(await handle.stat({ bigint: true })),
        size,
        mtimeMs,
        position: original.position,
        tailSha256: sha256(current),
        newSize: original.size,
        newTailSha256: sha256(original.tail),
      },
      tail: current,
    };
    const written = await writeTailJournal(options.journalDir, journal);
    // From here until release, a crash leaves a durable record of the job's tail: recovery
    // either finds the original tail complete (kept) or puts the job's tail back.
    try {
      await writeAll(handle, original.tail, original.position);
      await handle.truncate(original.size);
      await handle.sync();
      // The central directory must read again: the original was a sound archive.
      await closeZip(await openZip(path, handle), false);
    } catch (error) {
      await restoreTail(handle, journal);
      await written.release();
      throw archiveError('WRITE_VERIFY_FAILED', path, `the original tail could not be put back: ${String(error)}`, error);
    }
    await written.release();
    const atime = new Date();
    await handle.utimes(atime, new Date(original.mtimeMs));
  });
}
