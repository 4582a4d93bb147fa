import { fstatSync, ftruncateSync, readSync } from 'node:fs';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { NewEntry } from './comicinfo-entry.ts';
import { identityOf, writeAll } from './durable-fs.ts';
import { toArchiveError } from './archive-errors.ts';
import { verifyWrittenTail, type WrittenTail } from './verify-written-zip.ts';
import type { WriteSteps } from './write-steps.ts';
import { restoreTail, sha256, writeTailJournal } from './write-journal.ts';
import type { TailJournal } from './write-journal.ts';
import { buildCentralRecord, buildEndRecords, buildLocalHeader } from './zip-records.ts';
import type { ZipArchive, ZipEntry } from './zip-reader.ts';

export interface TailWrite {
  zip: ZipArchive;
  /** Where the new entry goes: the old ComicInfo's local header, or the central directory. */
  position: number;
  /** Entries whose central records are dropped (the ComicInfo being replaced). */
  removed: readonly ZipEntry[];
  /** The new ComicInfo entry, or null to drop it (undo of a ComicInfo the job created). */
  entry: NewEntry | null;
  /** Its uncompressed bytes (what the verify reads back), or null when there is no entry. */
  xml: Buffer | null;
  journalDir: string;
  steps: WriteSteps;
}

/**
 * Build everything from `position` to the new end of file: the ComicInfo entry (if any), the
 * central directory (the surviving records byte for byte: nothing before `position` moves, so
 * their offsets stay right) and the end records with the original comment.
 */
function buildNewTail(w: TailWrite): WrittenTail {
  const kept = w.zip.entries.filter((e) => !w.removed.includes(e));
  const added = w.entry ? [w.entry] : [];
  const local = added.flatMap((e) => [buildLocalHeader(e.fields), e.data]);
  const central = Buffer.concat([
    ...kept.map((e) => e.centralRecord),
    ...added.map((e) => buildCentralRecord({ ...e.fields, ...e.central }, w.position)),
  ]);
  const centralStart = local.reduce((n, b) => n + b.length, 0);
  const end = buildEndRecords({
    entryCount: kept.length + added.length,
    centralDirectoryOffset: w.position + centralStart,
    centralDirectorySize: central.length,
    comment: w.zip.comment,
    forceZip64: w.zip.hasZip64End,
  });
  return {
    position: w.position,
    tail: Buffer.concat([...local, central, end]),
    centralStart,
    centralSize: central.length,
    names: [...kept.map((e) => e.nameRaw), ...added.map((e) => e.fields.nameRaw)],
    commentLength: w.zip.comment.length,
    xml: w.xml,
  };
}

/** Synchronous, like every read and write here but the fsyncs (durable-fs.ts `writeAll` says why). */
function readOldTail(w: TailWrite): Buffer {
  const length = w.zip.stat.size - w.position;
  const buf = Buffer.alloc(length);
  const bytesRead = readSync(w.zip.handle.fd, buf, 0, length, w.position);
  if (bytesRead !== length) throw new LongboxError('ARCHIVE_CHANGED', `${w.zip.path}: file shrank while reading`);
  return buf;
}

/**
 * The fast path: rewrite only the archive's tail, in place, under an undo journal.
 * Returns the bytes written (journal + archive).
 */
export async function writeTail(w: TailWrite): Promise<number> {
  const { zip } = w;
  const handle = zip.handle;
  const newTail = buildNewTail(w);
  const { tail } = newTail;
  const oldTail = readOldTail(w);
  const journal: TailJournal = {
    header: {
      kind: 'tail',
      path: zip.path,
      ...identityOf(fstatSync(handle.fd, { bigint: true })),
      size: zip.stat.size,
      mtimeMs: zip.stat.mtimeMs,
      position: w.position,
      tailSha256: sha256(oldTail),
      newSize: w.position + tail.length,
      newTailSha256: sha256(tail),
    },
    tail: oldTail,
  };
  const written = await writeTailJournal(w.journalDir, journal);
  // From here until the record is cleared, a crash leaves a durable undo record: recovery
  // puts the old tail back (or keeps the new one if it is complete). The archive's bytes
  // before `position` are never written.
  try {
    await w.steps.reached('journal-written');
    await w.steps.reached('tail-write', { handle, position: w.position, bytes: tail });
    await writeAll(handle, tail, w.position);
    await w.steps.reached('tail-written');
    // Crash here: the file may hold the new tail followed by leftovers of the old one; the
    // record restores it.
    ftruncateSync(handle.fd, w.position + tail.length);
    await w.steps.reached('truncated');
    // fsync, not fdatasync: fdatasync(2) would persist the new size but may leave the old
    // mtime, and size + mtime is how every library scanner (our index included) notices that a
    // file changed; after a power cut a same-size rewrite would go unnoticed.
    await handle.sync();
    await w.steps.reached('synced');
  } catch (error) {
    // The write itself failed (disk full, I/O error): undo now rather than leave it to recovery.
    // If the undo throws, the record is not released: its slot keeps it for recovery.
    await restoreTail(handle, journal);
    await written.release();
    throw error;
  }
  try {
    verifyWrittenTail(zip.path, handle, newTail);
    await w.steps.reached('verified');
  } catch (error) {
    await restoreTail(handle, journal);
    await written.release();
    // A read the disk refused is that failure (IO_ERROR…), not a verification mismatch.
    if (error instanceof LongboxError) throw error;
    if (typeof (error as NodeJS.ErrnoException).code === 'string') throw toArchiveError(error, zip.path);
    throw new LongboxError('WRITE_VERIFY_FAILED', `${zip.path}: ${String(error)}`, { cause: error });
  }
  // The new archive is complete and verified. If we die before the record is cleared, recovery
  // sees the new tail's checksum and keeps it.
  await written.release();
  return written.bytes + tail.length;
}
