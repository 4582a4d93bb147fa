import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { fstatSync, readSync, type Stats } from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { archiveError, toArchiveError } from './archive-errors.ts';
import { readEntryVerified } from './entry-data.ts';
import { entryLimits } from './entry-layout.ts';
import { decodeZipName, unsafeNameReason } from './entry-names.ts';
import {
  CENTRAL_RECORD_SIZE,
  END_SIZE,
  FLAG_DATA_DESCRIPTOR,
  FLAG_ENCRYPTED,
  METHOD_AES,
  SIG_CENTRAL_RECORD,
  SIG_DATA_DESCRIPTOR,
  SIG_ZIP64_END,
  SIG_ZIP64_LOCATOR,
  ZIP64_END_SIZE,
  ZIP64_LOCATOR_SIZE,
  readUInt64LE,
} from './zip-records.ts';

/** One entry as the central directory describes it, with its raw record kept for rewriting. */
export interface ZipEntry {
  name: string;
  nameRaw: Buffer;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  dosTime: number;
  dosDate: number;
  versionMadeBy: number;
  versionNeeded: number;
  internalAttributes: number;
  externalAttributes: number;
  extraRaw: Buffer;
  commentRaw: Buffer;
  /** The entry's central-directory record, byte for byte (the tail writer copies it verbatim). */
  centralRecord: Buffer;
  /** Where this entry's bytes must end: the next local header or the central directory. */
  dataLimit: number;
  source: yauzl.Entry;
}

export interface ZipArchive {
  path: string;
  handle: FileHandle;
  stat: Stats;
  entries: ZipEntry[];
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  /** The end-record comment, raw (ComicBookInfo JSON lives here; every rewrite keeps it). */
  comment: Buffer;
  hasZip64End: boolean;
  zipfile: yauzl.ZipFile;
}

interface EndInfo {
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  /** Where the central directory must end: the zip64 end record, or the end record. */
  centralDirectoryLimit: number;
  hasZip64End: boolean;
}

/**
 * Reads here are synchronous: archives are read in pool threads (docs/architecture.md), where a
 * blocking `pread` blocks nothing else and costs one system call, not a round trip through
 * libuv's thread pool.
 */
async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const bytesRead = readSync(handle.fd, buf, 0, length, position);
  if (bytesRead !== length) throw new Error('unexpected EOF');
  return buf;
}

/**
 * yauzl over a FileHandle we own. (yauzl.fromFd closes the fd when its last reader goes away,
 * which would pull the handle from under the writers that keep using it after parsing.)
 */
class FileHandleReader extends yauzl.RandomAccessReader {
  readonly handle: FileHandle;
  /**
   * The central directory, read from disk in one piece by readEntries. yauzl reads each record
   * with two small reads of its own; serving them from this copy of the same bytes turns ~2 per
   * entry into none.
   */
  #centralDirectory: { start: number; bytes: Buffer } | undefined;

  constructor(handle: FileHandle) {
    super();
    this.handle = handle;
  }

  useCentralDirectory(start: number, bytes: Buffer): void {
    this.#centralDirectory = { start, bytes };
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // Not handle.createReadStream(): that closes the handle when the stream ends.
    const handle = this.handle;
    let position = start;
    return new Readable({
      highWaterMark: 1024 * 1024,
      read(size) {
        const length = Math.min(size, end - position);
        if (length <= 0) return void this.push(null);
        handle.read(Buffer.allocUnsafe(length), 0, length, position).then(
          ({ bytesRead, buffer }) => {
            if (bytesRead === 0) return void this.destroy(new Error('unexpected EOF'));
            position += bytesRead;
            this.push(buffer.subarray(0, bytesRead));
          },
          (error: Error) => this.destroy(error),
        );
      },
    });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    // yauzl reads the byte count from the second callback argument to detect EOF.
    const done = callback as (err: Error | null, bytesRead?: number) => void;
    const cd = this.#centralDirectory;
    if (cd && position >= cd.start && position + length <= cd.start + cd.bytes.length) {
      cd.bytes.copy(buffer, offset, position - cd.start, position - cd.start + length);
      return void queueMicrotask(() => done(null, length));
    }
    let bytesRead: number;
    try {
      bytesRead = readSync(this.handle.fd, buffer, offset, length, position);
    } catch (error) {
      return void queueMicrotask(() => done(error as Error));
    }
    queueMicrotask(() => done(null, bytesRead));
  }
}

async function openYauzl(path: string, reader: FileHandleReader, size: number): Promise<yauzl.ZipFile> {
  const handle = reader.handle;
  try {
    return await yauzl.fromRandomAccessReaderPromise(reader, size, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const magic = await readExactly(handle, 4, 0).catch(() => Buffer.alloc(0));
    const looksZip = magic.toString('latin1') === 'PK\x03\x04';
    if (/signature not found/.test(message)) {
      // A zip whose end record is gone is a zip cut short; anything else is not a zip at all.
      throw looksZip
        ? archiveError('ARCHIVE_TRUNCATED', path, 'end of central directory missing (file cut short)', error)
        : archiveError('ARCHIVE_BAD_MAGIC', path, 'not a zip archive', error);
    }
    const comment = /Expected: (\d+)\. Found: (\d+)/.exec(message);
    if (comment && Number(comment[1]) < Number(comment[2])) {
      throw archiveError('ARCHIVE_TRUNCATED', path, 'archive comment cut short', error);
    }
    throw toArchiveError(error, path);
  }
}

/** yauzl has validated the end records; we re-read them for the offsets the writers need. */
async function readEndInfo(handle: FileHandle, size: number, comment: Buffer): Promise<EndInfo> {
  const endOffset = size - END_SIZE - comment.length;
  const end = await readExactly(handle, END_SIZE, endOffset);
  if (endOffset >= ZIP64_LOCATOR_SIZE) {
    const locator = await readExactly(handle, ZIP64_LOCATOR_SIZE, endOffset - ZIP64_LOCATOR_SIZE);
    if (locator.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
      const zip64Offset = readUInt64LE(locator, 8);
      const rec = await readExactly(handle, ZIP64_END_SIZE, zip64Offset);
      if (rec.readUInt32LE(0) !== SIG_ZIP64_END) throw new Error('invalid zip64 end record');
      return {
        centralDirectorySize: readUInt64LE(rec, 40),
        centralDirectoryOffset: readUInt64LE(rec, 48),
        centralDirectoryLimit: zip64Offset,
        hasZip64End: true,
      };
    }
  }
  return {
    centralDirectorySize: end.readUInt32LE(12),
    centralDirectoryOffset: end.readUInt32LE(16),
    centralDirectoryLimit: endOffset,
    hasZip64End: false,
  };
}

function toZipEntry(path: string, e: yauzl.Entry, record: Buffer, end: EndInfo): ZipEntry {
  const nameRaw = e.fileNameRaw;
  const name = decodeZipName(e.generalPurposeBitFlag, nameRaw, e.extraFields);
  const unsafe = unsafeNameReason(name);
  if (unsafe) throw archiveError('ARCHIVE_UNSAFE_PATH', path, unsafe);
  if (e.generalPurposeBitFlag & FLAG_ENCRYPTED || e.compressionMethod === METHOD_AES) {
    throw archiveError('ARCHIVE_ENCRYPTED', path, `entry is encrypted: ${name}`);
  }
  if (e.relativeOffsetOfLocalHeader >= end.centralDirectoryOffset) {
    throw archiveError('ARCHIVE_CORRUPT', path, `entry ${name} starts inside the central directory`);
  }
  return {
    name,
    nameRaw,
    flags: e.generalPurposeBitFlag,
    method: e.compressionMethod,
    crc32: e.crc32,
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    localHeaderOffset: e.relativeOffsetOfLocalHeader,
    dosTime: e.lastModFileTime,
    dosDate: e.lastModFileDate,
    versionMadeBy: e.versionMadeBy,
    versionNeeded: e.versionNeededToExtract,
    internalAttributes: e.internalFileAttributes,
    externalAttributes: e.externalFileAttributes,
    extraRaw: e.extraFieldRaw,
    commentRaw: e.fileCommentRaw as unknown as Buffer,
    centralRecord: record,
    // Set by readEntries once every entry is known (entryLimits).
    dataLimit: end.centralDirectoryOffset,
    source: e,
  };
}

async function readEntries(path: string, zipfile: yauzl.ZipFile, reader: FileHandleReader, end: EndInfo): Promise<ZipEntry[]> {
  if (end.centralDirectoryOffset + end.centralDirectorySize > end.centralDirectoryLimit) {
    throw archiveError('ARCHIVE_CORRUPT', path, 'central directory overlaps the end records');
  }
  const cd = await readExactly(reader.handle, end.centralDirectorySize, end.centralDirectoryOffset);
  reader.useCentralDirectory(end.centralDirectoryOffset, cd);
  const entries: ZipEntry[] = [];
  let cursor = 0;
  for await (const e of zipfile.eachEntry()) {
    const length = CENTRAL_RECORD_SIZE + e.fileNameLength + e.extraFieldLength + e.fileCommentLength;
    const record = cd.subarray(cursor, cursor + length);
    if (record.length !== length || record.readUInt32LE(0) !== SIG_CENTRAL_RECORD) {
      throw archiveError('ARCHIVE_CORRUPT', path, 'central directory size disagrees with its records');
    }
    cursor += length;
    entries.push(toZipEntry(path, e, record, end));
  }
  for (const [entry, limit] of entryLimits(path, entries, end.centralDirectoryOffset)) entry.dataLimit = limit;
  return entries;
}

/**
 * Open a zip through its central directory (never the whole file). Pass a handle opened 'r+'
 * when the caller is going to write; otherwise the file is opened read-only and
 * closeZip closes it.
 */
export async function openZip(path: string, handle?: FileHandle): Promise<ZipArchive> {
  let own: FileHandle | undefined;
  try {
    if (!handle) own = await fs.open(path, 'r');
    const h = (handle ?? own) as FileHandle;
    const stat = fstatSync(h.fd);
    if (!stat.isFile()) throw archiveError('ARCHIVE_NOT_A_FILE', path, 'not a regular file');
    if (stat.size === 0) throw archiveError('ARCHIVE_EMPTY', path, 'file is empty');
    const reader = new FileHandleReader(h);
    const zipfile = await openYauzl(path, reader, stat.size);
    try {
      const comment = zipfile.comment as unknown as Buffer;
      const end = await readEndInfo(h, stat.size, comment);
      const entries = await readEntries(path, zipfile, reader, end);
      return {
        path,
        handle: h,
        stat,
        entries,
        centralDirectoryOffset: end.centralDirectoryOffset,
        centralDirectorySize: end.centralDirectorySize,
        comment,
        hasZip64End: end.hasZip64End,
        zipfile,
      };
    } catch (error) {
      zipfile.close();
      throw error;
    }
  } catch (error) {
    await own?.close();
    throw toArchiveError(error, path);
  }
}

/** Close what openZip opened; a caller-supplied handle stays open for the caller to close. */
export async function closeZip(zip: ZipArchive, ownsHandle: boolean): Promise<void> {
  zip.zipfile.close();
  if (ownsHandle) await zip.handle.close();
}

/** Read an opened archive, closing it afterwards whatever happens. */
export async function withZip<T>(path: string, use: (zip: ZipArchive) => Promise<T>): Promise<T> {
  const zip = await openZip(path);
  try {
    return await use(zip);
  } finally {
    await closeZip(zip, true);
  }
}

const U32_SENTINEL = 0xffffffff;

/**
 * The local header must tell the same story as the central directory: every reader trusts a
 * different one of the two (streaming readers the local header, we the directory), so an
 * archive where they disagree is damaged, whichever one is right.
 */
function localHeaderDisagreement(entry: ZipEntry, local: yauzl.LocalFileHeader): string | null {
  if (!local.fileName.equals(entry.nameRaw)) return 'name';
  if (local.compressionMethod !== entry.method) return 'compression method';
  // With a data descriptor (bit 3) the local CRC and sizes may be zero; zip64 puts sentinels there.
  if (local.generalPurposeBitFlag & FLAG_DATA_DESCRIPTOR) return null;
  if (local.crc32 !== entry.crc32 >>> 0) return 'CRC';
  if (local.compressedSize !== U32_SENTINEL && local.compressedSize !== entry.compressedSize) return 'compressed size';
  if (local.uncompressedSize !== U32_SENTINEL && local.uncompressedSize !== entry.uncompressedSize) return 'size';
  return null;
}

/**
 * Where the entry's data starts (after its local header) and where the entry ends on disk,
 * checked against the local header and against the next entry (entry.dataLimit), so no copier
 * or reader runs past the entry's real bytes.
 */
export async function entryExtent(zip: ZipArchive, entry: ZipEntry): Promise<{ dataStart: number; end: number; localExtra: Buffer }> {
  try {
    const local = await zip.zipfile.readLocalFileHeaderPromise(entry.source, { minimal: false });
    const disagreement = localHeaderDisagreement(entry, local);
    if (disagreement) {
      throw archiveError('ARCHIVE_CORRUPT', zip.path, `${entry.name}: local header and central directory disagree on the ${disagreement}`);
    }
    let end = local.fileDataStart + entry.compressedSize;
    if (entry.flags & FLAG_DATA_DESCRIPTOR) {
      // Descriptor: [signature] crc, sizes (8 bytes each when the entry is zip64).
      const sig = await readExactly(zip.handle, 4, end).catch(() => Buffer.alloc(4));
      const zip64 = entry.source.extraFields.some((f) => f.id === 0x0001);
      end += (sig.readUInt32LE(0) === SIG_DATA_DESCRIPTOR ? 4 : 0) + 4 + (zip64 ? 16 : 8);
    }
    if (end > entry.dataLimit) {
      throw archiveError('ARCHIVE_CORRUPT', zip.path, `entry ${entry.name} overlaps what follows it (its declared size is wrong)`);
    }
    return { dataStart: local.fileDataStart, end, localExtra: local.extraField };
  } catch (error) {
    throw toArchiveError(error, zip.path);
  }
}

/**
 * An entry's bytes, decompressed and CRC-checked, refusing anything larger than maxBytes by
 * the declared size; inflating past the declared size fails too (a lying header cannot
 * smuggle a zip bomb through).
 */
export async function readEntryBytes(
  zip: ZipArchive,
  entry: ZipEntry,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) throw tooLarge();
  const { dataStart } = await entryExtent(zip, entry);
  try {
    return await readEntryVerified(zip, entry, dataStart);
  } catch (error) {
    throw toArchiveError(error, zip.path);
  }
}
