/**
 * Process = normalize, then rename, as one outcome (before = before normalize, after = after
 * rename). When the new name is already taken by another file before anything is written, the
 * file is marked a duplicate and left byte-for-byte intact (not normalized): a duplicate is the
 * user's to resolve, and writing it first would only make the two copies differ. A file
 * the rename would skip (no number, template cannot name it) is left untouched too.
 */
import path from 'node:path';
import type { FileWork } from './file-work.ts';
import { applyNormalize, planNormalizeFor } from './normalize-file.ts';
import type { OperationContext } from './operation-types.ts';
import { applyRename, markDuplicate, planRenameFor, renameWouldCollide, targetOf, valuesForRename } from './rename-file.ts';

export async function processFile(work: FileWork, ctx: OperationContext): Promise<void> {
  const normalizePlan = planNormalizeFor(work, ctx);
  const predicted = planRenameFor(work, valuesForRename(path.basename(work.absPath), normalizePlan.after), ctx);
  if (predicted.action === 'skip') {
    // No number (or a template that cannot name it): process leaves the file untouched.
    work.skip = { code: predicted.code, message: predicted.reason };
    work.actions.push('skipped');
    return;
  }
  if (work.format === 'cbz') {
    if (await renameWouldCollide(work, predicted)) {
      await markDuplicate(work, targetOf(work, predicted) as string, ctx);
      return;
    }
  }
  await applyNormalize(work, normalizePlan, ctx);
  const plan = planRenameFor(work, valuesForRename(path.basename(work.absPath), work.values), ctx);
  await applyRename(work, plan, ctx);
}
