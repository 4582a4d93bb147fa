import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { NewEntry } from './comicinfo-entry.ts';
import { fsyncDir, removeIfExists } from './durable-fs.ts';
import { copyEntryVerified } from './entry-data.ts';
import { tempPathFor } from './temp-names.ts';
import { verifyWrittenZip } from './verify-written-zip.ts';
import { writeRebuildIntent } from './write-journal.ts';
import type { WriteSteps } from './write-steps.ts';
import { ZipAppender } from './zip-appender.ts';
import { extraWithoutZip64 } from './zip-records.ts';
import type { EntryFields } from './zip-records.ts';
import { entryExtent } from './zip-reader.ts';
import type { ZipArchive, ZipEntry } from './zip-reader.ts';

export interface RebuildWrite {
  zip: ZipArchive;
  /** Entries left out of the new archive (every ComicInfo variant). */
  removed: readonly ZipEntry[];
  /** The ComicInfo entry to add, or null to leave it out (undo of a ComicInfo the job created). */
  entry: NewEntry | null;
  /** Where the entry goes among the kept entries (undo puts an original back in its place). */
  entryIndex: number;
  /** Its uncompressed bytes (what the verify reads back), or null when there is no entry. */
  xml: Buffer | null;
  journalDir: string;
  /** Called right before the rename: throws if the original changed since it was read. */
  assertUnchanged: () => Promise<void>;
  steps: WriteSteps;
}

/** The fields of an entry copied as it is: its own times, attributes and extras (zip64 recomputed). */
export function copiedFields(entry: ZipEntry, localExtra: Buffer): EntryFields {
  return {
    versionMadeBy: entry.versionMadeBy,
    versionNeeded: entry.versionNeeded,
    // Real CRC and sizes go in the local header, so the descriptor flag is dropped.
    flags: entry.flags,
    method: entry.method,
    dosTime: entry.dosTime,
    dosDate: entry.dosDate,
    crc32: entry.crc32,
    compressedSize: entry.compressedSize,
    uncompressedSize: entry.uncompressedSize,
    nameRaw: entry.nameRaw,
    extra: extraWithoutZip64(localExtra),
    internalAttributes: entry.internalAttributes,
    externalAttributes: entry.externalAttributes,
  };
}

async function addNewEntry(entry: NewEntry, out: ZipAppender): Promise<void> {
  await out.addEntry(entry.fields, (put) => put(entry.data), entry.central);
}

async function copyEntries(w: RebuildWrite, out: ZipAppender): Promise<void> {
  const kept = w.zip.entries.filter((e) => !w.removed.includes(e));
  for (const [index, entry] of kept.entries()) {
    if (w.entry && index === w.entryIndex) await addNewEntry(w.entry, out);
    const { dataStart, localExtra } = await entryExtent(w.zip, entry);
    await out.addEntry(copiedFields(entry, localExtra), (put) => copyEntryVerified(w.zip, entry, dataStart, put), {
      extra: extraWithoutZip64(entry.extraRaw),
      comment: entry.commentRaw,
    });
  }
  if (w.entry && w.entryIndex >= kept.length) await addNewEntry(w.entry, out);
}

/**
 * The slow path: raw-copy every entry (compressed bytes as they are) into a temp file beside
 * the original, ComicInfo.xml at `entryIndex` (last, for a new one) or left out, verify, fsync,
 * then rename over the original. The original is never modified; until the rename it is the
 * only archive under its name.
 * Returns the bytes written.
 */
export async function rebuildArchive(w: RebuildWrite): Promise<number> {
  const target = w.zip.path;
  const tempPath = tempPathFor(target);
  const intent = await writeRebuildIntent(w.journalDir, { kind: 'rebuild', path: target, tempPath });
  let temp: FileHandle | undefined;
  let renamed = false;
  try {
    await w.steps.reached('intent-written');
    temp = await fs.open(tempPath, 'wx+', w.zip.stat.mode & 0o777);
    const out = new ZipAppender(temp);
    await copyEntries(w, out);
    const size = await out.finish(w.zip.comment, w.zip.hasZip64End);
    await w.steps.reached('temp-written');
    await temp.sync();
    await w.steps.reached('temp-synced');
    await verifyWrittenZip(tempPath, temp, out.names, w.xml);
    await temp.close();
    temp = undefined;
    await w.steps.reached('temp-verified');
    await w.assertUnchanged();
    // Crash before the rename: the original is intact; recovery deletes the temp via the intent.
    await fs.rename(tempPath, target);
    renamed = true;
    await w.steps.reached('renamed');
    // Crash before the directory fsync: after a power cut either name may win; both are whole.
    await fsyncDir(path.dirname(target));
    return size;
  } finally {
    await temp?.close().catch(() => undefined);
    // The intent goes only once the temp is gone: if removing it fails (the library was
    // unmounted mid-write), the intent stays so a later start removes the temp.
    const tempGone = renamed || (await removeIfExists(tempPath).then(() => true, () => false));
    if (tempGone) await removeIfExists(intent);
  }
}
