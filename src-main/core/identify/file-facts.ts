/**
 * What identification knows about one archive: its ComicInfo values, what to search for, its
 * page count and the perceptual hash of its cover (first page). Runs on the worker pool — the
 * cover is decoded and downsized there, never on the main thread (docs/identify.md).
 */
import path from 'node:path';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import { readArchiveSummary, readCover } from '../archive/inspect-archive.ts';
import { parseComicInfo, emptyComicInfo } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';
import { parseFileName } from '../naming/file-name-parser.ts';
import { canonicalNumber } from '../naming/number.ts';
import { splitExtension } from '../naming/split-extension.ts';
import { perceptualHash } from './perceptual-hash.ts';

export interface FileFacts {
  values: ComicInfoValues;
  series: string | null;
  number: string | null;
  year: number | null;
  publisher: string | null;
  pageCount: number;
  coverHash: string | null;
  /** `<Manga>Yes…`: AniList is asked first. */
  manga: boolean;
}

export async function readFileFacts(absPath: string): Promise<FileFacts> {
  const summary = await readArchiveSummary(absPath);
  const values = getValues(summary.comicInfoXml ? parseComicInfo(summary.comicInfoXml) : emptyComicInfo());
  const parsed = parseFileName(splitExtension(path.basename(absPath)).stem);
  // A page we cannot read or decode only costs the cover signal, never the file.
  const cover = summary.pageCount > 0 ? await readCover(absPath).catch(() => null) : null;
  const year = Number(values.Year ?? parsed.year);
  const number = values.Number?.trim() || parsed.number;
  return {
    values,
    series: values.Series?.trim() || parsed.series || null,
    number: number ? (canonicalNumber(number) ?? number) : null,
    year: Number.isInteger(year) && year > 0 ? year : null,
    publisher: values.Publisher?.trim() || null,
    pageCount: summary.pageCount,
    coverHash: cover ? perceptualHash(cover.bytes) : null,
    manga: /^yes/iu.test(values.Manga ?? ''),
  };
}
