/**
 * The undo record of one item of a job: what the file was before the job touched it — its
 * before-snapshot, its old ComicInfo.xml text and (when small enough) the archive's original
 * tail bytes. Written durably *before* the first change to the file (write or rename), one file
 * per item under `<journals>/undo/<jobId>/`, and never overwritten:
 *
 * - undo restores a tail write byte-for-byte from it, and puts a rebuilt archive's original
 *   ComicInfo.xml entry back where it was — or removes the one the job created
 *   (docs/undo-and-results.md);
 * - a crash after the file changed but before the item's result was committed is found on
 *   resume: the re-run adopts the record's before-snapshot (the TRUE one, not the already
 *   changed file) and reports the item done, so undo restores it.
 *
 * Records go when their job is pruned (retention), never earlier.
 */
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, writeNewFileDurably } from '../archive/durable-fs.ts';
import type { FileIdentity } from '../archive/durable-fs.ts';
import { loadOriginalComicInfo, storeOriginalComicInfo } from '../archive/original-comicinfo.ts';
import type { OriginalComicInfo, StoredOriginalComicInfo } from '../archive/original-comicinfo.ts';
import { originalArchiveOf, readOriginalArchive } from '../archive/original-tail.ts';
import type { OriginalTail } from '../archive/original-tail.ts';
import type { ZipArchive } from '../archive/zip-reader.ts';
import type { FileWork } from './file-work.ts';
import type { ItemSnapshot, OperationContext } from './operation-types.ts';

export const UNDO_DIR = 'undo';

interface StoredRecord {
  version: 1;
  before: ItemSnapshot;
  comicInfoXml: string | null;
  original: { identity: FileIdentity; entriesSha256: string; size: number; mtimeMs: number; position: number; tail: string } | null;
  /** Absent in records written before it was kept. */
  comicInfoEntry?: StoredOriginalComicInfo | null;
}

export interface UndoRecord {
  before: ItemSnapshot;
  comicInfoXml: string | null;
  original: OriginalTail | null;
  /** The original ComicInfo entry (null: the archive had none; undefined: an older record). */
  comicInfoEntry?: OriginalComicInfo | null;
}

/** The folder of one job's undo records. */
export function undoDirOf(journalDir: string, jobId: string): string {
  return path.join(journalDir, UNDO_DIR, jobId);
}

export function undoRecordPath(undoDir: string, fileId: number): string {
  return path.join(undoDir, `${fileId}.undo.json`);
}

/** The record at `file`; null when there is none, or it was torn (then the file was never touched). */
export async function readUndoRecord(file: string): Promise<UndoRecord | null> {
  let stored: StoredRecord;
  // Every item of a job looks for its record (adoptUndoRecord), in a pool thread: synchronous
  // calls, and no thrown ENOENT (an error object with its stack) for the usual "none".
  if (!existsSync(file)) return null;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredRecord;
  } catch {
    return null;
  }
  if (stored?.version !== 1 || !stored.before) return null;
  const o = stored.original;
  return {
    before: stored.before,
    comicInfoXml: stored.comicInfoXml,
    original: o ? { ...o, tail: Buffer.from(o.tail, 'base64') } : null,
    ...(stored.comicInfoEntry !== undefined ? { comicInfoEntry: stored.comicInfoEntry && loadOriginalComicInfo(stored.comicInfoEntry) } : {}),
  };
}

/** The archive as a writer opened it, with the ComicInfo entry it read (null: none). */
export interface OpenedArchive {
  zip: ZipArchive;
  comicInfo: OriginalComicInfo | null;
}

/** Undo folders whose parent exists durably, per process: the parent is fsynced once. */
const readyDirs = new Map<string, Promise<void>>();

function ensureDir(dir: string): Promise<void> {
  let ready = readyDirs.get(dir);
  if (!ready) {
    ready = fs.mkdir(dir, { recursive: true }).then(async () => {
      await fsyncDir(path.dirname(dir));
      await fsyncDir(path.dirname(path.dirname(dir)));
    });
    ready.catch(() => readyDirs.delete(dir));
    readyDirs.set(dir, ready);
  }
  return ready;
}

/**
 * Before the first change to the file (real runs of undoable jobs only): write the record, or —
 * on a resumed item — keep the one an earlier attempt wrote (it describes the true original).
 */
export async function recordBeforeChange(work: FileWork, ctx: OperationContext, opened?: OpenedArchive): Promise<void> {
  if (ctx.dryRun || !ctx.undoDir || work.before.undoRecord) return;
  const file = undoRecordPath(ctx.undoDir, work.fileId);
  await ensureDir(ctx.undoDir);
  // `opened`: the archive as the writer opened and read it for this very write (write-values.ts).
  const archive = opened
    ? await originalArchiveOf(opened.zip, opened.comicInfo)
    : work.format === 'cbz'
      ? await readOriginalArchive(work.absPath)
      : null;
  const tail = archive?.tail;
  const stored: StoredRecord = {
    version: 1,
    before: work.before,
    comicInfoXml: work.comicInfoXml,
    original: tail ? { ...tail, tail: tail.tail.toString('base64') } : null,
    ...(archive ? { comicInfoEntry: archive.comicInfo && storeOriginalComicInfo(archive.comicInfo) } : {}),
  };
  const data = Buffer.from(JSON.stringify(stored), 'utf8');
  // The record's data and its name must both survive a power cut before the file is touched.
  // writeNewFileDurably creates the file before it first waits, so the directory's fsync,
  // started beside the record's own, already covers the new name: the two flushes overlap.
  const writeDurably = () => Promise.all([writeNewFileDurably(file, data), fsyncDir(ctx.undoDir!)]);
  try {
    await writeDurably();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // An earlier attempt's record: the true before if it reads (its name was made durable
    // before that attempt touched the file), else a torn one written before that attempt
    // touched anything — replaced.
    if (!(await readUndoRecord(file))) {
      await fs.rm(file, { force: true });
      await writeDurably();
    }
  }
  work.before.undoRecord = file;
}

function sameFile(a: ItemSnapshot, b: ItemSnapshot): boolean {
  return a.absPath === b.absPath && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * A resumed item: an earlier attempt of this job recorded the file (and maybe changed it)
 * before a crash. The record's before-snapshot is the true one; if the file is no longer that,
 * the item counts as changed even when the re-run finds nothing left to do.
 */
export async function adoptUndoRecord(work: FileWork, ctx: OperationContext): Promise<void> {
  if (ctx.dryRun || !ctx.undoDir) return;
  const file = undoRecordPath(ctx.undoDir, work.fileId);
  const record = await readUndoRecord(file);
  if (!record) return;
  const current = work.before;
  work.before = { ...record.before, undoRecord: file };
  if (!sameFile(current, record.before)) {
    work.changed = true;
    work.actions.push('changed before an interruption');
  }
}

/** Retention: drop the undo records of jobs that no longer exist. */
export async function pruneUndoRecords(journalDir: string, jobExists: (jobId: string) => boolean): Promise<number> {
  const root = path.join(journalDir, UNDO_DIR);
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch {
    return 0;
  }
  let pruned = 0;
  for (const name of names) {
    if (jobExists(name)) continue;
    await fs.rm(path.join(root, name), { recursive: true, force: true });
    pruned += 1;
  }
  return pruned;
}
