/**
 * Byte layouts of the zip records Longbox writes (APPNOTE 6.3.x §4.3). Pure functions: they
 * build buffers and never touch files, so both writers share one definition of every record.
 */

export const SIG_LOCAL_HEADER = 0x04034b50;
export const SIG_CENTRAL_RECORD = 0x02014b50;
export const SIG_DATA_DESCRIPTOR = 0x08074b50;
export const SIG_ZIP64_END = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const SIG_END = 0x06054b50;

export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_RECORD_SIZE = 46;
export const END_SIZE = 22;
export const ZIP64_END_SIZE = 56;
export const ZIP64_LOCATOR_SIZE = 20;

export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_STRONG_ENCRYPTION = 0x0040;
export const FLAG_UTF8 = 0x0800;

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
export const METHOD_AES = 99;

const ZIP64_EXTRA_ID = 0x0001;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** "Made by" Unix, spec 4.5, so Info-ZIP honours the permission bits we set. */
const MADE_BY_UNIX = (3 << 8) | VERSION_ZIP64;
const UNIX_REGULAR_0644 = (0o100644 << 16) >>> 0;

export function readUInt64LE(buf: Buffer, offset: number): number {
  const value = buf.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('64-bit zip field exceeds 2^53');
  return Number(value);
}

export function needsZip64(value: number): boolean {
  return value >= U32_MAX;
}

/** Extra fields other than the zip64 one: those we copy verbatim; zip64 is recomputed. */
export function extraWithoutZip64(extra: Buffer): Buffer {
  const kept: Buffer[] = [];
  let i = 0;
  while (i + 4 <= extra.length) {
    const id = extra.readUInt16LE(i);
    const end = i + 4 + extra.readUInt16LE(i + 2);
    // A malformed tail (length past the end) is dropped rather than copied half-way.
    if (end > extra.length) break;
    if (id !== ZIP64_EXTRA_ID) kept.push(extra.subarray(i, end));
    i = end;
  }
  return Buffer.concat(kept);
}

function zip64Extra(values: number[]): Buffer {
  const buf = Buffer.alloc(4 + 8 * values.length);
  buf.writeUInt16LE(ZIP64_EXTRA_ID, 0);
  buf.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => buf.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return buf;
}

export interface EntryFields {
  versionMadeBy?: number;
  versionNeeded?: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  nameRaw: Buffer;
  /** Extra fields without any zip64 field (see extraWithoutZip64). */
  extra: Buffer;
  comment?: Buffer;
  internalAttributes?: number;
  externalAttributes?: number;
}

/**
 * A local header with real CRC and sizes (bit 3 cleared): streaming readers such as Java's
 * ZipInputStream cannot read STORED entries that defer their sizes to a data descriptor.
 */
export function buildLocalHeader(e: EntryFields): Buffer {
  const zip64 = needsZip64(e.compressedSize) || needsZip64(e.uncompressedSize);
  const extra = zip64 ? Buffer.concat([zip64Extra([e.uncompressedSize, e.compressedSize]), e.extra]) : e.extra;
  const buf = Buffer.alloc(LOCAL_HEADER_SIZE + e.nameRaw.length + extra.length);
  buf.writeUInt32LE(SIG_LOCAL_HEADER, 0);
  buf.writeUInt16LE(zip64 ? VERSION_ZIP64 : (e.versionNeeded ?? VERSION_DEFAULT), 4);
  buf.writeUInt16LE(e.flags & ~FLAG_DATA_DESCRIPTOR, 6);
  buf.writeUInt16LE(e.method, 8);
  buf.writeUInt16LE(e.dosTime, 10);
  buf.writeUInt16LE(e.dosDate, 12);
  buf.writeUInt32LE(e.crc32 >>> 0, 14);
  buf.writeUInt32LE(zip64 ? U32_MAX : e.compressedSize, 18);
  buf.writeUInt32LE(zip64 ? U32_MAX : e.uncompressedSize, 22);
  buf.writeUInt16LE(e.nameRaw.length, 26);
  buf.writeUInt16LE(extra.length, 28);
  e.nameRaw.copy(buf, 30);
  extra.copy(buf, 30 + e.nameRaw.length);
  return buf;
}

export function buildCentralRecord(e: EntryFields, localHeaderOffset: number): Buffer {
  // Zip64 extra carries, in this order, only the fields whose 32-bit slot holds the sentinel.
  const big: number[] = [];
  if (needsZip64(e.uncompressedSize)) big.push(e.uncompressedSize);
  if (needsZip64(e.compressedSize)) big.push(e.compressedSize);
  if (needsZip64(localHeaderOffset)) big.push(localHeaderOffset);
  const extra = big.length > 0 ? Buffer.concat([zip64Extra(big), e.extra]) : e.extra;
  const comment = e.comment ?? Buffer.alloc(0);
  const buf = Buffer.alloc(CENTRAL_RECORD_SIZE + e.nameRaw.length + extra.length + comment.length);
  buf.writeUInt32LE(SIG_CENTRAL_RECORD, 0);
  buf.writeUInt16LE(e.versionMadeBy ?? MADE_BY_UNIX, 4);
  buf.writeUInt16LE(big.length > 0 ? VERSION_ZIP64 : (e.versionNeeded ?? VERSION_DEFAULT), 6);
  buf.writeUInt16LE(e.flags & ~FLAG_DATA_DESCRIPTOR, 8);
  buf.writeUInt16LE(e.method, 10);
  buf.writeUInt16LE(e.dosTime, 12);
  buf.writeUInt16LE(e.dosDate, 14);
  buf.writeUInt32LE(e.crc32 >>> 0, 16);
  buf.writeUInt32LE(Math.min(e.compressedSize, U32_MAX), 20);
  buf.writeUInt32LE(Math.min(e.uncompressedSize, U32_MAX), 24);
  buf.writeUInt16LE(e.nameRaw.length, 28);
  buf.writeUInt16LE(extra.length, 30);
  buf.writeUInt16LE(comment.length, 32);
  buf.writeUInt16LE(0, 34);
  buf.writeUInt16LE(e.internalAttributes ?? 0, 36);
  buf.writeUInt32LE((e.externalAttributes ?? UNIX_REGULAR_0644) >>> 0, 38);
  buf.writeUInt32LE(Math.min(localHeaderOffset, U32_MAX), 42);
  e.nameRaw.copy(buf, 46);
  extra.copy(buf, 46 + e.nameRaw.length);
  comment.copy(buf, 46 + e.nameRaw.length + extra.length);
  return buf;
}

export interface EndRecordInput {
  entryCount: number;
  centralDirectoryOffset: number;
  centralDirectorySize: number;
  comment: Buffer;
  /** Emit zip64 records even if no field overflows (kept when the source archive had them). */
  forceZip64: boolean;
}

/** [zip64 end record + locator] + end record, to be written right after the central directory. */
export function buildEndRecords(input: EndRecordInput): Buffer {
  const { entryCount, centralDirectoryOffset: cdOffset, centralDirectorySize: cdSize } = input;
  const zip64 =
    input.forceZip64 || entryCount >= U16_MAX || needsZip64(cdOffset) || needsZip64(cdSize);
  const parts: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(ZIP64_END_SIZE);
    rec.writeUInt32LE(SIG_ZIP64_END, 0);
    rec.writeBigUInt64LE(BigInt(ZIP64_END_SIZE - 12), 4);
    rec.writeUInt16LE(MADE_BY_UNIX, 12);
    rec.writeUInt16LE(VERSION_ZIP64, 14);
    rec.writeUInt32LE(0, 16);
    rec.writeUInt32LE(0, 20);
    rec.writeBigUInt64LE(BigInt(entryCount), 24);
    rec.writeBigUInt64LE(BigInt(entryCount), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(ZIP64_LOCATOR_SIZE);
    loc.writeUInt32LE(SIG_ZIP64_LOCATOR, 0);
    loc.writeUInt32LE(0, 4);
    loc.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
    loc.writeUInt32LE(1, 16);
    parts.push(rec, loc);
  }
  const end = Buffer.alloc(END_SIZE + input.comment.length);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(Math.min(entryCount, U16_MAX), 8);
  end.writeUInt16LE(Math.min(entryCount, U16_MAX), 10);
  end.writeUInt32LE(Math.min(cdSize, U32_MAX), 12);
  end.writeUInt32LE(zip64 && needsZip64(cdOffset) ? U32_MAX : Math.min(cdOffset, U32_MAX), 16);
  end.writeUInt16LE(input.comment.length, 20);
  input.comment.copy(end, 22);
  parts.push(end);
  return Buffer.concat(parts);
}

/** MS-DOS date and time fields (local time, 2-second resolution) as zip stores them. */
export function toDosDateTime(date: Date): { dosDate: number; dosTime: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    dosDate: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
    dosTime: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
  };
}
