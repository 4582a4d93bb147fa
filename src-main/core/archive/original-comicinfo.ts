import { COMICINFO_MAX_BYTES, comicInfoTooLarge } from '../comicinfo/decode-comicinfo-bytes.ts';
import { comicInfoVariants } from './comicinfo-entry.ts';
import type { NewEntry } from './comicinfo-entry.ts';
import { readEntryRawVerified } from './entry-data.ts';
import { copiedFields } from './rebuild-writer.ts';
import { extraWithoutZip64 } from './zip-records.ts';
import { entryExtent } from './zip-reader.ts';
import type { ZipArchive, ZipEntry } from './zip-reader.ts';

/**
 * An archive's ComicInfo.xml entry exactly as it was: its place among the entries, its header
 * fields (name in its own letter case, times, attributes, extras) and its bytes as stored. Kept
 * in a job's undo record, so undoing a *rebuilt* archive puts this very entry back where it was
 * (docs/undo-and-results.md): entry for entry the original, and byte for byte where the rebuild
 * kept the other entries' layout.
 */
export interface OriginalComicInfo {
  /** Its index among the archive's entries in central-directory order. */
  index: number;
  entry: NewEntry;
  /** The uncompressed XML (what the write verifies against). */
  xml: Buffer;
}

/** The archive's ComicInfo entry (the one readers use, when there are several), or null. */
export async function readOriginalComicInfo(zip: ZipArchive): Promise<OriginalComicInfo | null> {
  const info = comicInfoVariants(zip.entries)[0];
  if (!info) return null;
  // Bounded like every ComicInfo read (the stream check refuses data past the declared sizes).
  if (Math.max(info.compressedSize, info.uncompressedSize) > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
  return readComicInfoEntry(zip, info);
}

/**
 * `info` (a ComicInfo variant) read, CRC-checked and bounded by its declared size, as stored and
 * uncompressed: the writer reads the old entry once, to check it and to keep it for undo.
 */
export async function readComicInfoEntry(zip: ZipArchive, info: ZipEntry): Promise<OriginalComicInfo> {
  if (info.uncompressedSize > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
  const { dataStart, localExtra } = await entryExtent(zip, info);
  const { raw, data } = await readEntryRawVerified(zip, info, dataStart);
  return {
    index: zip.entries.indexOf(info),
    entry: { fields: copiedFields(info, localExtra), data: raw, central: { extra: extraWithoutZip64(info.extraRaw), comment: info.commentRaw } },
    xml: data,
  };
}

/** An entry read by `readComicInfoEntry` that an undo record may keep: its stored bytes bounded too. */
export function keepableComicInfo(original: OriginalComicInfo): OriginalComicInfo {
  if (original.entry.data.length > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
  return original;
}

/** JSON-safe form (buffers as base64), for the undo record. */
export interface StoredOriginalComicInfo {
  index: number;
  fields: Omit<NewEntry['fields'], 'nameRaw' | 'extra'> & { nameRaw: string; extra: string };
  centralExtra: string;
  comment: string;
  data: string;
  xml: string;
}

export function storeOriginalComicInfo(o: OriginalComicInfo): StoredOriginalComicInfo {
  // No `comment` among the fields: copiedFields leaves it to the central part.
  const { nameRaw, extra, ...numbers } = o.entry.fields;
  return {
    index: o.index,
    fields: { ...numbers, nameRaw: nameRaw.toString('base64'), extra: extra.toString('base64') },
    centralExtra: (o.entry.central?.extra ?? Buffer.alloc(0)).toString('base64'),
    comment: (o.entry.central?.comment ?? Buffer.alloc(0)).toString('base64'),
    data: o.entry.data.toString('base64'),
    xml: o.xml.toString('base64'),
  };
}

export function loadOriginalComicInfo(s: StoredOriginalComicInfo): OriginalComicInfo {
  const b = (text: string) => Buffer.from(text, 'base64');
  return {
    index: s.index,
    entry: {
      fields: { ...s.fields, nameRaw: b(s.fields.nameRaw), extra: b(s.fields.extra) },
      data: b(s.data),
      central: { extra: b(s.centralExtra), comment: b(s.comment) },
    },
    xml: b(s.xml),
  };
}
