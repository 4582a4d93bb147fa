import { fstatSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { COMICINFO_MAX_BYTES, comicInfoTooLarge } from '../comicinfo/decode-comicinfo-bytes.ts';
import { comicInfoVariants } from './comicinfo-entry.ts';
import { isComicInfoName } from './entry-names.ts';
import { closeZip, openZip, readEntryBytes } from './zip-reader.ts';
import { CENTRAL_RECORD_SIZE, END_SIZE, LOCAL_HEADER_SIZE, METHOD_STORED, SIG_CENTRAL_RECORD, SIG_END, SIG_LOCAL_HEADER } from './zip-records.ts';

/**
 * Re-read what we just wrote the way every reader will: through the end record and central
 * directory. The entry list must be exactly what we intended and ComicInfo.xml must read back
 * (CRC-checked) as the XML we meant to write (which the caller has already parsed) — or, when
 * `xml` is null (a ComicInfo removed), no ComicInfo entry may be left under any letter case.
 */
export async function verifyWrittenZip(
  path: string,
  handle: FileHandle,
  expectedNames: readonly Buffer[],
  xml: Buffer | null,
): Promise<void> {
  const fail = (why: string, cause?: unknown) =>
    new LongboxError('WRITE_VERIFY_FAILED', `${path}: verification after write failed: ${why}`, cause ? { cause } : undefined);
  let zip;
  try {
    zip = await openZip(path, handle);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error), error);
  }
  try {
    const names = zip.entries.map((e) => e.nameRaw);
    if (names.length !== expectedNames.length || names.some((n, i) => !n.equals(expectedNames[i] as Buffer))) {
      throw fail(`entry list differs (${names.length} entries, expected ${expectedNames.length})`);
    }
    const written = comicInfoVariants(zip.entries);
    if (xml === null) {
      if (written.length !== 0) throw fail(`found ${written.length} ComicInfo.xml entries, expected none`);
      return;
    }
    if (written.length !== 1) throw fail(`found ${written.length} ComicInfo.xml entries`);
    const bytes = await readEntryBytes(zip, written[0]!, COMICINFO_MAX_BYTES, () => comicInfoTooLarge()).catch((e) => {
      throw fail(e instanceof Error ? e.message : String(e), e);
    });
    // No re-parse: the caller parsed exactly these bytes before writing (writeComicInfo), and
    // they read back identical and CRC-checked.
    if (!bytes.equals(xml)) throw fail('ComicInfo.xml reads back different from what was written');
  } finally {
    await closeZip(zip, false);
  }
}

/** What the tail writer wrote at `position` (tail-writer.ts `buildNewTail`). */
export interface WrittenTail {
  position: number;
  /** The bytes written: ComicInfo's local header and data, the central directory, the end records. */
  tail: Buffer;
  /** Where, in `tail`, the central directory starts and how long it is. */
  centralStart: number;
  centralSize: number;
  /** Every entry's raw name, in central-directory order; ComicInfo.xml (if any) last. */
  names: readonly Buffer[];
  commentLength: number;
  /** The ComicInfo.xml written at `position`, or null when none was (a ComicInfo removed). */
  xml: Buffer | null;
}

/**
 * The tail writer's verify, bounded by what it wrote, so a write costs the same on a 24 MB
 * archive as on a 1 MB one (docs/behaviour.md §7): nothing before `position` was written (the
 * pages were checked by the reader the write opened the archive with), so only the tail is read
 * back, in one read:
 * - the file ends where the new tail ends, and the tail reads back byte for byte as built;
 * - the end record points at that central directory and counts the intended entries; the
 *   directory names exactly those entries, every page before `position`, ComicInfo.xml at it;
 * - ComicInfo.xml's data, as read back, inflates to exactly `xml`, and its CRC matches.
 */
export function verifyWrittenTail(path: string, handle: FileHandle, w: WrittenTail): void {
  const fail = (why: string, cause?: unknown) =>
    new LongboxError('WRITE_VERIFY_FAILED', `${path}: verification after write failed: ${why}`, cause ? { cause } : undefined);
  const { tail, position } = w;
  // Synchronous: this runs in a pool thread (durable-fs.ts `writeAll` says why).
  if (fstatSync(handle.fd).size !== position + tail.length) throw fail('the file does not end where the new tail ends');
  const back = Buffer.allocUnsafe(tail.length);
  if (readSync(handle.fd, back, 0, back.length, position) !== back.length || !back.equals(tail)) {
    throw fail('the tail reads back different from what was written');
  }
  const end = back.length - END_SIZE - w.commentLength;
  const count = w.names.length;
  const centralOffset = position + w.centralStart;
  if (end < 0 || back.readUInt32LE(end) !== SIG_END) throw fail('no end record where it was written');
  if (back.readUInt16LE(end + 10) !== Math.min(count, 0xffff)) throw fail('the end record counts other entries');
  const offsetField = back.readUInt32LE(end + 16);
  if (offsetField !== 0xffffffff && offsetField !== centralOffset) throw fail('the end record points elsewhere');
  let at = w.centralStart;
  for (const [i, name] of w.names.entries()) {
    if (at + CENTRAL_RECORD_SIZE > back.length || back.readUInt32LE(at) !== SIG_CENTRAL_RECORD) throw fail(`central record ${i} is missing`);
    const nameLength = back.readUInt16LE(at + 28);
    if (!back.subarray(at + CENTRAL_RECORD_SIZE, at + CENTRAL_RECORD_SIZE + nameLength).equals(name)) throw fail(`entry ${i} has another name`);
    const local = back.readUInt32LE(at + 42);
    const written = w.xml !== null && i === count - 1;
    if (local !== 0xffffffff && (written ? local !== position : local >= position)) throw fail(`entry ${i} points at the wrong place`);
    if (w.xml === null && isComicInfoName(name.toString('latin1'))) throw fail('a ComicInfo.xml entry is left');
    at += CENTRAL_RECORD_SIZE + nameLength + back.readUInt16LE(at + 30) + back.readUInt16LE(at + 32);
  }
  if (at !== w.centralStart + w.centralSize) throw fail('the central directory is not the size the end record says');
  // A removal wrote no entry: the tail is the central directory and the end records, checked.
  if (w.xml === null) return;
  if (back.readUInt32LE(0) !== SIG_LOCAL_HEADER) throw fail('ComicInfo.xml has no local header');
  const method = back.readUInt16LE(8);
  const crc = back.readUInt32LE(14);
  const dataStart = LOCAL_HEADER_SIZE + back.readUInt16LE(26) + back.readUInt16LE(28);
  const data = back.subarray(dataStart, dataStart + back.readUInt32LE(18));
  let bytes: Buffer;
  try {
    bytes = method === METHOD_STORED ? data : zlib.inflateRawSync(data, { maxOutputLength: w.xml.length + 1 });
  } catch (error) {
    throw fail('ComicInfo.xml does not inflate', error);
  }
  if (!bytes.equals(w.xml) || zlib.crc32(bytes) !== crc) throw fail('ComicInfo.xml reads back different from what was written');
}
