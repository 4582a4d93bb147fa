import { basename } from 'node:path';
import { LongboxError, toErrorInfo, type ErrorInfo } from '../../../src-shared/contract/errors.ts';
import { toArchiveError } from '../archive/archive-errors.ts';
import { readArchiveSummary } from '../archive/inspect-archive.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';
import { parseFileName } from '../naming/file-name-parser.ts';
import { canonicalNumber } from '../naming/number.ts';
import { splitExtension } from '../naming/split-extension.ts';
import type { FileMetadata } from '../library/file-metadata.ts';

/**
 * What the index shows for an archive: its ComicInfo.xml where present, the parsed file name
 * otherwise. Only the central directory and the XML are read, never page data.
 */
export async function readFileMetadata(absPath: string): Promise<FileMetadata> {
  const summary = await readArchiveSummary(absPath);
  const tags = summary.comicInfoXml ? getValues(parseComicInfo(summary.comicInfoXml)) : {};
  const parsed = parseFileName(splitExtension(basename(absPath)).stem);
  const year = tags.Year ?? parsed.year;
  return {
    series: nonEmpty(tags.Series) ?? parsed.series,
    number: (tags.Number ? canonicalNumber(tags.Number) ?? tags.Number : null) ?? parsed.number,
    volume: nonEmpty(tags.Volume) ?? parsed.volume,
    title: nonEmpty(tags.Title),
    year: year && /^\d{4}$/.test(year.trim()) ? Number(year) : null,
    publisher: nonEmpty(tags.Publisher),
    pageCount: summary.pageCount,
  };
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** A scan's batch: one result per path, in order; an unreadable archive is its error, not a throw. */
export async function readMetadataBatch(paths: string[]): Promise<Array<FileMetadata | ErrorInfo>> {
  const results: Array<FileMetadata | ErrorInfo> = [];
  for (const path of paths) {
    results.push(await readFileMetadata(path).catch((error: unknown) => fileErrorInfo(error, path)));
  }
  return results;
}

/** A file's failure as the index records it: archive and file-system errors get their code. */
export function fileErrorInfo(error: unknown, absPath: string): ErrorInfo {
  const known = error instanceof LongboxError || typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
  return toErrorInfo(known ? toArchiveError(error, absPath) : error);
}
