import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import { COMICINFO_MAX_BYTES, comicInfoTooLarge } from '../comicinfo/decode-comicinfo-bytes.ts';
import { archiveError } from './archive-errors.ts';
import { buildComicInfoEntry, comicInfoVariants } from './comicinfo-entry.ts';
import { rebuildArchive } from './rebuild-writer.ts';
import { sniffArchive } from './sniff-format.ts';
import { writeTail } from './tail-writer.ts';
import { NO_STEPS, type WriteSteps } from './write-steps.ts';
import { withArchiveZip } from './archive-handle.ts';
import { entryExtent, readEntryBytes } from './zip-reader.ts';
import type { ZipArchive, ZipEntry } from './zip-reader.ts';

export interface WriteComicInfoOptions {
  /** Longbox's journal directory (app data); created if missing. */
  journalDir: string;
  /** Size and mtime the caller saw when it read the archive; a mismatch → ARCHIVE_CHANGED. */
  expected?: { size: number; mtimeMs: number };
  now?: Date;
  /** Observer of the write's crash points (tests inject faults there); none by default. */
  steps?: WriteSteps;
  /**
   * Runs on the archive as parsed for this write, after every check and before the first byte
   * is written (a job's undo record, made durable here: the archive is opened once per write).
   */
  beforeWrite?: (zip: ZipArchive) => Promise<void>;
}

export interface WriteComicInfoResult {
  strategy: 'tail' | 'rebuild';
  bytesWritten: number;
  /** The archive's size and mtime after the write (for the index). */
  size: number;
  mtimeMs: number;
}

function lastEntry(entries: readonly ZipEntry[]): ZipEntry | undefined {
  return entries.reduce<ZipEntry | undefined>(
    (last, e) => (!last || e.localHeaderOffset > last.localHeaderOffset ? e : last),
    undefined,
  );
}

type Plan = { strategy: 'tail'; position: number } | { strategy: 'rebuild' };

/**
 * Tail path when ComicInfo is absent or physically last (by local-header offset, not CD
 * order) and the file has a single link; otherwise rebuild. The entry just before the tail
 * must end before it, or writing at the tail would overwrite its bytes.
 */
async function choosePlan(zip: ZipArchive, variants: readonly ZipEntry[], nlink: number): Promise<Plan> {
  if (nlink > 1 || variants.length > 1) return { strategy: 'rebuild' };
  const variant = variants[0];
  const last = lastEntry(zip.entries);
  if (variant && variant !== last) return { strategy: 'rebuild' };
  const position = variant ? variant.localHeaderOffset : zip.centralDirectoryOffset;
  const before = lastEntry(zip.entries.filter((e) => e !== variant));
  if (before && (await entryExtent(zip, before)).end > position) {
    throw archiveError('ARCHIVE_CORRUPT', zip.path, `entry ${before.name} overlaps what follows it`);
  }
  return { strategy: 'tail', position };
}

async function assertUnchanged(zip: ZipArchive, handle: FileHandle): Promise<void> {
  const [now, byPath] = await Promise.all([handle.stat(), fs.stat(zip.path)]);
  // A different inode under the path means the file was replaced (renamed over) meanwhile.
  const changed =
    now.size !== zip.stat.size ||
    now.mtimeMs !== zip.stat.mtimeMs ||
    now.ino !== byPath.ino ||
    now.dev !== byPath.dev;
  if (changed) throw archiveError('ARCHIVE_CHANGED', zip.path, 'the file changed while it was being written');
}

/**
 * Replace the archive's ComicInfo.xml (all case variants) with `xml`. CBR is read-only. The
 * existing ComicInfo is read and parsed first: a hostile one (bomb, DTD, bad encoding) fails
 * with its code and the file is left untouched.
 */
export async function writeComicInfo(path: string, xml: string, options: WriteComicInfoOptions): Promise<WriteComicInfoResult> {
  const sniffed = await sniffArchive(path);
  if (sniffed.format === 'cbr') throw archiveError('CBR_READ_ONLY', path, 'RAR archives cannot be written; convert to CBZ');
  const xmlBytes = Buffer.from(xml, 'utf8');
  if (xmlBytes.length > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
  // The bytes, not the string: they are what readers will decode, and the only parse of the new
  // XML (the verify after writing checks that exactly these bytes read back).
  parseComicInfo(xmlBytes);

  return withArchiveZip(path, 'r+', async (zip, handle) => {
    const { expected } = options;
    if (expected && (expected.size !== zip.stat.size || expected.mtimeMs !== zip.stat.mtimeMs)) {
      throw archiveError('ARCHIVE_CHANGED', path, 'the file changed since it was read');
    }
    const variants = comicInfoVariants(zip.entries);
    if (variants[0]) parseComicInfo(await readEntryBytes(zip, variants[0], COMICINFO_MAX_BYTES, () => comicInfoTooLarge()));
    const plan = await choosePlan(zip, variants, zip.stat.nlink);
    await options.beforeWrite?.(zip);
    const entry = buildComicInfoEntry(xmlBytes, options.now ?? new Date());
    const common = { zip, removed: variants, entry, xml: xmlBytes, journalDir: options.journalDir, steps: options.steps ?? NO_STEPS };
    let bytesWritten: number;
    if (plan.strategy === 'tail') {
      await assertUnchanged(zip, handle);
      bytesWritten = await writeTail({ ...common, position: plan.position });
    } else {
      bytesWritten = await rebuildArchive({ ...common, assertUnchanged: () => assertUnchanged(zip, handle) });
    }
    const after = await fs.stat(path);
    return { strategy: plan.strategy, bytesWritten, size: after.size, mtimeMs: after.mtimeMs };
  });
}
