import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo-fields.ts';
import { readArchiveSummary } from '../archive/inspect-archive.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { getValues } from '../comicinfo/comicinfo-values.ts';

/** An archive's ComicInfo fields and page count through the full reader (any zip, RAR). */
export async function readArchiveTags(absPath: string): Promise<{ tags: ComicInfoValues; pageCount: number }> {
  const summary = await readArchiveSummary(absPath);
  return { tags: summary.comicInfoXml ? parseTags(summary.comicInfoXml) : {}, pageCount: summary.pageCount };
}

/** ComicInfo fields through the full XML parser: hostile XML fails here with its code. */
export function parseTags(xml: string | Uint8Array): ComicInfoValues {
  return getValues(parseComicInfo(xml));
}
