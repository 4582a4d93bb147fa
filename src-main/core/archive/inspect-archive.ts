import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { COMICINFO_MAX_BYTES, comicInfoTooLarge, decodeComicInfoBytes } from '../comicinfo/decode-comicinfo-bytes.ts';
import { archiveError } from './archive-errors.ts';
import { extractRar, listRar, rarComicInfoEntry } from './cbr-reader.ts';
import { comicInfoVariants } from './comicinfo-entry.ts';
import { comparePageNames, imageMime, isComicInfoName, isPageName } from './entry-names.ts';
import { sniffArchive } from './sniff-format.ts';
import type { ArchiveFormat } from './sniff-format.ts';
import { readEntryBytes, withZip } from './zip-reader.ts';

/**
 * The one entry point the rest of the app reads archives through. The format is taken from
 * the content, not the extension: a RAR named .cbz reads as a CBR (and is read-only), a zip
 * named .cbr reads and writes as a CBZ; `extensionMismatch` tells the UI about it.
 */
export interface ArchiveSummary {
  format: ArchiveFormat;
  extensionMismatch: boolean;
  pageCount: number;
  /**
   * ComicInfo.xml as text, already checked to parse (hostile XML throws its error code) unless
   * read with `{ unchecked: true }` (the repair view shows a malformed one as it is).
   */
  comicInfoXml: string | null;
  comicInfoEntryName: string | null;
  /** Every root entry named comicinfo.xml in any case (more than one = a write will tidy up). */
  comicInfoVariants: string[];
  entries: number;
  size: number;
  mtimeMs: number;
}

export interface Cover {
  bytes: Buffer;
  mime: string;
  entryName: string;
}

export async function readArchiveSummary(path: string, { unchecked = false } = {}): Promise<ArchiveSummary> {
  const checkedXml = (bytes: Uint8Array): string => {
    const text = decodeComicInfoBytes(bytes);
    if (!unchecked) parseComicInfo(text);
    return text;
  };
  const sniffed = await sniffArchive(path);
  const base = { format: sniffed.format, extensionMismatch: sniffed.extensionMismatch, size: sniffed.stat.size, mtimeMs: sniffed.stat.mtimeMs };
  if (sniffed.format === 'cbr') {
    const entries = await listRar(path);
    const info = rarComicInfoEntry(entries);
    if (info && info.size > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
    let comicInfoXml: string | null = null;
    if (info) await extractRar(path, (n) => n === info.name, (_n, bytes) => void (comicInfoXml = checkedXml(bytes)));
    return {
      ...base,
      pageCount: entries.filter((e) => !e.directory && isPageName(e.name)).length,
      comicInfoXml,
      comicInfoEntryName: info?.name ?? null,
      comicInfoVariants: entries.filter((e) => !e.directory && isComicInfoName(e.name)).map((e) => e.name),
      entries: entries.length,
    };
  }
  return withZip(path, async (zip) => {
    const variants = comicInfoVariants(zip.entries);
    const info = variants[0];
    const bytes = info ? await readEntryBytes(zip, info, COMICINFO_MAX_BYTES, () => comicInfoTooLarge()) : null;
    return {
      ...base,
      pageCount: zip.entries.filter((e) => isPageName(e.name)).length,
      comicInfoXml: bytes ? checkedXml(bytes) : null,
      comicInfoEntryName: info?.name ?? null,
      comicInfoVariants: variants.map((e) => e.name),
      entries: zip.entries.length,
    };
  });
}

/** Largest cover we will load into memory; a bigger "page" is not a cover we can thumbnail. */
const MAX_COVER_BYTES = 64 * 1024 * 1024;

/** The first page in natural order (the cover), CRC-checked. */
export async function readCover(path: string): Promise<Cover> {
  const sniffed = await sniffArchive(path);
  const noPages = () => archiveError('ARCHIVE_CORRUPT', path, 'archive has no image pages');
  const tooLarge = () => archiveError('ARCHIVE_UNSUPPORTED', path, `cover page is larger than ${MAX_COVER_BYTES} bytes`);
  if (sniffed.format === 'cbr') {
    const pages = (await listRar(path)).filter((e) => !e.directory && isPageName(e.name));
    const first = pages.map((e) => e.name).sort(comparePageNames)[0];
    if (first === undefined) throw noPages();
    if ((pages.find((e) => e.name === first)?.size ?? 0) > MAX_COVER_BYTES) throw tooLarge();
    let bytes: Buffer | null = null;
    await extractRar(path, (n) => n === first, (_n, b) => void (bytes = Buffer.from(b)));
    if (!bytes) throw noPages();
    return { bytes, mime: imageMime(first) as string, entryName: first };
  }
  return withZip(path, async (zip) => {
    const first = zip.entries.filter((e) => isPageName(e.name)).sort((a, b) => comparePageNames(a.name, b.name))[0];
    if (!first) throw noPages();
    const bytes = await readEntryBytes(zip, first, MAX_COVER_BYTES, tooLarge);
    return { bytes, mime: imageMime(first.name) as string, entryName: first.name };
  });
}
