/**
 * Moves a file (the engine passes files whose status is `duplicate`) to
 * `<duplicates folder>/<parent folder name>/<file name>`, never overwriting (` (2)`… suffixes).
 * Needs settings.duplicatesFolder.
 */
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { FileWork } from './file-work.ts';
import type { OperationContext } from './operation-types.ts';
import { moveDuplicate } from './rename-file.ts';

export async function moveDuplicateFile(work: FileWork, ctx: OperationContext): Promise<void> {
  if (!ctx.settings.duplicatesFolder) throw new LongboxError('INVALID_INPUT', 'no duplicates folder is set');
  work.status = 'duplicate';
  await moveDuplicate(work, ctx);
}
