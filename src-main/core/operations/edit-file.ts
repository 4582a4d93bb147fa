/**
 * Batch metadata edit: `item.patch` applied through `applyPatch` (unknown elements, extras and
 * order preserved). A patch that changes no value writes nothing (`skipped`, "no changes").
 */
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { applyPatch, patchIsNoop } from '../comicinfo/comicinfo-values.ts';
import type { FileWork } from './file-work.ts';
import type { OperationContext, OperationItem } from './operation-types.ts';
import { writeDocument } from './write-values.ts';

export async function editFile(work: FileWork, item: OperationItem, ctx: OperationContext): Promise<void> {
  if (!item.patch) throw new LongboxError('INVALID_INPUT', 'edit needs a patch');
  if (patchIsNoop(work.doc, item.patch)) {
    work.actions.push('no changes');
    return;
  }
  await writeDocument(work, applyPatch(work.doc, item.patch), ctx);
}
