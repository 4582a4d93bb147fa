import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { Trash } from '../ports.ts';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { archiveError, toArchiveError } from './archive-errors.ts';
import { extractRar, listRar } from './cbr-reader.ts';
import { buildComicInfoEntry } from './comicinfo-entry.ts';
import { fsyncDir, removeIfExists } from './durable-fs.ts';
import { isComicInfoName, isPageName } from './entry-names.ts';
import { sniffArchive } from './sniff-format.ts';
import { tempPathFor } from './temp-names.ts';
import { ZipAppender } from './zip-appender.ts';
import { FLAG_UTF8, METHOD_STORED, toDosDateTime } from './zip-records.ts';
import { withZip, readEntryBytes } from './zip-reader.ts';

export interface ConvertResult {
  cbzPath: string;
  pages: number;
  bytesWritten: number;
}

/** Pages and other files are stored (method 0): JPEG/PNG/WebP do not compress further. */
function storedFields(name: string, bytes: Uint8Array, now: Date) {
  const ascii = /^[\x20-\x7e]*$/.test(name);
  return {
    flags: ascii ? 0 : FLAG_UTF8,
    method: METHOD_STORED,
    ...toDosDateTime(now),
    crc32: zlib.crc32(bytes),
    compressedSize: bytes.length,
    uncompressedSize: bytes.length,
    nameRaw: Buffer.from(name, 'utf8'),
    extra: Buffer.alloc(0),
  };
}

/**
 * Claim `target` for the finished temp file without ever replacing an existing file: a hard
 * link fails with EEXIST if the name is taken. File systems without hard links (FAT, some
 * SMB shares) get an exclusive placeholder that the rename then replaces.
 */
async function claimTarget(tempPath: string, target: string): Promise<void> {
  const taken = () => new LongboxError('TARGET_EXISTS', `${target} already exists`);
  try {
    await fs.link(tempPath, target);
    await fs.unlink(tempPath);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  try {
    await (await fs.open(target, 'wx')).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
    throw error;
  }
  await fs.rename(tempPath, target);
}

/**
 * Page-by-page check of the new CBZ against the RAR: same file names, and each entry reads
 * back (CRC-checked) with the RAR's own CRC and size.
 */
async function verifyAgainstRar(cbzTemp: string, expected: Map<string, { crc32: number; size: number }>): Promise<void> {
  const fail = (why: string) => new LongboxError('WRITE_VERIFY_FAILED', `${cbzTemp}: ${why}`);
  await withZip(cbzTemp, async (zip) => {
    if (zip.entries.length !== expected.size) throw fail(`${zip.entries.length} entries, expected ${expected.size}`);
    for (const entry of zip.entries) {
      const want = expected.get(entry.name);
      if (!want) throw fail(`unexpected entry ${entry.name}`);
      const bytes = await readEntryBytes(zip, entry, Number.MAX_SAFE_INTEGER, () => fail('too large'));
      if (bytes.length !== want.size || entry.crc32 >>> 0 !== want.crc32) throw fail(`${entry.name} differs from the RAR`);
    }
  });
}

/**
 * Convert a CBR to a CBZ next to it (same base name), optionally with a new ComicInfo.xml,
 * then hand the original to the trash. Never overwrites an existing .cbz (TARGET_EXISTS); on
 * any failure before the claim, nothing but a temp file (removed) was ever created.
 */
export async function convertCbrToCbz(
  cbrPath: string,
  ports: Pick<Trash, 'trash'>,
  xml?: string,
): Promise<ConvertResult> {
  const sniffed = await sniffArchive(cbrPath);
  if (sniffed.format !== 'cbr') throw archiveError('ARCHIVE_UNSUPPORTED', cbrPath, 'already a zip archive: rename it instead');
  if (xml !== undefined) parseComicInfo(xml);
  const parsed = path.parse(cbrPath);
  const target = path.join(parsed.dir, `${parsed.name}.cbz`);
  const listing = (await listRar(cbrPath)).filter((e) => !e.directory && !(xml !== undefined && isComicInfoName(e.name)));
  const expected = new Map(listing.map((e) => [e.name, { crc32: e.crc32, size: e.size }]));
  if (expected.size !== listing.length) throw archiveError('ARCHIVE_CORRUPT', cbrPath, 'RAR lists the same name twice');

  const tempPath = tempPathFor(target);
  let temp: FileHandle | undefined;
  let claimed = false;
  const now = new Date();
  try {
    temp = await fs.open(tempPath, 'wx', sniffed.stat.mode & 0o777);
    const out = new ZipAppender(temp);
    await extractRar(cbrPath, (n) => expected.has(n), async (name, bytes) => {
      const fields = storedFields(name, bytes, now);
      // RAR5 may carry BLAKE2 instead of CRC-32 (crc 0); then our CRC is the reference.
      const want = expected.get(name);
      if (want && want.crc32 === 0) want.crc32 = fields.crc32 >>> 0;
      await out.addEntry(fields, (put) => put(bytes));
    });
    if (xml !== undefined) {
      const xmlBytes = Buffer.from(xml, 'utf8');
      const entry = buildComicInfoEntry(xmlBytes, now);
      await out.addEntry(entry.fields, (put) => put(entry.data));
      expected.set(entry.fields.nameRaw.toString('ascii'), { crc32: entry.fields.crc32 >>> 0, size: xmlBytes.length });
    }
    const size = await out.finish(Buffer.alloc(0), false);
    await temp.sync();
    await temp.close();
    temp = undefined;
    await verifyAgainstRar(tempPath, expected);
    await claimTarget(tempPath, target);
    claimed = true;
    await fsyncDir(parsed.dir);
    // Only now, with the CBZ complete, verified and durable, does the original go.
    await ports.trash(cbrPath);
    return { cbzPath: target, pages: listing.filter((e) => isPageName(e.name)).length, bytesWritten: size };
  } catch (error) {
    throw toArchiveError(error, cbrPath);
  } finally {
    await temp?.close();
    if (!claimed) await removeIfExists(tempPath);
  }
}
