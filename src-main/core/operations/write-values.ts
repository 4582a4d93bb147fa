/**
 * Puts a new ComicInfo document into the file the work points at: the archive engine's
 * journaled write for a CBZ, or (CBR, when allowed) a conversion to CBZ carrying the new XML.
 * In a dry-run it only predicts the result, raising the same refusals the real run would.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { convertCbrToCbz } from '../archive/cbr-converter.ts';
import { writeComicInfo } from '../archive/write-comicinfo.ts';
import type { ComicInfoDocument } from '../comicinfo/comicinfo-document.ts';
import { serializeComicInfo } from '../comicinfo/serialize-comicinfo.ts';
import { changedValueProblems } from '../comicinfo/comicinfo-value-types.ts';
import { getValues, valuesEqual } from '../comicinfo/comicinfo-values.ts';
import { trashFor } from './file-work.ts';
import type { FileWork } from './file-work.ts';
import { exists } from './rename-intent.ts';
import type { OperationContext } from './operation-types.ts';
import { recordBeforeChange } from './undo-record.ts';

export interface WriteOptions {
  /** Convert a CBR even when settings.cbrMode is 'read-only' (the explicit `convert` kind). */
  forceConvert?: boolean;
}

export function cbzPathFor(cbrPath: string): string {
  const parsed = path.parse(cbrPath);
  return path.join(parsed.dir, `${parsed.name}.cbz`);
}

/**
 * Replace the file's ComicInfo with `doc`. Throws LongboxError (INVALID_INPUT for a value the
 * ComicInfo schema's types refuse, CBR_READ_ONLY, TARGET_EXISTS, archive codes).
 */
export async function writeDocument(work: FileWork, doc: ComicInfoDocument, ctx: OperationContext, options: WriteOptions = {}): Promise<void> {
  const xml = serializeComicInfo(doc);
  const values = getValues(doc);
  // Checked before anything is written, and only for what this write changes: a value the
  // file already had is the user's, and refusing it would block every other fix to the file.
  const problems = changedValueProblems(work.values, values);
  if (problems.length > 0) throw new LongboxError('INVALID_INPUT', `${work.absPath}: ${problems.join('; ')}`);
  // Crash point: the undo record is durable before the archive is touched — for a CBZ from
  // inside the writer, which opens the archive once for the record and the write.
  if (work.format === 'cbr') {
    await recordBeforeChange(work, ctx);
    await convertWork(work, ctx, options, xml);
  } else {
    if (!ctx.dryRun) {
      const written = await writeComicInfo(work.absPath, xml, {
        journalDir: ctx.journalDir,
        expected: { size: work.size, mtimeMs: work.mtimeMs },
        replacesMalformed: work.comicInfoMalformed,
        parsedComicInfo: work.comicInfoXml,
        beforeWrite: (zip, comicInfo) => recordBeforeChange(work, ctx, { zip, comicInfo }),
      });
      verifyValues(work, written.document, values);
      work.size = written.size;
      work.mtimeMs = written.mtimeMs;
    }
    work.actions.push('metadata written');
  }
  work.doc = doc;
  work.values = values;
  work.hasComicInfo = true;
  work.comicInfoXml = xml;
  work.comicInfoMalformed = false;
  work.changed = true;
}

/** CBR → CBZ beside it (same stem); `xml` replaces the ComicInfo, undefined keeps the RAR's. */
export async function convertWork(work: FileWork, ctx: OperationContext, options: WriteOptions, xml?: string): Promise<void> {
  if (ctx.settings.cbrMode !== 'convert' && !options.forceConvert) {
    throw new LongboxError('CBR_READ_ONLY', `${work.absPath}: CBR is read-only (enable CBR→CBZ conversion to change it)`);
  }
  const target = cbzPathFor(work.absPath);
  if (ctx.dryRun) {
    if (await exists(target)) throw new LongboxError('TARGET_EXISTS', `${target} already exists`);
    work.absPath = target;
  } else {
    const from = work.absPath;
    const result = await convertCbrToCbz(from, { trash: trashFor(work, ctx) }, xml);
    work.absPath = result.cbzPath;
    const stat = await fs.stat(work.absPath);
    work.size = stat.size;
    work.mtimeMs = stat.mtimeMs;
  }
  work.format = 'cbz';
  work.changed = true;
  work.actions.push('converted to CBZ');
  if (xml !== undefined) work.actions.push('metadata written');
}

/**
 * The values the written ComicInfo.xml carries must be exactly the ones we meant to write. The
 * writer has already read the archive back and found exactly the bytes it parsed into
 * `written`, CRC-checked, where every reader looks (verify-written-zip.ts): its document is the
 * file's, without a third read or a second parse of it.
 */
function verifyValues(work: FileWork, written: ComicInfoDocument, values: FileWork['values']): void {
  if (!valuesEqual(getValues(written), values)) {
    throw new LongboxError('WRITE_VERIFY_FAILED', `${work.absPath}: ComicInfo.xml read back differs from what was written`);
  }
}
