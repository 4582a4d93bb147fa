/**
 * "Keep both" for a duplicate (docs/undo-and-results.md): the duplicate gets the name it
 * collided on with a counter — `Saga - Chapter 0012 (2).cbz` — claimed atomically like every
 * rename (never overwriting), and stops being a duplicate. Undoable like any rename.
 */
import path from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { splitExtension } from '../naming/split-extension.ts';
import type { FileWork } from './file-work.ts';
import type { OperationContext } from './operation-types.ts';
import { planRenameFor, valuesForRename } from './rename-file.ts';
import { renameWithIntent, targetTaken } from './rename-intent.ts';
import { recordBeforeChange } from './undo-record.ts';

const MAX_COUNTER = 99;

export async function keepBothFile(work: FileWork, ctx: OperationContext): Promise<void> {
  const plan = planRenameFor(work, valuesForRename(path.basename(work.absPath), work.values), ctx);
  const base = plan.action === 'rename' ? plan.targetName : path.basename(work.absPath);
  const { stem, extension } = splitExtension(base);
  await recordBeforeChange(work, ctx);
  for (let n = 2; n <= MAX_COUNTER; n++) {
    const name = `${stem} (${n})${extension}`;
    const target = path.join(path.dirname(work.absPath), name);
    const claimed = ctx.dryRun
      ? !(await targetTaken(work.absPath, target))
      : (await renameWithIntent(ctx.journalDir, work.absPath, target, work.fileId, work.openIntents)).ok;
    if (!claimed) continue;
    work.absPath = target;
    work.changed = true;
    work.status = 'processed';
    work.actions.push(`kept both: renamed to ${name}`);
    return;
  }
  throw new LongboxError('TARGET_EXISTS', `${work.absPath}: no free name up to (${MAX_COUNTER})`);
}
