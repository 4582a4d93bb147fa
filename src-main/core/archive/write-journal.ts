import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fsyncDir, writeAll, writeNewFileDurably } from './durable-fs.ts';
import type { FileIdentity } from './durable-fs.ts';
import { newId } from './temp-names.ts';

/**
 * Journal directory layout (one flat folder, owned by Longbox):
 *   <id>.tail.lbj       undo record of an in-place tail write: "LBJ1" · u32 header length ·
 *                       JSON header · the archive's old bytes from `position` to its old end
 *   <id>.rebuild.json   intent of a rebuild: names the temp file to delete if we die
 *   quarantine/         journals recovery refused to apply (the file no longer matches)
 */
export const TAIL_SUFFIX = '.tail.lbj';
export const REBUILD_SUFFIX = '.rebuild.json';
export const QUARANTINE_DIR = 'quarantine';
const MAGIC = Buffer.from('LBJ1', 'latin1');

export interface TailJournalHeader extends FileIdentity {
  kind: 'tail';
  path: string;
  /** Size and mtime of the archive before the write. */
  size: number;
  mtimeMs: number;
  /** Where the rewritten tail starts. */
  position: number;
  tailSha256: string;
  /** What the file looks like once the write is complete, to tell "done" from "half done". */
  newSize: number;
  newTailSha256: string;
}

export interface TailJournal {
  header: TailJournalHeader;
  tail: Buffer;
}

export interface RebuildIntent {
  kind: 'rebuild';
  path: string;
  tempPath: string;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Persist the undo record before the archive is touched: data fsynced, then the directory
 * fsynced so the journal's name is durable too. Returns the journal's path and size.
 */
export async function writeTailJournal(journalDir: string, journal: TailJournal): Promise<{ path: string; bytes: number }> {
  await fs.mkdir(journalDir, { recursive: true });
  const header = Buffer.from(JSON.stringify(journal.header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const data = Buffer.concat([MAGIC, length, header, journal.tail]);
  const file = path.join(journalDir, `${newId()}${TAIL_SUFFIX}`);
  await writeNewFileDurably(file, data);
  await fsyncDir(journalDir);
  return { path: file, bytes: data.length };
}

/**
 * Read a tail journal, or null when it is torn (we died while writing it). A torn journal
 * means the archive was never touched: the archive is only written after the journal's
 * fsyncs return.
 */
export async function readTailJournal(file: string): Promise<TailJournal | null> {
  const data = await fs.readFile(file);
  if (data.length < 8 || !data.subarray(0, 4).equals(MAGIC)) return null;
  const headerLength = data.readUInt32LE(4);
  if (8 + headerLength > data.length) return null;
  let header: TailJournalHeader;
  try {
    header = JSON.parse(data.subarray(8, 8 + headerLength).toString('utf8')) as TailJournalHeader;
  } catch {
    return null;
  }
  const tail = data.subarray(8 + headerLength);
  if (header.kind !== 'tail' || tail.length !== header.size - header.position || sha256(tail) !== header.tailSha256) {
    return null;
  }
  return { header, tail };
}

/** Put the old tail back: afterwards the file is byte-for-byte what it was before the write. */
export async function restoreTail(handle: FileHandle, journal: TailJournal): Promise<void> {
  await writeAll(handle, journal.tail, journal.header.position);
  await handle.truncate(journal.header.size);
  await handle.sync();
}

/**
 * The rebuild intent is written without fsync: it only exists so recovery can delete a stray
 * temp file after a crash. Losing it to a power cut leaves a hidden temp, never a damaged archive.
 */
export async function writeRebuildIntent(journalDir: string, intent: RebuildIntent): Promise<string> {
  await fs.mkdir(journalDir, { recursive: true });
  const file = path.join(journalDir, `${newId()}${REBUILD_SUFFIX}`);
  await fs.writeFile(file, JSON.stringify(intent), { flag: 'wx' });
  return file;
}
