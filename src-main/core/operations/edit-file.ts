/**
 * Batch metadata edit: `item.patch` applied through `applyPatch` (unknown elements, extras and
 * order preserved). A patch that changes no value writes nothing (`skipped`, "no changes"),
 * except a repair (`item.replaceComicInfo`), which always writes.
 */
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { ComicInfoPatch } from '../../../src-shared/contract/comicinfo.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { applyPatch, patchIsNoop } from '../comicinfo/comicinfo-values.ts';
import type { FileWork } from './file-work.ts';
import type { OperationContext, OperationItem } from './operation-types.ts';
import { writeDocument } from './write-values.ts';

export async function editFile(work: FileWork, item: OperationItem, ctx: OperationContext): Promise<void> {
  if (!item.patch) throw new LongboxError('INVALID_INPUT', 'edit needs a patch');
  if (item.replaceComicInfo !== undefined) return replaceComicInfo(work, item.replaceComicInfo, item.patch, ctx);
  if (patchIsNoop(work.doc, item.patch)) {
    work.actions.push('no changes');
    return;
  }
  await writeDocument(work, applyPatch(work.doc, item.patch), ctx);
}

/**
 * A repair: `xml` (checked by the same parser as every read; a text that does not parse fails
 * the item before anything is written) plus the patch replaces the file's ComicInfo.xml, which
 * may be malformed. Written like any edit — undo record first, journaled, verified. A file
 * marked `error` for its XML is healthy afterwards, so it goes back to unprocessed.
 */
async function replaceComicInfo(work: FileWork, xml: string, patch: ComicInfoPatch, ctx: OperationContext): Promise<void> {
  const doc = applyPatch(parseComicInfo(xml), patch);
  // The undo record keeps the old text as it was, parseable or not.
  await writeDocument(work, doc, ctx);
  work.actions.push('ComicInfo.xml replaced');
  if (work.before.status === 'error') work.status = 'unprocessed';
}
