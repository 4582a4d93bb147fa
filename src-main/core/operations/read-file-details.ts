/**
 * The details panel's archive reads (`library.file.get`, `library.file.cover`), run on the pool:
 * a CBR is decoded by synchronous WASM, which must never stall the main thread.
 */
import { basename } from 'node:path';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { MAX_COVER_BYTES, type Cover, type FileDetails } from '../../../src-shared/contract/files.ts';
import { readArchiveSummary, readCover } from '../archive/inspect-archive.ts';
import { comicInfoProblem } from '../comicinfo/check-comicinfo.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';
import { parseFileName } from '../naming/file-name-parser.ts';
import { splitExtension } from '../naming/split-extension.ts';

export async function readFileDetails(absPath: string): Promise<Omit<FileDetails, 'file' | 'duplicateOf'>> {
  const summary = await readArchiveSummary(absPath, { unchecked: true });
  const xml = summary.comicInfoXml;
  // A ComicInfo.xml that does not parse is shown for repair, not as a failure to open the file.
  const problem = xml === null ? null : comicInfoProblem(xml);
  return {
    comicInfo: xml === null || problem ? null : getValues(parseComicInfo(xml)),
    malformedComicInfo: xml !== null && problem ? { xml, problem, fromFileName: fileNameValues(absPath) } : null,
    pageCount: summary.pageCount,
    format: summary.format,
  };
}

/** What the file name alone says, as ComicInfo values (the index's parser, docs/parsing-rules.md). */
function fileNameValues(absPath: string): ComicInfoValues {
  const parsed = parseFileName(splitExtension(basename(absPath)).stem);
  const values: ComicInfoValues = {};
  if (parsed.series) values.Series = parsed.series;
  if (parsed.number) values.Number = parsed.number;
  if (parsed.volume) values.Volume = parsed.volume;
  if (parsed.year) values.Year = parsed.year;
  return values;
}

/** The cover as base64 for an `<img src="data:…">` (the CSP allows data: images, nothing remote). */
export async function readCoverImage(absPath: string): Promise<Cover | null> {
  if ((await readArchiveSummary(absPath)).pageCount === 0) return null;
  const cover = await readCover(absPath).catch((error: unknown) => {
    // A first page too large to load, or stored in a way we cannot decode: no thumbnail, not an error.
    if (error instanceof LongboxError && error.code === 'ARCHIVE_UNSUPPORTED') return null;
    throw error;
  });
  if (!cover || cover.bytes.length > MAX_COVER_BYTES) return null;
  return { mime: cover.mime, dataBase64: cover.bytes.toString('base64') };
}
