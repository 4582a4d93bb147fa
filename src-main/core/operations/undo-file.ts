/**
 * Undo of one item of a finished job: put back the before-snapshot (`item.restore`: file name
 * and ComicInfo values) — but only if the file is still exactly as the job left it
 * (`item.guard`, the after-snapshot: place, size, mtime and values). Anything else means the
 * user or another program changed it since: FILE_CHANGED_SINCE_JOB, nothing touched.
 * The rename back never overwrites (TARGET_EXISTS). `item.expected` is not used: the guard is
 * the stronger check. A CBR→CBZ conversion cannot be undone (the original is in the OS trash).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ComicInfoField, ComicInfoPatch } from '../../../src-shared/contract/comicinfo.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { applyPatch, valuesEqual } from '../comicinfo/comicinfo-values.ts';
import { splitExtension } from '../naming/split-extension.ts';
import { absPathOf, startWork } from './file-work.ts';
import type { FileWork } from './file-work.ts';
import type { ItemSnapshot, OperationContext, OperationItem } from './operation-types.ts';
import { renameWithIntent, targetTaken } from './rename-intent.ts';
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

export async function startUndo(item: OperationItem): Promise<FileWork> {
  const { guard, restore } = item;
  if (!guard || !restore) throw new LongboxError('INVALID_INPUT', 'undo needs the restore and guard snapshots');
  const location = locationOf(item.rootPath, guard);
  let stat;
  try {
    stat = await fs.stat(location);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw changedSince(location, 'the file was moved or deleted');
    throw error;
  }
  if (stat.size !== guard.size || stat.mtimeMs !== guard.mtimeMs) throw changedSince(location, 'the file was modified');
  const work = await startWork(item, location);
  if (!valuesEqual(work.values, guard.values)) throw changedSince(location, 'its metadata was edited');
  return work;
}

export async function undoFile(work: FileWork, item: OperationItem, ctx: OperationContext): Promise<void> {
  const restore = item.restore as ItemSnapshot;
  const target = absPathOf({ rootPath: item.rootPath, relPath: restore.relPath });
  const fromExt = splitExtension(path.basename(work.absPath)).extension.toLowerCase();
  const toExt = splitExtension(path.basename(target)).extension.toLowerCase();
  if (fromExt !== toExt) {
    throw new LongboxError('ARCHIVE_UNSUPPORTED', `${work.absPath}: a CBR→CBZ conversion cannot be undone (the original is in the OS trash)`);
  }
  const needsRename = path.resolve(target) !== path.resolve(work.absPath);
  const needsWrite = !valuesEqual(work.values, restore.values);

  if (needsRename) {
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
  if (needsWrite) {
    const patch: ComicInfoPatch = {};
    const fields = new Set([...Object.keys(work.values), ...Object.keys(restore.values)]) as Set<ComicInfoField>;
    for (const field of fields) patch[field] = restore.values[field] ?? null;
    await writeDocument(work, applyPatch(work.doc, patch), ctx);
    work.actions.push('metadata restored');
  }
  if (!needsRename && !needsWrite) work.actions.push('nothing to undo');
  if (restore.status) work.status = restore.status;
}
