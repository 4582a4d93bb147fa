/**
 * The details panel's archive reads (`library.file.get`, `library.file.cover`), run on the pool:
 * a CBR is decoded by synchronous WASM, which must never stall the main thread.
 */
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { MAX_COVER_BYTES, type Cover, type FileDetails } from '../../../src-shared/contract/files.ts';
import { readArchiveSummary, readCover } from '../archive/inspect-archive.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';

export async function readFileDetails(absPath: string): Promise<Omit<FileDetails, 'file' | 'duplicateOf'>> {
  const summary = await readArchiveSummary(absPath);
  return {
    comicInfo: summary.comicInfoXml === null ? null : getValues(parseComicInfo(summary.comicInfoXml)),
    pageCount: summary.pageCount,
    format: summary.format,
  };
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
