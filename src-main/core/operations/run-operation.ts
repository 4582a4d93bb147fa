/**
 * One operation on one file (runs in a worker thread): plain async, no database, inputs and
 * outputs structured-cloneable. Never throws: every problem becomes a `failed` outcome with a
 * contract error code, and the file is left as it was (archive writes are journaled and
 * verified; renames never overwrite and are covered by intents).
 *
 * Outcome states: `done` = the file was written or moved (dry-run: would be); `skipped` =
 * nothing needed or possible (already normalized, name kept, no-op patch; or a coded reason:
 * NO_NUMBER, NAME_INVALID, TARGET_EXISTS for duplicates); `failed` = an error (fileStatus error).
 */
import { realpathSync } from 'node:fs';
import { TRANSIENT_ERROR_CODES, type ErrorCode } from '../../../src-shared/contract/errors.ts';
import type { FileStatus } from '../../../src-shared/contract/library.ts';
import { fileErrorInfo } from './read-file-metadata.ts';
import { convertFile } from './convert-file.ts';
import { editFile } from './edit-file.ts';
import { absPathOf, assertExpected, finishOutcome, snapshotAfterFailure, startWork } from './file-work.ts';
import { isInside, relPathOf } from '../library/library-paths.ts';
import { assertInsideRoot } from '../library/path-confinement.ts';
import type { FileWork } from './file-work.ts';
import { moveDuplicateFile } from './move-duplicate.ts';
import { normalizeFile } from './normalize-file.ts';
import type { OperationContext, OperationItem, OperationKind, OperationOutcome, RunOperation } from './operation-types.ts';
import { processFile } from './process-file.ts';
import { renameFile } from './rename-file.ts';
import { startUndo, undoFile } from './undo-file.ts';
import { adoptUndoRecord } from './undo-record.ts';
import { deleteFile } from './delete-file.ts';
import { keepBothFile } from './keep-both.ts';

/** The status a successful (or no-op) run leaves in the index; undefined = unchanged. */
const OK_STATUS: Record<OperationKind, FileStatus | undefined> = {
  process: 'processed',
  normalize: 'processed',
  rename: 'processed',
  edit: undefined,
  convert: undefined,
  'move-duplicate': 'duplicate',
  delete: undefined,
  'keep-both': 'processed',
  undo: undefined,
  noop: undefined,
};

/**
 * Each library root's real path, resolved once per job context (a pool thread keeps one context
 * object per job) rather than per file. A root swapped for a link meanwhile only makes its files
 * fail the check, never pass it.
 */
const realRoots = new WeakMap<OperationContext, Map<string, string>>();

function realRootOf(ctx: OperationContext, root: string): string {
  let roots = realRoots.get(ctx);
  if (!roots) realRoots.set(ctx, (roots = new Map()));
  let real = roots.get(root);
  if (real === undefined) roots.set(root, (real = realpathSync.native(root)));
  return real;
}

/** Skip reasons after which the file is not "processed" (it still needs the user). */
const UNPROCESSED_SKIPS: ReadonlySet<ErrorCode> = new Set(['NO_NUMBER', 'NAME_INVALID']);

async function run(kind: Exclude<OperationKind, 'noop'>, work: FileWork, item: OperationItem, ctx: OperationContext): Promise<void> {
  switch (kind) {
    case 'process':
      return processFile(work, ctx);
    case 'normalize':
      return normalizeFile(work, ctx);
    case 'rename':
      return renameFile(work, ctx);
    case 'edit':
      return editFile(work, item, ctx);
    case 'convert':
      return convertFile(work, ctx);
    case 'move-duplicate':
      return moveDuplicateFile(work, ctx);
    case 'delete':
      return deleteFile(work, ctx);
    case 'keep-both':
      return keepBothFile(work, ctx);
    case 'undo':
      return undoFile(work, item, ctx);
  }
}

function failed(error: unknown, abs: string): OperationOutcome {
  const info = fileErrorInfo(error, abs);
  // A full disk or a briefly missing folder says nothing about the file: leave its status.
  const fileStatus = TRANSIENT_ERROR_CODES.has(info.code) ? undefined : 'error';
  return { state: 'failed', code: info.code, message: info.message, fileStatus, actions: [] };
}

export const runOperation: RunOperation = async (kind, item, ctx) => {
  if (kind === 'noop') return { state: 'done', actions: [] };
  const abs = absPathOf(item);
  let work: FileWork | undefined;
  try {
    if (kind === 'undo') {
      work = await startUndo(item);
    } else {
      // A retry re-reads the file as it is now: a repaired or replaced file is planned afresh.
      if (!ctx.replan) await assertExpected(abs, item.expected, 'ARCHIVE_CHANGED');
      // A folder swapped for a symlink since the scan must not carry a write out of the library.
      assertInsideRoot(item.rootPath, realRootOf(ctx, item.rootPath), abs);
      work = await startWork(item, abs);
      await adoptUndoRecord(work, ctx);
    }
    await run(kind, work, item, ctx);
    let okStatus = OK_STATUS[kind];
    if (work.skip?.code && UNPROCESSED_SKIPS.has(work.skip.code)) okStatus = undefined;
    return await finishOutcome(work, ctx, okStatus);
  } catch (error) {
    const outcome = failed(error, work?.absPath ?? abs);
    if (work) {
      outcome.before = work.before;
      if (work.actions.length > 0) outcome.actions = work.actions;
      // Failed after a step had already changed the file (metadata written, then the rename
      // refused): the item is applied-with-error — never "failed, unchanged". Where the file is
      // now and what it holds go into the outcome, so the index follows it and undo restores it.
      if (work.changed && !ctx.dryRun) {
        outcome.changed = true;
        outcome.after = await snapshotAfterFailure(work);
        outcome.actions = [...work.actions, 'changed before the error'];
        if (work.absPath !== work.before.absPath) {
          outcome.newAbsPath = work.absPath;
          if (isInside(work.root, work.absPath)) outcome.newRelPath = relPathOf(work.root, work.absPath);
        }
      }
      if (work.pendingTrash.length > 0) outcome.pendingTrash = work.pendingTrash;
      if (work.openIntents.length > 0) outcome.openIntents = work.openIntents;
    }
    return outcome;
  }
};
