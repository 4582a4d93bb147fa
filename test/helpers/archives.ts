/**
 * Test-only archive builders and independent checkers. The zip builder here is deliberately
 * separate from Longbox's writer so tests never check the writer against itself; it can also
 * produce what no sane writer does (data descriptors, forced zip64, bad CRCs, hostile names).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';

export interface TestEntry {
  name: string;
  data: Buffer | string;
  method?: 0 | 8;
  /** GP bit 3: zero CRC/sizes in the local header, real ones in a trailing descriptor. */
  descriptor?: boolean;
  encrypted?: boolean;
  /** Lie in the headers (bad CRC tests). */
  crc?: number;
  /** Lie about the uncompressed size (zip-bomb tests). */
  declaredSize?: number;
}

export interface TestZipOptions {
  comment?: string;
  /** Zip64 extras on every entry and zip64 end records, whatever the sizes. */
  zip64?: boolean;
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `longbox-${label}-`));
}

export function buildZip(entries: TestEntry[], options: TestZipOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const z64 = !!options.zip64;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const method = e.method ?? 0;
    const compressed = method === 8 ? zlib.deflateRawSync(data) : data;
    // ZipCrypto prefixes the data with a 12-byte encryption header.
    const packed = e.encrypted ? Buffer.concat([Buffer.alloc(12, 0xa5), compressed]) : compressed;
    const crc = e.crc ?? zlib.crc32(data);
    const size = e.declaredSize ?? data.length;
    const name = Buffer.from(e.name, 'utf8');
    const flags = (e.descriptor ? 8 : 0) | (e.encrypted ? 1 : 0) | (/[^\x20-\x7e]/.test(e.name) ? 0x800 : 0);
    const localExtra = z64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (z64) {
      localExtra.writeUInt16LE(1, 0);
      localExtra.writeUInt16LE(16, 2);
      localExtra.writeBigUInt64LE(BigInt(e.descriptor ? 0 : size), 4);
      localExtra.writeBigUInt64LE(BigInt(e.descriptor ? 0 : packed.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(z64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x6000, 10);
    local.writeUInt16LE(0x5a21, 12);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(z64 ? 0xffffffff : e.descriptor ? 0 : packed.length, 18);
    local.writeUInt32LE(z64 ? 0xffffffff : e.descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const chunk = [local, name, localExtra, packed];
    if (e.descriptor) {
      const d = Buffer.alloc(z64 ? 24 : 16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      if (z64) {
        d.writeBigUInt64LE(BigInt(packed.length), 8);
        d.writeBigUInt64LE(BigInt(size), 16);
      } else {
        d.writeUInt32LE(packed.length, 8);
        d.writeUInt32LE(size, 12);
      }
      chunk.push(d);
    }
    const cdExtra = z64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (z64) {
      cdExtra.writeUInt16LE(1, 0);
      cdExtra.writeUInt16LE(24, 2);
      cdExtra.writeBigUInt64LE(BigInt(size), 4);
      cdExtra.writeBigUInt64LE(BigInt(packed.length), 12);
      cdExtra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(0x031e, 4);
    cd.writeUInt16LE(z64 ? 45 : 20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0x6000, 12);
    cd.writeUInt16LE(0x5a21, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(z64 ? 0xffffffff : packed.length, 20);
    cd.writeUInt32LE(z64 ? 0xffffffff : size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(cdExtra.length, 30);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(z64 ? 0xffffffff : offset, 42);
    central.push(cd, name, cdExtra);
    const bytes = Buffer.concat(chunk);
    parts.push(bytes);
    offset += bytes.length;
  }
  const cd = Buffer.concat(central);
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const tail: Buffer[] = [cd];
  if (z64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries.length), 24);
    rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(z64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(z64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(z64 ? 0xffffffff : cd.length, 12);
  end.writeUInt32LE(z64 ? 0xffffffff : offset, 16);
  end.writeUInt16LE(comment.length, 20);
  tail.push(end, comment);
  return Buffer.concat([...parts, ...tail]);
}

export function writeZip(file: string, entries: TestEntry[], options?: TestZipOptions): string {
  fs.writeFileSync(file, buildZip(entries, options));
  return file;
}

/** Fake page bytes: random (incompressible), distinct per page. */
export function page(size = 2048, seed = 1): Buffer {
  const buf = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  return buf;
}

export function pages(count: number, size = 2048): TestEntry[] {
  return Array.from({ length: count }, (_, i) => ({ name: `p${String(i + 1).padStart(3, '0')}.jpg`, data: page(size, i + 1) }));
}

export function comicInfoXml(title: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo>\n  <Title>${title}</Title>\n</ComicInfo>\n`;
}

/** A minimal RAR 4 archive with stored files, written from the format spec (no rar binary). */
export function buildRar(files: Array<{ name: string; data: Buffer | string }>): Buffer {
  const header = (type: number, flags: number, body: Buffer) => {
    const b = Buffer.alloc(7 + body.length);
    b.writeUInt8(type, 2);
    b.writeUInt16LE(flags, 3);
    b.writeUInt16LE(b.length, 5);
    body.copy(b, 7);
    b.writeUInt16LE(zlib.crc32(b.subarray(2)) & 0xffff, 0);
    return b;
  };
  const out: Buffer[] = [Buffer.from('Rar!\x1a\x07\x00', 'latin1'), header(0x73, 0, Buffer.alloc(6))];
  for (const f of files) {
    const data = Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data, 'utf8');
    const name = Buffer.from(f.name, 'latin1');
    const body = Buffer.alloc(25 + name.length);
    body.writeUInt32LE(data.length, 0); // packed size
    body.writeUInt32LE(data.length, 4); // unpacked size
    body.writeUInt8(2, 8); // host OS: Windows
    body.writeUInt32LE(zlib.crc32(data), 9);
    body.writeUInt32LE(0x5a216000, 13); // DOS time
    body.writeUInt8(20, 17); // version 2.0
    body.writeUInt8(0x30, 18); // method: store
    body.writeUInt16LE(name.length, 19);
    body.writeUInt32LE(0x20, 21); // attributes: archive
    name.copy(body, 25);
    out.push(header(0x74, 0x8000, body), data);
  }
  out.push(header(0x7b, 0x4000, Buffer.alloc(0)));
  return Buffer.concat(out);
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * What a streaming reader (Java ZipInputStream, unzipper.Parse) sees: local headers walked in
 * file order from offset 0, never the central directory, stopping at the first record that is
 * not a local header. An entry that defers its sizes to a data descriptor is delimited the way
 * streaming readers do it: the next descriptor signature whose CRC and size match the data.
 */
export function streamingEntries(file: string): Array<{ name: string; data: Buffer }> {
  const buf = fs.readFileSync(file);
  const out: Array<{ name: string; data: Buffer }> = [];
  let at = 0;
  while (at + 30 <= buf.length && buf.readUInt32LE(at) === 0x04034b50) {
    const flags = buf.readUInt16LE(at + 6);
    const method = buf.readUInt16LE(at + 8);
    let size = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extraLength = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const extra = buf.subarray(at + 30 + nameLength, at + 30 + nameLength + extraLength);
    const zip64 = size === 0xffffffff;
    for (let i = 0; zip64 && i + 4 <= extra.length; i += 4 + extra.readUInt16LE(i + 2)) {
      if (extra.readUInt16LE(i) === 1) size = Number(extra.readBigUInt64LE(i + 12));
    }
    const start = at + 30 + nameLength + extraLength;
    const unpack = (packed: Buffer) => (method === 8 ? zlib.inflateRawSync(packed) : packed);
    if (flags & 8) {
      let found = false;
      for (let pos = buf.indexOf(DESCRIPTOR_SIG, start); pos >= 0; pos = buf.indexOf(DESCRIPTOR_SIG, pos + 1)) {
        let data: Buffer;
        try {
          data = unpack(buf.subarray(start, pos));
        } catch {
          continue;
        }
        if (zlib.crc32(data) >>> 0 !== buf.readUInt32LE(pos + 4)) continue;
        out.push({ name, data });
        at = pos + (zip64 ? 24 : 16);
        found = true;
        break;
      }
      if (!found) throw new Error(`streaming walker: no data descriptor for ${name}`);
      continue;
    }
    out.push({ name, data: unpack(buf.subarray(start, start + size)) });
    at = start + size;
  }
  return out;
}

const DESCRIPTOR_SIG = Buffer.from([0x50, 0x4b, 0x07, 0x08]);

function run(cmd: string, args: string[], input?: Buffer) {
  const r = spawnSync(cmd, args, { input, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout?.toString() ?? '', stderr: r.stderr?.toString() ?? '', raw: r.stdout };
}

/** Python's zipfile: testzip() (CRC of every entry) and the names; throws on a bad archive. */
export function pythonZipCheck(file: string): { names: string[]; comicInfo: string[] } {
  const script = [
    'import sys, zipfile, json',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    'assert bad is None, "bad entry: %s" % bad',
    'names = z.namelist()',
    'ci = [z.read(n).decode("utf-8") for n in names if n.lower() == "comicinfo.xml"]',
    'print(json.dumps({"names": names, "comicInfo": ci}))',
  ].join('\n');
  const r = run('python3', ['-c', script, file]);
  if (r.status !== 0) throw new Error(`python zipfile rejected ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { names: string[]; comicInfo: string[] };
}

/** Info-ZIP `unzip -t`: tests every entry's CRC. */
export function unzipTest(file: string): { ok: boolean; output: string } {
  const r = run('unzip', ['-t', file]);
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

/** A zip written by Python to a pipe: not seekable, so every entry gets a data descriptor. */
export function pythonStreamedZip(file: string, entries: Array<{ name: string; data: string }>, deflate: boolean): string {
  const script = [
    'import sys, zipfile, json',
    'entries = json.loads(sys.stdin.read())',
    `z = zipfile.ZipFile(sys.stdout.buffer, "w", ${deflate ? 'zipfile.ZIP_DEFLATED' : 'zipfile.ZIP_STORED'})`,
    'for e in entries:',
    '    with z.open(e["name"], "w") as f: f.write(e["data"].encode("utf-8"))',
    'z.close()',
  ].join('\n');
  const r = run('python3', ['-c', script], Buffer.from(JSON.stringify(entries)));
  if (r.status !== 0) throw new Error(r.stderr);
  fs.writeFileSync(file, r.raw);
  return file;
}

/** Python zipfile over many archives in one process: per file, testzip() result and ComicInfo texts. */
export function pythonZipCheckMany(files: string[]): Record<string, { error: string | null; comicInfo: string[] }> {
  const script = [
    'import sys, zipfile, json',
    'out = {}',
    'for p in sys.argv[1:]:',
    '    try:',
    '        z = zipfile.ZipFile(p)',
    '        bad = z.testzip()',
    '        ci = [z.read(n).decode("utf-8") for n in z.namelist() if n.lower() == "comicinfo.xml"]',
    '        out[p] = {"error": None if bad is None else "bad entry " + bad, "comicInfo": ci}',
    '    except Exception as e:',
    '        out[p] = {"error": repr(e), "comicInfo": []}',
    'print(json.dumps(out))',
  ].join('\n');
  const r = run('python3', ['-c', script, ...files]);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, { error: string | null; comicInfo: string[] }>;
}

/** yauzl on its own (not through Longbox's reader): CRC of every entry; returns name → text. */
export async function yauzlCrcCheck(file: string): Promise<Map<string, Buffer>> {
  const yauzl = (await import('yauzl')).default;
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const c of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(c);
      const data = Buffer.concat(chunks);
      if (zlib.crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new Error(`CRC mismatch in ${entry.fileName}`);
      out.set(entry.fileName, data);
    }
  } finally {
    zip.close();
  }
  return out;
}

/** The error code a write or read fails with, or 'OK' when it succeeds (what the archive tests compare). */
export async function errorCodeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? `untyped: ${String(error)}`;
  }
}
