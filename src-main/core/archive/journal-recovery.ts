import fs from 'node:fs/promises';
import path from 'node:path';
import { COMICINFO_MAX_BYTES, comicInfoTooLarge } from '../comicinfo/decode-comicinfo-bytes.ts';
import { comicInfoVariants } from './comicinfo-entry.ts';
import { identityOf, removeIfExists } from './durable-fs.ts';
import { isLongboxTempName } from './temp-names.ts';
import {
  REBUILD_SUFFIX,
  SLOT_SUFFIX,
  clearSlot,
  decodeSlot,
  quarantineRecord,
  restoreTail,
  sha256,
  slotOwner,
} from './write-journal.ts';
import type { RebuildIntent, TailJournal } from './write-journal.ts';
import { END_SIZE, ZIP64_END_SIZE, ZIP64_LOCATOR_SIZE } from './zip-records.ts';
import { closeZip, entryExtent, openZip, readEntryBytes } from './zip-reader.ts';
import { ownerOfName } from '../platform/process-owner.ts';

export interface RecoveryReport {
  /** Archives put back byte-for-byte to their state before an interrupted write. */
  restored: string[];
  /** Archives whose interrupted write had in fact completed; kept as they are. */
  completed: string[];
  /** Records torn while being written (their archive was never touched); cleared. */
  discarded: string[];
  /** Records whose archive no longer matches; copied to quarantine/, nothing applied. */
  quarantined: Array<{ journal: string; path: string; reason: string }>;
  /** Temp files of interrupted rebuilds, deleted. */
  tempsRemoved: string[];
}

type TailOutcome = { kind: 'restored' | 'completed' } | { kind: 'quarantine'; reason: string };

async function readRange(handle: fs.FileHandle, start: number, end: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, end - start));
  const { bytesRead } = await handle.read(buf, 0, buf.length, start);
  return buf.subarray(0, bytesRead);
}

/**
 * Does the archive end in exactly what a finished tail write leaves at `position`: one
 * ComicInfo.xml there, CRC-sound, immediately followed by a central directory that reads and
 * the end records, every other entry before it? An interrupted write never leaves that unless
 * what it left is, byte for byte where it matters, a complete archive anyway.
 */
async function holdsFinishedTail(file: string, handle: fs.FileHandle, position: number): Promise<boolean> {
  let zip;
  try {
    zip = await openZip(file, handle);
  } catch {
    return false;
  }
  try {
    const ends = END_SIZE + zip.comment.length + (zip.hasZip64End ? ZIP64_END_SIZE + ZIP64_LOCATOR_SIZE : 0);
    const [info, ...more] = comicInfoVariants(zip.entries);
    if (!info || more.length || info.localHeaderOffset !== position) return false;
    if (zip.centralDirectoryOffset + zip.centralDirectorySize + ends !== zip.stat.size) return false;
    if (zip.entries.some((e) => e !== info && e.localHeaderOffset >= position)) return false;
    if ((await entryExtent(zip, info)).end !== zip.centralDirectoryOffset) return false;
    await readEntryBytes(zip, info, COMICINFO_MAX_BYTES, () => comicInfoTooLarge());
    return true;
  } catch {
    return false;
  } finally {
    await closeZip(zip, false);
  }
}

/**
 * Decide what an interrupted tail write left behind and undo it. Only a file that is still
 * the same inode and whose size lies between the old and the new size can be one we were
 * writing; anything else was changed by someone else since, and is not touched.
 *
 * Restoring is for a torn write only. A record whose write completed but whose clearing was
 * lost (an I/O error while clearing; see clearSlot) finds the archive holding the new tail, or,
 * if the archive was written again afterwards, another finished tail: that is left alone
 * (quarantined), never rolled back.
 */
async function recoverTail(journal: TailJournal): Promise<TailOutcome> {
  const h = journal.header;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(h.path, 'r+');
  } catch (error) {
    return { kind: 'quarantine', reason: `cannot open: ${(error as Error).message}` };
  }
  try {
    const stat = await handle.stat({ bigint: true });
    const id = identityOf(stat);
    if (id.dev !== h.dev || id.ino !== h.ino) return { kind: 'quarantine', reason: 'file was replaced (inode differs)' };
    const size = Number(stat.size);
    if (size < Math.min(h.size, h.newSize) || size > Math.max(h.size, h.newSize)) {
      return { kind: 'quarantine', reason: `size ${size} is neither the old ${h.size} nor the new ${h.newSize}` };
    }
    const tail = await readRange(handle, h.position, size);
    if (size === h.newSize && sha256(tail) === h.newTailSha256) return { kind: 'completed' };
    // Killed after the record was written, before the archive was: nothing to undo.
    if (size === h.size && tail.equals(journal.tail)) return { kind: 'restored' };
    if (await holdsFinishedTail(h.path, handle, h.position)) {
      return { kind: 'quarantine', reason: 'the archive holds a finished write that is neither the old nor the new one' };
    }
    await restoreTail(handle, journal);
    return { kind: 'restored' };
  } finally {
    await handle.close();
  }
}

/** Apply (or refuse) what one journal slot holds, then leave the slot holding nothing. */
async function recoverSlot(journalDir: string, name: string, report: RecoveryReport): Promise<void> {
  const file = path.join(journalDir, name);
  const owner = slotOwner(name);
  // A live process's slot may be in use right now: not ours to read, apply or delete.
  if (owner === 'live' || owner === null) return;
  const handle = await fs.open(file, 'r+');
  try {
    const content = decodeSlot(await handle.readFile());
    if (content.kind === 'torn') report.discarded.push(file);
    if (content.kind === 'record') {
      const outcome = await recoverTail(content.journal);
      if (outcome.kind === 'quarantine') {
        const copy = await quarantineRecord(journalDir, name, content.bytes);
        report.quarantined.push({ journal: copy, path: content.journal.header.path, reason: outcome.reason });
      } else {
        report[outcome.kind].push(content.journal.header.path);
      }
    }
    // Only after the restore (or the quarantine copy) is durable: dying before this line runs
    // recovery again on the same record, which gives the same result. Durable, so that the
    // record cannot come back after writes made once we return.
    if (content.kind !== 'empty') await clearSlot(handle);
  } finally {
    await handle.close();
  }
  // This process's own slots stay: a pool of ours (another thread's, or this one's) may hold
  // them open and will reuse them. A dead owner's slot is never reused by anyone.
  if (owner === 'dead') await fs.unlink(file);
}

/**
 * Run at start-up, before any job of this process writes: finish or undo every write a crash
 * interrupted. Slots of other live processes are left alone; this process's own slots are
 * recovered too, so the caller must not have a write in flight (as at start-up).
 * Idempotent: if we die during recovery, running it again gives the same result.
 */
export async function recoverJournals(journalDir: string): Promise<RecoveryReport> {
  const report: RecoveryReport = { restored: [], completed: [], discarded: [], quarantined: [], tempsRemoved: [] };
  let names: string[];
  try {
    names = await fs.readdir(journalDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw error;
  }
  for (const name of names.sort()) {
    const file = path.join(journalDir, name);
    if (name.endsWith(SLOT_SUFFIX)) {
      await recoverSlot(journalDir, name, report);
    } else if (name.endsWith(REBUILD_SUFFIX)) {
      // A live process may be rebuilding right now: its temp file is not debris.
      if (ownerOfName(name, REBUILD_SUFFIX) === 'live') continue;
      let intent: RebuildIntent | null = null;
      try {
        intent = JSON.parse(await fs.readFile(file, 'utf8')) as RebuildIntent;
      } catch {
        // Torn intent: written before the temp file was created, so there is nothing to clean.
      }
      // Only ever delete a file that carries our temp marker, whatever the intent says.
      if (intent && isLongboxTempName(path.basename(intent.tempPath))) {
        // Its folder missing means the library is not mounted now: the temp may still be there
        // once it is, so the intent stays for a later start.
        if (!(await fs.stat(path.dirname(intent.tempPath)).then(() => true, () => false))) continue;
        if (await removeIfExists(intent.tempPath)) report.tempsRemoved.push(intent.tempPath);
      }
      await fs.unlink(file);
    }
  }
  return report;
}
