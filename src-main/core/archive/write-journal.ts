import { ftruncateSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { fsyncDir, writeAll, writeNewFileDurably } from './durable-fs.ts';
import type { FileIdentity } from './durable-fs.ts';
import { newId } from './temp-names.ts';
import { OWNER_TAG, ownerOfName, type Owner } from '../platform/process-owner.ts';

/**
 * Journal directory layout (one flat folder, owned by Longbox):
 *   <thread>-<random>.<boot>.<pid>.slot.lbj
 *                       a journal slot: a file created (and its name made durable) once, then
 *                       overwritten in place by each tail write of the thread that owns it.
 *                       Holds at most one undo record (see writeTailJournal) or nothing.
 *   <id>.<boot>.<pid>.rebuild.json
 *                       intent of a rebuild: names the temp file to delete if its writer dies
 *   quarantine/         undo records recovery refused to apply (the file no longer matches)
 *
 * Why slots: a fresh journal file per write needs its data fsynced *and* its directory fsynced
 * (or a power cut can lose the name while the archive is already half written). A slot's name
 * is durable from its creation on, so a write costs one fdatasync of data that overwrites blocks
 * the file already owns.
 */
export const SLOT_SUFFIX = '.slot.lbj';
export const REBUILD_SUFFIX = '.rebuild.json';
export const QUARANTINE_DIR = 'quarantine';
const MAGIC = Buffer.from('LBJ2', 'latin1');
/** "LBJ2" · u32 body length · sha256(body) — then the body. */
const PREFIX_SIZE = 4 + 4 + 32;

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

// ---------------------------------------------------------------------------------------------
// Slot owners. Several processes (GUI and CLI) and several worker threads may share one journal
// directory. Each thread keeps its own pool, and a slot's name says who owns it, so recovery
// never reads or deletes a slot another *live* process may be using: deleting one would make
// that process's next undo record land in a nameless file that a power cut throws away.

/** Who owns the slot file `name`; null when `name` is not a slot. */
export function slotOwner(name: string): Owner | null {
  return ownerOfName(name, SLOT_SUFFIX);
}

// ---------------------------------------------------------------------------------------------
// Records.

function encodeRecord(journal: TailJournal): Buffer {
  const header = Buffer.from(JSON.stringify(journal.header), 'utf8');
  const body = Buffer.concat([Buffer.alloc(4), header, journal.tail]);
  body.writeUInt32LE(header.length, 0);
  const prefix = Buffer.alloc(PREFIX_SIZE);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(body.length, 4);
  createHash('sha256').update(body).digest().copy(prefix, 8);
  return Buffer.concat([prefix, body]);
}

export type SlotContent = { kind: 'empty' } | { kind: 'torn' } | { kind: 'record'; journal: TailJournal; bytes: Buffer };

/**
 * What a slot holds. A slot is overwritten in place, so after a crash its bytes can be any mix of
 * the previous record and a half-written new one; the checksum over the whole body (header and
 * old tail together) is what rules out applying a header of one write with the bytes of another.
 * Bytes after the body are leftovers of a longer earlier record and mean nothing.
 */
export function decodeSlot(data: Buffer): SlotContent {
  if (data.length < PREFIX_SIZE || !data.subarray(0, 4).equals(MAGIC)) return { kind: 'empty' };
  const body = data.subarray(PREFIX_SIZE, PREFIX_SIZE + data.readUInt32LE(4));
  if (body.length !== data.readUInt32LE(4) || body.length < 4) return { kind: 'torn' };
  if (!createHash('sha256').update(body).digest().equals(data.subarray(8, PREFIX_SIZE))) return { kind: 'torn' };
  const headerLength = body.readUInt32LE(0);
  let header: TailJournalHeader;
  try {
    header = JSON.parse(body.subarray(4, 4 + headerLength).toString('utf8')) as TailJournalHeader;
  } catch {
    return { kind: 'torn' };
  }
  const tail = body.subarray(4 + headerLength);
  if (header.kind !== 'tail' || tail.length !== header.size - header.position || sha256(tail) !== header.tailSha256) {
    return { kind: 'torn' };
  }
  return { kind: 'record', journal: { header, tail }, bytes: data.subarray(0, PREFIX_SIZE + body.length) };
}

/**
 * Make a slot hold nothing, durably. Clearing the magic is one sector write, so it cannot tear
 * into something that still checks out.
 *
 * Why the fdatasync, which a faster design would skip: once writeComicInfo returns, the caller
 * may write the same archive again, possibly from another thread or process (another pool). If
 * this clear were lost to a power cut while that later write was durable, recovery would find
 * our record valid and the archive holding neither our old nor our new tail. Recovery refuses to
 * restore over an archive that holds a sound, finished tail (journal-recovery.ts), but a later
 * write that was itself cut short leaves an unsound tail, and then a stale record is
 * indistinguishable from the torn write it describes: it would roll back every write since.
 * Syncing here keeps that case impossible; it costs a fraction of a millisecond.
 */
export async function clearSlot(handle: FileHandle): Promise<void> {
  await writeAll(handle, Buffer.alloc(MAGIC.length), 0);
  await handle.datasync();
}

// ---------------------------------------------------------------------------------------------
// Pools: module state, so one per thread (each worker thread loads its own copy).

interface Slot {
  path: string;
  handle: FileHandle;
}

interface Pool {
  free: Slot[];
  /** Set once the directory itself is known to exist durably. */
  ready?: Promise<void>;
}

const pools = new Map<string, Pool>();

/**
 * The journal directory's own name must survive a power cut too, or every slot in it goes
 * with it: fsync the parent once per process after (maybe) creating it.
 */
async function ensureDir(journalDir: string): Promise<void> {
  await fs.mkdir(journalDir, { recursive: true });
  await fsyncDir(path.dirname(journalDir));
}

async function newSlot(journalDir: string): Promise<Slot> {
  const file = path.join(journalDir, `${threadId}-${randomBytes(6).toString('hex')}.${OWNER_TAG}${SLOT_SUFFIX}`);
  const handle = await fs.open(file, 'wx+');
  try {
    // The empty file and its name durable before any record relies on them; from here on a
    // record's fdatasync is all a write needs (it also persists the size when a record grows
    // the file: fdatasync(2) flushes metadata "needed to allow a subsequent data retrieval").
    await handle.sync();
    await fsyncDir(journalDir);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { path: file, handle };
}

export interface WrittenJournal {
  path: string;
  bytes: number;
  /**
   * The write this record protects is finished (or undone): clear the record durably and give
   * the slot back. Never called when undoing failed, so that slot keeps its record for
   * recovery and is never reused by this process.
   */
  release(): Promise<void>;
}

/**
 * Persist the undo record before the archive is touched: written over a slot of this thread's
 * pool, then fdatasynced. Returns when the record is durable.
 */
export async function writeTailJournal(journalDir: string, journal: TailJournal): Promise<WrittenJournal> {
  const pool = pools.get(journalDir) ?? { free: [] };
  pools.set(journalDir, pool);
  pool.ready ??= ensureDir(journalDir).catch((error: unknown) => {
    pool.ready = undefined;
    throw error;
  });
  await pool.ready;
  const slot = pool.free.pop() ?? (await newSlot(journalDir));
  const record = encodeRecord(journal);
  // Crash before the fdatasync returns: the slot may hold the previous (cleared) record, this
  // one torn, or a mix; none checks out, and the archive has not been touched yet.
  await writeAll(slot.handle, record, 0);
  // This fdatasync is what makes recovery possible: without it a power cut could keep the
  // archive's half-written tail and lose the old bytes that put it back. Several items in flight
  // per thread (exec/worker-protocol.ts) make their flushes meet in one journal commit.
  await slot.handle.datasync();
  return {
    path: slot.path,
    bytes: record.length,
    release: async () => {
      await clearSlot(slot.handle);
      pool.free.push(slot);
    },
  };
}

/** Put the old tail back: afterwards the file is byte-for-byte what it was before the write. */
export async function restoreTail(handle: FileHandle, journal: TailJournal): Promise<void> {
  await writeAll(handle, journal.tail, journal.header.position);
  ftruncateSync(handle.fd, journal.header.size);
  await handle.sync();
}

/** Keep a copy of a record recovery refused to apply, durably, before its slot is cleared. */
export async function quarantineRecord(journalDir: string, name: string, bytes: Buffer): Promise<string> {
  const dir = path.join(journalDir, QUARANTINE_DIR);
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, `${newId()}-${name}`);
  await writeNewFileDurably(target, bytes);
  await fsyncDir(dir);
  return target;
}

/**
 * The rebuild intent is written without fsync: it only exists so recovery can delete a stray
 * temp file after a crash. Losing it to a power cut leaves a hidden temp, never a damaged archive.
 */
export async function writeRebuildIntent(journalDir: string, intent: RebuildIntent): Promise<string> {
  await fs.mkdir(journalDir, { recursive: true });
  const file = path.join(journalDir, `${newId()}.${OWNER_TAG}${REBUILD_SUFFIX}`);
  await fs.writeFile(file, JSON.stringify(intent), { flag: 'wx' });
  return file;
}
