import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import zlib from 'node:zlib';
import { inflateSync } from 'fflate';
import { COMICINFO_MAX_BYTES } from '../comicinfo/decode-comicinfo-bytes.ts';
import { fileStatOf, type FileStat } from '../platform/file-stat.ts';
import { COMICINFO_NAME, isComicInfoName, isPageName, unsafeNameReason } from './entry-names.ts';
import {
  CENTRAL_RECORD_SIZE,
  END_SIZE,
  FLAG_ENCRYPTED,
  FLAG_UTF8,
  LOCAL_HEADER_SIZE,
  METHOD_DEFLATE,
  METHOD_STORED,
  SIG_CENTRAL_RECORD,
  SIG_END,
  SIG_LOCAL_HEADER,
} from './zip-records.ts';

/** What a scan needs from a zip: its page count and ComicInfo.xml bytes (null: none). */
export interface ZipTailSummary {
  pageCount: number;
  comicInfo: Buffer | null;
  /** From the `fstat` of the descriptor read. */
  stat: FileStat;
}

/** The tail read at once: the end record, the central directory and (usually) ComicInfo.xml. */
const TAIL_BYTES = 16 * 1024;
/** Central directories larger than this are left to the full reader. */
const MAX_FAST_DIRECTORY = 4 * 1024 * 1024;
const MAX_COMMENT = 0xffff;
/**
 * The first read's buffer, kept for the thread's life: a fresh 16 KB one per archive is garbage
 * the thread collects 100k times in a scan. Safe because the function is synchronous and
 * nothing read into it outlives a call (the XML is copied or inflated out of it).
 */
const tailScratch = Buffer.allocUnsafe(TAIL_BYTES);
/** Info-ZIP's Unicode path extra field: the full reader decodes names through it. */
const UNICODE_PATH_EXTRA = 0x7075;

// Ranges of the tail buffer rather than subarrays of it: a scan meets a few entries in each of
// 100k archives, and every subarray is one more object for the thread's garbage collector.

function hasExtra(buffer: Buffer, start: number, end: number, id: number): boolean {
  for (let at = start; at + 4 <= end; at += 4 + buffer.readUInt16LE(at + 2)) {
    if (buffer.readUInt16LE(at) === id) return true;
  }
  return false;
}

function isAscii(buffer: Buffer, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (buffer[at]! > 0x7f) return false;
  return true;
}

/**
 * A scan's read of one archive with plain synchronous calls: one `pread` of the tail holds the
 * end record, the central directory and, for archives our writers produced (ComicInfo.xml
 * last), the XML too; a second read only when the XML or a large directory lies further back.
 * It runs in a pool thread (docs/architecture.md), where blocking I/O blocks nothing else and
 * costs a fraction of a chain of async calls.
 *
 * Only the plain case is handled here: no zip64, no multi-disk, one end record directly after
 * the directory, names in ASCII or flagged UTF-8, nothing encrypted or unsafe, ComicInfo.xml
 * stored or deflated with a matching CRC. Anything else returns null and the caller reads the
 * archive with the full reader, whose checks and error codes stay the one authority.
 */
export function readZipTailSummary(path: string): ZipTailSummary | null {
  // Non-blocking: a FIFO named like an archive must not hang the thread in open(); only a
  // regular file is read (no effect on its reads), anything else is the full reader's to refuse.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    // Before the read: a change after it moves the mtime, and the next scan reads the file again.
    const opened = fstatSync(fd);
    if (!opened.isFile()) return null;
    const size = opened.size;
    const stat = fileStatOf(opened);
    const read = (position: number, length: number, into = Buffer.allocUnsafe(length)): Buffer | null =>
      readSync(fd, into, 0, length, position) === length ? into.subarray(0, length) : null;
    if (size < END_SIZE) return null;
    const tailStart = Math.max(0, size - TAIL_BYTES);
    let tail = read(tailStart, size - tailStart, tailScratch);
    if (!tail) return null;
    // The end record is the last thing in the file but its comment.
    let end = -1;
    for (let at = tail.length - END_SIZE; at >= Math.max(0, tail.length - END_SIZE - MAX_COMMENT); at--) {
      if (tail.readUInt32LE(at) === SIG_END && at + END_SIZE + tail.readUInt16LE(at + 20) === tail.length) {
        end = at;
        break;
      }
    }
    if (end < 0) return null;
    const count = tail.readUInt16LE(end + 10);
    const cdSize = tail.readUInt32LE(end + 12);
    const cdOffset = tail.readUInt32LE(end + 16);
    const endOffset = tailStart + end;
    if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0 || count !== tail.readUInt16LE(end + 8)) return null;
    if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize !== endOffset || cdSize > MAX_FAST_DIRECTORY) return null;
    let base = tailStart;
    if (cdOffset < tailStart) {
      tail = read(cdOffset, size - cdOffset);
      if (!tail) return null;
      base = cdOffset;
    }
    let pageCount = 0;
    let info: { offset: number; method: number; crc: number; compressed: number; size: number; header: number; exact: boolean } | null = null;
    let at = cdOffset - base;
    for (let i = 0; i < count; i++) {
      if (at + CENTRAL_RECORD_SIZE > end + (tailStart - base) || tail.readUInt32LE(at) !== SIG_CENTRAL_RECORD) return null;
      const flags = tail.readUInt16LE(at + 8);
      const method = tail.readUInt16LE(at + 10);
      const nameLength = tail.readUInt16LE(at + 28);
      const extraLength = tail.readUInt16LE(at + 30);
      const commentLength = tail.readUInt16LE(at + 32);
      const localOffset = tail.readUInt32LE(at + 42);
      const nameStart = at + CENTRAL_RECORD_SIZE;
      const nameEnd = nameStart + nameLength;
      if (flags & FLAG_ENCRYPTED || localOffset >= cdOffset || hasExtra(tail, nameEnd, Math.min(nameEnd + extraLength, tail.length), UNICODE_PATH_EXTRA)) return null;
      if (!(flags & FLAG_UTF8) && !isAscii(tail, nameStart, Math.min(nameEnd, tail.length))) return null;
      const name = tail.toString('utf8', nameStart, nameEnd);
      if (unsafeNameReason(name)) return null;
      if (isPageName(name)) pageCount += 1;
      else if (isComicInfoName(name) && (!info || (name === COMICINFO_NAME && !info.exact))) {
        info = {
          offset: localOffset,
          method,
          // The local header repeats name and extra; allow its extra to differ a little.
          header: LOCAL_HEADER_SIZE + nameLength + extraLength + 256,
          crc: tail.readUInt32LE(at + 16),
          compressed: tail.readUInt32LE(at + 20),
          size: tail.readUInt32LE(at + 24),
          exact: name === COMICINFO_NAME,
        };
      }
      at = nameStart + nameLength + extraLength + commentLength;
    }
    if (at !== end + (tailStart - base)) return null;
    if (!info) return { pageCount, comicInfo: null, stat };
    if ((info.method !== METHOD_STORED && info.method !== METHOD_DEFLATE) || info.size > COMICINFO_MAX_BYTES) return null;
    // The XML's local header and data: from the buffer when it is there, else one more read.
    const span = info.header + info.compressed;
    const local = info.offset >= base ? tail.subarray(info.offset - base) : read(info.offset, Math.min(span, cdOffset - info.offset));
    if (!local || local.length < LOCAL_HEADER_SIZE || local.readUInt32LE(0) !== SIG_LOCAL_HEADER) return null;
    const dataStart = LOCAL_HEADER_SIZE + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (info.offset + dataStart + info.compressed > cdOffset || dataStart + info.compressed > local.length) return null;
    const data = local.subarray(dataStart, dataStart + info.compressed);
    let bytes: Buffer;
    try {
      // fflate, not zlib: a zlib instance per call costs several times the read of a small
      // archive. The output is bounded by the declared size; a lie fails the checks below.
      bytes = info.method === METHOD_STORED ? Buffer.from(data) : Buffer.from(inflateSync(data, { out: new Uint8Array(info.size) }));
    } catch {
      return null;
    }
    if (bytes.length !== info.size || zlib.crc32(bytes) !== info.crc) return null;
    return { pageCount, comicInfo: bytes, stat };
  } finally {
    closeSync(fd);
  }
}
