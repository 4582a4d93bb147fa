import { basename } from 'node:path';
import { readArchiveSummary } from '../archive/inspect-archive.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';
import { parseFileName } from '../naming/file-name-parser.ts';
import { canonicalNumber } from '../naming/number.ts';
import { splitExtension } from '../naming/split-extension.ts';
import type { FileMetadata } from './file-metadata.ts';

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
