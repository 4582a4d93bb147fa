/**
 * Rename (docs/behaviour.md §3.3): the file name from the template, never overwriting. A name taken by
 * another file makes this file a `duplicate` (outcome `skipped`, code TARGET_EXISTS), moved to
 * the duplicates folder when one is set. No number → `skipped` NO_NUMBER, file untouched.
 * The same name → `skipped` with the action "name kept" (fileStatus processed).
 */
import path from 'node:path';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import { parseFileName } from '../naming/file-name-parser.ts';
import { planRename } from '../naming/rename-plan.ts';
import type { RenamePlan } from '../naming/rename-plan.ts';
import { splitExtension } from '../naming/split-extension.ts';
import type { FileWork } from './file-work.ts';
import type { OperationContext } from './operation-types.ts';
import { recordBeforeChange } from './undo-record.ts';
import { moveToDuplicatesWithIntent, previewDuplicateTarget, renameWithIntent, targetTaken } from './rename-intent.ts';

/**
 * What a rename-only run names the file from: the ComicInfo values, with fields the archive
 * does not carry taken from the parsed file name.
 */
export function valuesForRename(fileName: string, values: ComicInfoValues): ComicInfoValues {
  const parsed = parseFileName(splitExtension(fileName).stem);
  const out: ComicInfoValues = { ...values };
  const fill = (field: 'Number' | 'Series' | 'Volume' | 'Year' | 'Month' | 'Count', value: string | null) => {
    if ((out[field] ?? '').trim() === '' && value !== null) out[field] = value;
  };
  fill('Number', parsed.number);
  fill('Series', parsed.series);
  fill('Volume', parsed.volume);
  fill('Year', parsed.year);
  fill('Month', parsed.month);
  fill('Count', parsed.count);
  return out;
}

export function planRenameFor(work: FileWork, values: ComicInfoValues, ctx: OperationContext): RenamePlan {
  return planRename({ fileName: path.basename(work.absPath), values, settings: ctx.settings });
}

export function targetOf(work: FileWork, plan: RenamePlan): string | null {
  return plan.action === 'rename' ? path.join(path.dirname(work.absPath), plan.targetName) : null;
}

/** Would the rename collide right now? (A check, not a claim: the claim decides in the end.) */
export async function renameWouldCollide(work: FileWork, plan: RenamePlan): Promise<boolean> {
  const target = targetOf(work, plan);
  return target !== null && (await targetTaken(work.absPath, target));
}

export async function applyRename(work: FileWork, plan: RenamePlan, ctx: OperationContext): Promise<void> {
  if (plan.action === 'skip') {
    work.skip = { code: plan.code, message: plan.reason };
    work.actions.push('rename skipped');
    return;
  }
  if (plan.action === 'keep') {
    work.actions.push('name kept');
    return;
  }
  const target = path.join(path.dirname(work.absPath), plan.targetName);
  // Crash point: the undo record is durable before the file moves.
  await recordBeforeChange(work, ctx);
  const claimed = ctx.dryRun
    ? !(await targetTaken(work.absPath, target))
    : (await renameWithIntent(ctx.journalDir, work.absPath, target, work.fileId, work.openIntents)).ok;
  if (claimed) {
    work.absPath = target;
    work.changed = true;
    work.actions.push(`renamed to ${plan.targetName}`);
    return;
  }
  await markDuplicate(work, target, ctx);
}

/** The name is taken: the file is a duplicate, kept, and moved to the duplicates folder if set. */
export async function markDuplicate(work: FileWork, takenBy: string, ctx: OperationContext): Promise<void> {
  work.status = 'duplicate';
  work.duplicateOf = takenBy;
  work.skip = { code: 'TARGET_EXISTS', message: `${path.basename(takenBy)} already exists: kept as a duplicate` };
  work.actions.push(`duplicate of ${path.basename(takenBy)}`);
  await moveDuplicate(work, ctx);
}

/** Moves the file to `<duplicates folder>/<parent folder>/<name>` when a duplicates folder is set. */
export async function moveDuplicate(work: FileWork, ctx: OperationContext): Promise<boolean> {
  const folder = ctx.settings.duplicatesFolder;
  if (!folder) return false;
  await recordBeforeChange(work, ctx);
  work.absPath = ctx.dryRun
    ? await previewDuplicateTarget(work.absPath, folder)
    : await moveToDuplicatesWithIntent(ctx.journalDir, work.absPath, folder, work.fileId, work.openIntents);
  work.changed = true;
  work.actions.push('moved to duplicates folder');
  return true;
}

export async function renameFile(work: FileWork, ctx: OperationContext): Promise<void> {
  const plan = planRenameFor(work, valuesForRename(path.basename(work.absPath), work.values), ctx);
  await applyRename(work, plan, ctx);
}
