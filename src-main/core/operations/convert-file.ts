/**
 * Explicit CBR → CBZ conversion (whatever settings.cbrMode says: the user asked for it). Pages
 * are stored and verified page by page by the archive engine; the RAR's ComicInfo is carried
 * over unchanged; the original goes to the trash (see OperationContext.trash). A file that is
 * already a zip is `skipped` (ARCHIVE_UNSUPPORTED).
 */
import type { FileWork } from './file-work.ts';
import type { OperationContext } from './operation-types.ts';
import { convertWork } from './write-values.ts';

export async function convertFile(work: FileWork, ctx: OperationContext): Promise<void> {
  if (work.format !== 'cbr') {
    work.skip = { code: 'ARCHIVE_UNSUPPORTED', message: 'already a CBZ (zip) archive' };
    work.actions.push('conversion skipped');
    return;
  }
  await convertWork(work, ctx, { forceConvert: true });
}
