/**
 * Normalize (docs/parsing-rules.md): number, title and series in ComicInfo.xml, and Volume, Year, Month and
 * Count from the name when empty. An already-normalized file
 * is not written at all (no write, no history): the outcome is `skipped` with the action
 * "already normalized" and fileStatus `processed`.
 */
import path from 'node:path';
import { applyPatch } from '../comicinfo/comicinfo-values.ts';
import { planNormalize } from '../naming/normalize-plan.ts';
import type { NormalizePlan } from '../naming/normalize-plan.ts';
import { folderNameOf } from './file-work.ts';
import type { FileWork } from './file-work.ts';
import type { OperationContext } from './operation-types.ts';
import { writeDocument } from './write-values.ts';

export function planNormalizeFor(work: FileWork, ctx: OperationContext): NormalizePlan {
  const folderName = folderNameOf(work.root, work.absPath);
  return planNormalize({
    fileName: path.basename(work.absPath),
    folderName,
    grandparentFolderName: folderName === null ? null : folderNameOf(work.root, path.dirname(work.absPath)),
    current: work.values,
    settings: ctx.settings,
  });
}

/** Applies `plan` (from `planNormalizeFor`) to the file. */
export async function applyNormalize(work: FileWork, plan: NormalizePlan, ctx: OperationContext): Promise<void> {
  if (!plan.changed) {
    work.actions.push('already normalized');
    return;
  }
  await writeDocument(work, applyPatch(work.doc, plan.patch), ctx);
}

export async function normalizeFile(work: FileWork, ctx: OperationContext): Promise<void> {
  await applyNormalize(work, planNormalizeFor(work, ctx), ctx);
}
