/**
 * Delete (docs/undo-and-results.md): the file goes to the OS trash — never a permanent delete,
 * and never without the trash port (a host that has none refuses). Not undoable from Longbox:
 * the OS trash is where the user gets it back.
 */
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { FileWork } from './file-work.ts';
import type { OperationContext } from './operation-types.ts';

export async function deleteFile(work: FileWork, ctx: OperationContext): Promise<void> {
  if (!ctx.dryRun) {
    if (!ctx.trash) throw new LongboxError('INTERNAL', `${work.absPath}: no OS trash is available here; nothing was deleted`);
    await ctx.trash(work.absPath);
  }
  work.changed = true;
  work.removed = true;
  work.actions.push('moved to the OS trash');
}
