import { fstatSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { parseComicInfo } from '../comicinfo/comicinfo-document.ts';
import type { ComicInfoDocument } from '../comicinfo/comicinfo-document.ts';
import { COMICINFO_MAX_BYTES, comicInfoTooLarge, decodeComicInfoBytes } from '../comicinfo/decode-comicinfo-bytes.ts';
import { archiveError } from './archive-errors.ts';
import { buildComicInfoEntry, comicInfoVariants } from './comicinfo-entry.ts';
import type { NewEntry } from './comicinfo-entry.ts';
import { readComicInfoEntry } from './original-comicinfo.ts';
import type { OriginalComicInfo } from './original-comicinfo.ts';
import { rebuildArchive } from './rebuild-writer.ts';
import { sniffArchive } from './sniff-format.ts';
import { writeTail } from './tail-writer.ts';
import { NO_STEPS, type WriteSteps } from './write-steps.ts';
import { withArchiveZip } from './archive-handle.ts';
import { entryExtent } from './zip-reader.ts';
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
   * The existing ComicInfo.xml is known not to parse and is being replaced (a repair): it is
   * still read within the size cap (a bomb fails as ever) but not parsed.
   */
  replacesMalformed?: boolean;
  /**
   * The text of this archive's ComicInfo.xml as the caller read and parsed it (a job's planning
   * read). When the entry decodes to exactly this text it is not parsed a second time: the parse
   * is a function of the text alone, and it passed.
   */
  parsedComicInfo?: string | null;
  /**
   * Runs on the archive as parsed for this write, after every check and before the first byte
   * is written (a job's undo record, made durable here: the archive is opened once per write),
   * with its ComicInfo entry as this write read it (null: none).
   */
  beforeWrite?: (zip: ZipArchive, comicInfo: OriginalComicInfo | null) => Promise<void>;
}

export interface WriteComicInfoResult {
  /** `unchanged`: there was nothing to do (a removal from an archive without ComicInfo). */
  strategy: 'tail' | 'rebuild' | 'unchanged';
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
 * What goes where the archive's ComicInfo.xml is (every case variant): `entry` at `index` among
 * the other entries (undefined: last), or no entry at all (`entry` null: the ComicInfo removed).
 */
interface Change {
  entry: NewEntry | null;
  xml: Buffer | null;
  index?: number;
}

/**
 * Tail path when ComicInfo is absent or physically last (by local-header offset, not CD
 * order), the new entry (if any) goes last and the file has a single link; otherwise rebuild.
 * The entry just before the tail must end before it, or writing at the tail would overwrite
 * its bytes.
 */
async function choosePlan(zip: ZipArchive, variants: readonly ZipEntry[], change: Change): Promise<Plan> {
  const keptCount = zip.entries.length - variants.length;
  const placedLast = change.index === undefined || change.index >= keptCount;
  if (zip.stat.nlink > 1 || variants.length > 1 || !placedLast) return { strategy: 'rebuild' };
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
  // Synchronous: this runs in a pool thread (durable-fs.ts `writeAll` says why).
  const now = fstatSync(handle.fd);
  const byPath = statSync(zip.path);
  // A different inode under the path means the file was replaced (renamed over) meanwhile.
  const changed =
    now.size !== zip.stat.size ||
    now.mtimeMs !== zip.stat.mtimeMs ||
    now.ino !== byPath.ino ||
    now.dev !== byPath.dev;
  if (changed) throw archiveError('ARCHIVE_CHANGED', zip.path, 'the file changed while it was being written');
}

/**
 * The one write path (after `assertWritable`): check the archive is the one the caller read, read and parse its current
 * ComicInfo (a hostile one fails with its code and the file is left untouched), then apply
 * `change` through the journaled tail write or the temp-file rebuild.
 */
async function writeChange(
  path: string,
  options: WriteComicInfoOptions,
  change: (variants: readonly ZipEntry[]) => Change | null,
): Promise<WriteComicInfoResult> {
  return withArchiveZip(path, 'r+', async (zip, handle) => {
    const { expected } = options;
    if (expected && (expected.size !== zip.stat.size || expected.mtimeMs !== zip.stat.mtimeMs)) {
      throw archiveError('ARCHIVE_CHANGED', path, 'the file changed since it was read');
    }
    const variants = comicInfoVariants(zip.entries);
    // Read once: checked here, and kept by the undo record (beforeWrite).
    const old = variants[0] ? await readComicInfoEntry(zip, variants[0]) : null;
    if (old && !options.replacesMalformed && !parsedBefore(old.xml, options.parsedComicInfo)) parseComicInfo(old.xml);
    const planned = change(variants);
    if (!planned) return { strategy: 'unchanged', bytesWritten: 0, size: zip.stat.size, mtimeMs: zip.stat.mtimeMs };
    const plan = await choosePlan(zip, variants, planned);
    await options.beforeWrite?.(zip, old);
    const common = { zip, removed: variants, entry: planned.entry, xml: planned.xml, journalDir: options.journalDir, steps: options.steps ?? NO_STEPS };
    let bytesWritten: number;
    if (plan.strategy === 'tail') {
      await assertUnchanged(zip, handle);
      bytesWritten = await writeTail({ ...common, position: plan.position });
    } else {
      const entryIndex = planned.index ?? zip.entries.length - variants.length;
      bytesWritten = await rebuildArchive({ ...common, entryIndex, assertUnchanged: () => assertUnchanged(zip, handle) });
    }
    const after = statSync(path);
    return { strategy: plan.strategy, bytesWritten, size: after.size, mtimeMs: after.mtimeMs };
  });
}

/** CBR is read-only: checked first, before anything else about the write. */
async function assertWritable(path: string): Promise<void> {
  const sniffed = await sniffArchive(path);
  if (sniffed.format === 'cbr') throw archiveError('CBR_READ_ONLY', path, 'RAR archives cannot be written; convert to CBZ');
}

/**
 * The new XML's bytes, size-checked and parsed: the only parse of them (the verify after
 * writing checks that exactly these bytes read back, so this is the written file's document).
 */
function checkedXml(xml: Buffer): ComicInfoDocument {
  if (xml.length > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
  return parseComicInfo(xml);
}

/** Did the caller already parse exactly these bytes' text (`parsedComicInfo`)? */
function parsedBefore(xml: Buffer, parsed: string | null | undefined): boolean {
  return typeof parsed === 'string' && decodeComicInfoBytes(xml) === parsed;
}

/**
 * Replace the archive's ComicInfo.xml (all case variants) with `xml`, written last. CBR is
 * read-only. The existing ComicInfo is read and parsed first: a hostile one (bomb, DTD, bad
 * encoding) fails with its code and the file is left untouched.
 */
export async function writeComicInfo(
  path: string,
  xml: string,
  options: WriteComicInfoOptions,
): Promise<WriteComicInfoResult & { document: ComicInfoDocument }> {
  await assertWritable(path);
  // The bytes, not the string: they are what readers will decode.
  const xmlBytes = Buffer.from(xml, 'utf8');
  const document = checkedXml(xmlBytes);
  const result = await writeChange(path, options, () => ({ entry: buildComicInfoEntry(xmlBytes, options.now ?? new Date()), xml: xmlBytes }));
  return { ...result, document };
}

/**
 * Remove every ComicInfo.xml variant (undo of a ComicInfo a job created, in an archive it
 * rebuilt): the same journaled tail write or verified rebuild, verified to hold none.
 * An archive without one is left as it is (`unchanged`).
 */
export async function removeComicInfo(path: string, options: WriteComicInfoOptions): Promise<WriteComicInfoResult> {
  await assertWritable(path);
  return writeChange(path, options, (variants) => (variants.length ? { entry: null, xml: null } : null));
}

/**
 * Put an archive's original ComicInfo entry back (undo-record.ts kept it), in its original place
 * among the other entries, with its own name, header fields and stored bytes.
 */
export async function restoreComicInfo(path: string, original: OriginalComicInfo, options: WriteComicInfoOptions): Promise<WriteComicInfoResult> {
  await assertWritable(path);
  checkedXml(original.xml);
  return writeChange(path, options, () => ({ entry: original.entry, xml: original.xml, index: original.index }));
}
