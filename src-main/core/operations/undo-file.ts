/**
 * Undo of one item of a finished job (docs/undo-and-results.md): put back the before-snapshot
 * (`item.restore`: file name, content, status) — but only if the file is still exactly as the
 * job left it (`item.guard`, the after-snapshot: place, size, mtime and values). Anything else
 * means the user or another program changed it since: FILE_CHANGED_SINCE_JOB, nothing touched —
 * except a file an earlier (cancelled or interrupted) undo already restored: skipped as done.
 *
 * Content comes back from the item's undo record (undo-record.ts) when there is one: the
 * original tail put back wherever it fits (a tail write, or a copy of it: byte-for-byte the
 * original, created ComicInfo.xml gone, mtime back), else a rebuilt archive gets its original
 * ComicInfo entry back in its place (or the created one removed): entry for entry the original.
 * Older items without a record get their values back.
 * The rename back never overwrites (TARGET_EXISTS). A CBR→CBZ conversion cannot be undone (the
 * original is in the OS trash).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ComicInfoField, ComicInfoPatch } from '../../../src-shared/contract/comicinfo.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { OriginalComicInfo } from '../archive/original-comicinfo.ts';
import { holdsOriginalTail, restoreOriginalTail, tailFits } from '../archive/original-tail.ts';
import { removeComicInfo, restoreComicInfo } from '../archive/write-comicinfo.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { applyPatch, valuesEqual } from '../comicinfo/comicinfo-values.ts';
import { splitExtension } from '../naming/split-extension.ts';
import { absPathOf, readState, startWork } from './file-work.ts';
import type { FileWork } from './file-work.ts';
import type { ItemSnapshot, OperationContext, OperationItem } from './operation-types.ts';
import { renameWithIntent, targetTaken } from './rename-intent.ts';
import { readUndoRecord } from './undo-record.ts';
import type { UndoRecord } from './undo-record.ts';
import { writeDocument } from './write-values.ts';

/** Where a snapshot's file is: under the root by relPath, or its absolute path when outside. */
export function locationOf(rootPath: string, snapshot: ItemSnapshot): string {
  if (snapshot.relPath.startsWith('../') || snapshot.relPath === '..') {
    return snapshot.absPath ?? path.resolve(rootPath, snapshot.relPath);
  }
  return absPathOf({ rootPath, relPath: snapshot.relPath });
}

function changedSince(p: string, why: string): LongboxError {
  return new LongboxError('FILE_CHANGED_SINCE_JOB', `${p}: ${why} since the job ran; not undone`);
}

async function statOrNull(p: string) {
  return fs.stat(p).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

/** The file at `location` is exactly as the job left it (guard): the work to undo, else null. */
async function asJobLeftIt(item: OperationItem, guard: ItemSnapshot, location: string): Promise<FileWork | null> {
  const stat = await statOrNull(location);
  if (!stat || stat.size !== guard.size || stat.mtimeMs !== guard.mtimeMs) return null;
  const work = await startWork(item, location);
  if (!valuesEqual(work.values, guard.values)) throw changedSince(location, 'its metadata was edited');
  return work;
}

/** An earlier undo (cancelled, or interrupted) already put this file back. */
async function alreadyRestored(location: string, restore: ItemSnapshot, record: UndoRecord | null): Promise<boolean> {
  const stat = await statOrNull(location);
  if (!stat) return false;
  const original = record?.original;
  // The original tail holds the central directory (names, CRCs, offsets): the same tail at the
  // same size is the same archive.
  if (original && stat.size === restore.size && (await holdsOriginalTail(location, original))) return true;
  const state = await readState(location, { allowMalformed: true });
  // An archive undone by a rebuild holds the original entries, not always at the original size:
  // its original ComicInfo.xml (or none) is the sign.
  const rebuilt = record?.comicInfoEntry !== undefined && !(original && (await tailFits(location, original)));
  if (rebuilt) return state.comicInfoXml === record.comicInfoXml;
  return stat.size === restore.size && valuesEqual(state.values, restore.values);
}

export async function startUndo(item: OperationItem): Promise<FileWork> {
  const { guard, restore } = item;
  if (!guard || !restore) throw new LongboxError('INVALID_INPUT', 'undo needs the restore and guard snapshots');
  const location = locationOf(item.rootPath, guard);
  const original = locationOf(item.rootPath, restore);
  // As the job left it; or renamed back already by an undo that stopped before the content.
  const work = (await asJobLeftIt(item, guard, location)) ?? (original !== location ? await asJobLeftIt(item, guard, original) : null);
  if (work) return work;
  const record = restore.undoRecord ? await readUndoRecord(restore.undoRecord) : null;
  if (await alreadyRestored(original, restore, record)) {
    const done = await startWork(item, original);
    done.skip = { message: 'already restored by an earlier undo' };
    done.actions.push('already restored');
    if (restore.status) done.status = restore.status;
    return done;
  }
  if (!(await statOrNull(location))) throw changedSince(location, 'the file was moved or deleted');
  throw changedSince(location, 'the file was modified');
}

/**
 * A rebuilt archive (the original tail no longer fits it): its original ComicInfo entry back in
 * its place, with its own bytes — or, when it had none, the one the job created removed.
 */
async function restoreEntry(work: FileWork, restore: ItemSnapshot, entry: OriginalComicInfo | null, ctx: OperationContext): Promise<void> {
  if (!ctx.dryRun) {
    const options = { journalDir: ctx.journalDir, expected: { size: work.size, mtimeMs: work.mtimeMs } };
    if (entry) await restoreComicInfo(work.absPath, entry, options);
    else await removeComicInfo(work.absPath, options);
    Object.assign(work, await readState(work.absPath));
  } else work.values = { ...restore.values };
  work.changed = true;
  work.actions.push(entry ? 'original ComicInfo.xml restored' : 'created ComicInfo.xml removed');
}

/** Content back: the original bytes when the job wrote in place, else the original ComicInfo entry. */
async function restoreContent(work: FileWork, restore: ItemSnapshot, record: UndoRecord | null, ctx: OperationContext): Promise<void> {
  const original = record?.original;
  if (original && (await tailFits(work.absPath, original))) {
    if (await holdsOriginalTail(work.absPath, original)) return;
    if (!ctx.dryRun) {
      await restoreOriginalTail(work.absPath, original, { journalDir: ctx.journalDir, expected: { size: work.size, mtimeMs: work.mtimeMs } });
      // The original bytes may hold a malformed ComicInfo.xml (undoing a repair): read as they are.
      Object.assign(work, await readState(work.absPath, { allowMalformed: true }));
    } else work.values = { ...restore.values };
    work.changed = true;
    work.actions.push('restored byte-for-byte');
    return;
  }
  if (record) {
    if (work.comicInfoXml === record.comicInfoXml) return;
    // A record written before the entry itself was kept holds only the old XML text.
    if (record.comicInfoEntry === undefined && record.comicInfoXml !== null) {
      await writeDocument(work, parseComicInfo(record.comicInfoXml), ctx);
      work.actions.push('old ComicInfo.xml restored');
    } else {
      await restoreEntry(work, restore, record.comicInfoEntry ?? null, ctx);
    }
    return;
  }
  if (valuesEqual(work.values, restore.values)) return;
  const patch: ComicInfoPatch = {};
  const fields = new Set([...Object.keys(work.values), ...Object.keys(restore.values)]) as Set<ComicInfoField>;
  for (const field of fields) patch[field] = restore.values[field] ?? null;
  await writeDocument(work, applyPatch(work.doc, patch), ctx);
  work.actions.push('metadata restored');
}

export async function undoFile(work: FileWork, item: OperationItem, ctx: OperationContext): Promise<void> {
  if (work.skip) return;
  const restore = item.restore as ItemSnapshot;
  const target = absPathOf({ rootPath: item.rootPath, relPath: restore.relPath });
  const fromExt = splitExtension(path.basename(work.absPath)).extension.toLowerCase();
  const toExt = splitExtension(path.basename(target)).extension.toLowerCase();
  if (fromExt !== toExt) {
    throw new LongboxError('ARCHIVE_UNSUPPORTED', `${work.absPath}: a CBR→CBZ conversion cannot be undone (the original is in the OS trash)`);
  }
  const record = restore.undoRecord ? await readUndoRecord(restore.undoRecord) : null;
  if (path.resolve(target) !== path.resolve(work.absPath)) {
    if (await targetTaken(work.absPath, target)) {
      throw new LongboxError('TARGET_EXISTS', `${target} already exists; not overwritten`);
    }
    if (!ctx.dryRun) {
      await fs.mkdir(path.dirname(target), { recursive: true });
      const result = await renameWithIntent(ctx.journalDir, work.absPath, target, work.fileId, work.openIntents);
      if (!result.ok) throw new LongboxError('TARGET_EXISTS', `${target} already exists; not overwritten`);
    }
    work.absPath = target;
    work.changed = true;
    work.actions.push(`renamed back to ${path.basename(target)}`);
  }
  await restoreContent(work, restore, record, ctx);
  if (!work.changed) work.actions.push('nothing to undo');
  if (restore.status) work.status = restore.status;
}
