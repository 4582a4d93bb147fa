/**
 * The state of one file while an operation works on it, shared by the per-kind steps. Every
 * step reads from and updates this object; `finishOutcome` turns it into an OperationOutcome.
 */
import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { ErrorCode } from '../../../src-shared/contract/errors.ts';
import type { FileStatus } from '../../../src-shared/contract/library.ts';
import { toArchiveError } from '../archive/archive-errors.ts';
import { readArchiveSummary } from '../archive/inspect-archive.ts';
import type { ArchiveSummary } from '../archive/inspect-archive.ts';
import { readZipTailSummary } from '../archive/zip-tail-summary.ts';
import type { ArchiveFormat } from '../archive/sniff-format.ts';
import { comicInfoProblem } from '../comicinfo/check-comicinfo.ts';
import { emptyComicInfo, parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import type { ComicInfoDocument } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';
import { decodeComicInfoBytes } from '../comicinfo/decode-comicinfo-bytes.ts';
import { isInside, relPathOf } from '../library/library-paths.ts';
import { toMetadata } from './read-file-metadata.ts';
import type { ItemSnapshot, OperationContext, OperationItem, OperationOutcome } from './operation-types.ts';
import { inodeKey } from '../platform/file-stat.ts';

/** The archive as read (format, size, mtime, ComicInfo), kept current as steps change it. */
export interface FileWork extends ReadState {
  readonly fileId: number;
  readonly root: string;
  /** Where the file is now (moves with renames; in a dry-run, where it would be). */
  absPath: string;
  /** Written or moved (dry-run: would be). */
  changed: boolean;
  /** Moved to the OS trash (delete): there is no file left to describe. */
  removed?: boolean;
  /** A duplicate: the absolute path of the file holding the name it would get. */
  duplicateOf?: string;
  actions: string[];
  pendingTrash: string[];
  /** Intents of renames done; cleared by the engine after it records the new path. */
  openIntents: string[];
  status?: FileStatus;
  /** A non-fatal reason the operation stopped short (skipped): NO_NUMBER, TARGET_EXISTS… */
  skip?: { code?: ErrorCode; message: string };
  before: ItemSnapshot;
}

export function absPathOf(item: Pick<OperationItem, 'rootPath' | 'relPath'>): string {
  return path.join(item.rootPath, ...item.relPath.split('/'));
}

/** Name of the parent folder, or null when the file sits directly in the library root. */
export function folderNameOf(root: string, abs: string): string | null {
  const dir = path.dirname(abs);
  if (path.resolve(dir) === path.resolve(root)) return null;
  return path.basename(dir);
}

/** The file at the item's path must be the one the job recorded (size + mtime). */
export async function assertExpected(abs: string, expected: OperationItem['expected'], code: ErrorCode): Promise<void> {
  let stat;
  try {
    // Synchronous: operations run in pool threads (archive/durable-fs.ts `writeAll` says why).
    stat = statSync(abs);
  } catch (error) {
    throw toArchiveError(error, abs);
  }
  if (stat.size !== expected.size || stat.mtimeMs !== expected.mtimeMs) {
    throw new LongboxError(code, `${abs}: the file changed since the job recorded it (size/mtime differ)`);
  }
}

export interface ReadState {
  format: ArchiveFormat;
  size: number;
  mtimeMs: number;
  doc: ComicInfoDocument;
  values: ComicInfoValues;
  hasComicInfo: boolean;
  /** Image entries: with `values`, all the index needs after a write (no re-read). */
  pageCount: number;
  /** The ComicInfo.xml text as read (null: none); kept in the undo record. */
  comicInfoXml: string | null;
  /** The file's ComicInfo.xml does not parse (read with `allowMalformed`); `doc` is empty. */
  comicInfoMalformed: boolean;
}

type PlanningRead = Pick<ArchiveSummary, 'format' | 'size' | 'mtimeMs' | 'pageCount' | 'comicInfoXml'>;

/**
 * A plain zip read the scan's way (archive/zip-tail-summary.ts): one tail read with synchronous
 * calls, about a tenth of the full reader's cost. Null for anything else — a RAR, zip64, an
 * unusual layout, an error — which the full reader then reads with its checks and error codes.
 * A write that follows opens the archive with the full reader and checks it all again before a
 * byte changes (archive/write-comicinfo.ts).
 */
function readPlainZip(abs: string): PlanningRead | null {
  let tail;
  try {
    // Its own fstat is the stat (it refuses anything but a regular file: a FIFO never blocks it).
    tail = readZipTailSummary(abs);
  } catch {
    return null;
  }
  if (!tail) return null;
  const comicInfoXml = tail.comicInfo && decodeComicInfoBytes(tail.comicInfo);
  return { format: 'cbz', size: tail.stat.size, mtimeMs: tail.stat.mtimeMs, pageCount: tail.pageCount, comicInfoXml };
}

/**
 * Reads the archive's ComicInfo (or an empty document). Hostile input throws its error code.
 * `allowMalformed`: a ComicInfo.xml that does not parse reads as an empty document, its text
 * kept in `comicInfoXml` — for a repair that replaces it, and an undo that puts it back.
 */
export async function readState(abs: string, { allowMalformed = false } = {}): Promise<ReadState> {
  // Unchecked, then parsed once here: the parse that checks the XML (a hostile one throws its
  // code) is the one that gives the document.
  const summary = readPlainZip(abs) ?? (await readArchiveSummary(abs, { unchecked: true }));
  const xml = summary.comicInfoXml;
  const malformed = !!xml && allowMalformed && comicInfoProblem(xml) !== null;
  const doc = xml === null || (allowMalformed && (!xml || malformed)) ? emptyComicInfo() : parseComicInfo(xml);
  return {
    format: summary.format,
    size: summary.size,
    mtimeMs: summary.mtimeMs,
    doc,
    values: getValues(doc),
    hasComicInfo: summary.comicInfoXml !== null,
    pageCount: summary.pageCount,
    comicInfoXml: summary.comicInfoXml,
    comicInfoMalformed: malformed,
  };
}

export async function startWork(item: OperationItem, abs: string): Promise<FileWork> {
  const state = await readState(abs, { allowMalformed: item.replaceComicInfo !== undefined });
  return {
    fileId: item.fileId,
    root: item.rootPath,
    absPath: abs,
    ...state,
    changed: false,
    actions: [],
    pendingTrash: [],
    openIntents: [],
    before: { ...snapshotOf(item.rootPath, abs, state), ...(item.status ? { status: item.status } : {}) },
  };
}

export function snapshotOf(root: string, abs: string, s: { size: number; mtimeMs: number; values: ComicInfoValues }): ItemSnapshot {
  return { relPath: relPathOf(root, abs), absPath: abs, size: s.size, mtimeMs: s.mtimeMs, values: { ...s.values } };
}

/** The trash the steps hand to the converter: the context's port, or "defer to the main thread". */
export function trashFor(work: FileWork, ctx: OperationContext): (absPath: string) => Promise<void> {
  if (ctx.trash) return ctx.trash;
  return async (p) => {
    work.pendingTrash.push(p);
  };
}

/** Builds the outcome from the work's final state; re-reads the file when it changed (real runs). */
export async function finishOutcome(
  work: FileWork,
  ctx: OperationContext,
  okStatus: FileStatus | undefined,
): Promise<OperationOutcome> {
  const outcome: OperationOutcome = {
    state: work.skip ? 'skipped' : work.changed ? 'done' : 'skipped',
    before: work.before,
    actions: work.actions,
    changed: work.changed,
  };
  if (work.skip) {
    if (work.skip.code) outcome.code = work.skip.code;
    outcome.message = work.skip.message;
  }
  const status = work.status ?? okStatus;
  if (status) outcome.fileStatus = status;
  if (work.pendingTrash.length > 0) outcome.pendingTrash = work.pendingTrash;
  if (work.openIntents.length > 0) outcome.openIntents = work.openIntents;
  if (work.absPath !== work.before.absPath) {
    outcome.newAbsPath = work.absPath;
    if (isInside(work.root, work.absPath)) outcome.newRelPath = relPathOf(work.root, work.absPath);
  }
  if (work.duplicateOf && isInside(work.root, work.duplicateOf)) outcome.duplicateOf = relPathOf(work.root, work.duplicateOf);
  if (work.removed) {
    outcome.removed = true;
    return outcome;
  }
  if (work.changed && !ctx.dryRun) {
    const stat = statSync(work.absPath);
    outcome.after = snapshotOf(work.root, work.absPath, { size: stat.size, mtimeMs: stat.mtimeMs, values: work.values });
    outcome.ino = inodeKey(stat);
    const problem = work.comicInfoMalformed && work.comicInfoXml !== null ? comicInfoProblem(work.comicInfoXml) : null;
    if (problem) {
      // Only an undo of a repair writes a malformed ComicInfo.xml back: the file is exactly as
      // it was, so it is marked `error` again, for the same reason.
      outcome.fileStatus = 'error';
      outcome.code = problem.code;
      outcome.message = problem.message;
    } else {
      // From what the steps wrote, not a re-read: every write verified that its ComicInfo.xml
      // reads back as the bytes meant (verify-written-zip.ts), and only ComicInfo.xml and the
      // name change; the pages are the ones counted when the file was read.
      outcome.metadata = toMetadata(work.absPath, work.values, work.pageCount);
    }
  } else {
    // Dry-run: the predicted name and values; size/mtime are unknown until written.
    outcome.after = snapshotOf(work.root, work.absPath, { size: work.size, mtimeMs: work.mtimeMs, values: work.values });
  }
  return outcome;
}

/** What the file is now, after a step changed it and a later one failed (applied-with-error). */
export async function snapshotAfterFailure(work: FileWork): Promise<ItemSnapshot> {
  const stat = await fs.stat(work.absPath);
  return snapshotOf(work.root, work.absPath, { size: stat.size, mtimeMs: stat.mtimeMs, values: work.values });
}
