import type { FileHandle } from 'node:fs/promises';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import { COMICINFO_MAX_BYTES, comicInfoTooLarge } from '../comicinfo/decode-comicinfo-bytes.ts';
import { comicInfoVariants } from './comicinfo-entry.ts';
import { closeZip, openZip, readEntryBytes } from './zip-reader.ts';

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
