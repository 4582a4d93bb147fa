import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { LongboxError, toErrorInfo, type ErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo-fields.ts';
import { toArchiveError } from '../archive/archive-errors.ts';
import { readZipTailSummary } from '../archive/zip-tail-summary.ts';
import { decodeComicInfoBytes } from '../comicinfo/decode-comicinfo-bytes.ts';
import { readIndexFields } from '../comicinfo/index-fields.ts';
import { parseFileName } from '../naming/file-name-parser.ts';
import { canonicalNumber } from '../naming/number.ts';
import { splitExtension } from '../naming/split-extension.ts';
import type { FileMetadata } from '../library/file-metadata.ts';
import { pushResult, type ReadBatch } from '../library/read-batch.ts';
import { fileStatOf, type FileStat } from '../platform/file-stat.ts';

/**
 * The full archive reader and XML parser (RAR, zip64 and odd zips, XML the field reader
 * declines), loaded on first need: a scan's threads meet plain zips with simple XML, and
 * then load only the tail reader (docs/packaging.md, "Start-up").
 */
const fullReader = () => import('./read-archive-tags.ts');

/**
 * What the index shows for an archive: its ComicInfo.xml where present, the parsed file name
 * otherwise. Only the central directory and the XML are read, never page data.
 */
export async function readFileMetadata(absPath: string): Promise<FileMetadata> {
  const { tags, pageCount } = await (await fullReader()).readArchiveTags(absPath);
  return toMetadata(absPath, tags, pageCount);
}

/**
 * The same, read the fast way when the archive is a plain zip (one tail read, synchronous; see
 * `archive/zip-tail-summary.ts`), else through the full reader. The XML is decoded and parsed
 * by the full parser whenever the one-pass field reader (`comicinfo/index-fields.ts`) declines
 * it, so hostile XML fails with the same code.
 */
export async function readFileMetadataFast(absPath: string): Promise<FileMetadata> {
  return (await readStatAndMetadata(absPath)).meta;
}

interface StatAndMetadata {
  stat: FileStat;
  meta: FileMetadata;
}

/**
 * The fast read, with the stat of what was read: the tail read's own `fstat`, else a `stat`
 * taken before the full read. Synchronous for a plain zip with simple XML (nearly every file of
 * a scan: no promise, no turn of the microtask queue per archive); a promise when the full
 * reader or parser must load.
 */
function readStatAndMetadata(absPath: string): StatAndMetadata | Promise<StatAndMetadata> {
  const tail = readZipTailSummary(absPath);
  if (!tail) {
    const stat = statOf(absPath);
    return readFileMetadata(absPath).then((meta) => ({ stat, meta }));
  }
  const xml = tail.comicInfo && decodeComicInfoBytes(tail.comicInfo);
  const fields = xml === null ? {} : readIndexFields(xml);
  if (fields) return { stat: tail.stat, meta: toMetadata(absPath, fields, tail.pageCount) };
  return fullReader().then((reader) => ({ stat: tail.stat, meta: toMetadata(absPath, reader.parseTags(xml!), tail.pageCount) }));
}

function statOf(absPath: string): FileStat {
  return fileStatOf(statSync(absPath));
}

/** The index's metadata of the archive at `absPath` holding `tags` and `pageCount` pages. */
export function toMetadata(absPath: string, tags: ComicInfoValues, pageCount: number): FileMetadata {
  const parsed = parseFileName(splitExtension(basename(absPath)).stem);
  const year = tags.Year ?? parsed.year;
  return {
    series: nonEmpty(tags.Series) ?? parsed.series,
    number: (tags.Number ? canonicalNumber(tags.Number) ?? tags.Number : null) ?? parsed.number,
    volume: nonEmpty(tags.Volume) ?? parsed.volume,
    title: nonEmpty(tags.Title),
    year: year && /^\d{4}$/.test(year.trim()) ? Number(year) : null,
    publisher: nonEmpty(tags.Publisher),
    pageCount,
  };
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * A scan's batch: one result per path, in order (`library/read-batch.ts`), each with the stat
 * of the file as it was read — a first scan's walk does not stat, this is its stat
 * (docs/architecture.md, "The one-way scan path"). An unreadable archive is its error, not a
 * throw, with a plain `stat` of the path; a file that cannot even be stat'ed any more has no
 * stat: it is not there.
 */
export async function readMetadataBatch(paths: string[]): Promise<ReadBatch> {
  const batch: ReadBatch = [];
  for (const path of paths) {
    try {
      const read = readStatAndMetadata(path);
      const { stat, meta } = read instanceof Promise ? await read : read;
      pushResult(batch, stat, meta, null);
    } catch (error) {
      let stat: FileStat | null = null;
      try {
        stat = statOf(path);
      } catch {
        // Gone (or never reachable): no stat, and the scanner drops it when its walk had none either.
      }
      pushResult(batch, stat, null, fileErrorInfo(error, path));
    }
  }
  return batch;
}

/** A file's failure as the index records it: archive and file-system errors get their code. */
export function fileErrorInfo(error: unknown, absPath: string): ErrorInfo {
  const known = error instanceof LongboxError || typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
  return toErrorInfo(known ? toArchiveError(error, absPath) : error);
}
