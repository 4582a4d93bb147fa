/**
 * A corpus of archives whose headers lie about sizes and offsets, fed through the real read
 * and write paths: every one fails with its code, promptly (a lying deflate size once stalled
 * a worker until the 600 s item timeout), and stays byte-for-byte unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { readEntryBytes, withZip } from '../../../src-main/core/archive/zip-reader.ts';
import { buildZip, comicInfoXml, page, sha256File, tempDir } from '../../helpers/archives.ts';
import type { TestEntry } from '../../helpers/archives.ts';

const dir = tempDir('lies');
const journalDir = path.join(dir, 'journal');
/** Far above any honest run of these small files, far below the old 600 s stall. */
const HUNG_AFTER_MS = 20_000;

type Method = 0 | 8;
type Place = 'first' | 'middle' | 'last';
const TARGET = 'p2.jpg';

/** Where each entry's central record and local header sit in a built zip (no comment). */
function records(zip: Buffer): Map<string, { cd: number; local: number }> {
  const eocd = zip.length - 22;
  const count = zip.readUInt16LE(eocd + 10);
  const out = new Map<string, { cd: number; local: number }>();
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(p + 28);
    out.set(zip.subarray(p + 46, p + 46 + nameLength).toString('utf8'), { cd: p, local: zip.readUInt32LE(p + 42) });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

function entries(method: Method, place: Place, target: Partial<TestEntry> = {}, pageSize = 4000): TestEntry[] {
  const info: TestEntry = { name: 'ComicInfo.xml', data: comicInfoXml('old'), method: 8 };
  const pageEntries: TestEntry[] = [1, 2, 3].map((n) => ({ name: `p${n}.jpg`, data: page(pageSize, n), method }));
  pageEntries[1] = { ...pageEntries[1]!, ...target };
  if (place === 'first') return [info, ...pageEntries];
  if (place === 'middle') return [pageEntries[0]!, info, ...pageEntries.slice(1)];
  return [...pageEntries, info];
}

/** Lies written into a correct archive; `target` is the lied-about entry's records. */
type Lie = (zip: Buffer, target: { cd: number; local: number }, all: Map<string, { cd: number; local: number }>) => void;
const addU32 = (zip: Buffer, at: number, delta: number) => zip.writeUInt32LE(zip.readUInt32LE(at) + delta, at);

interface LieCase {
  name: string;
  methods: Method[];
  lie: Lie;
  code: string;
  /** Caught from the central directory alone, so even a read that never touches the entry fails. */
  atOpen: boolean;
  build?: (method: Method, place: Place) => Buffer;
}

/**
 * A deflate stream followed by junk inside the entry's declared extent: every size in the
 * headers is consistent, but the stream ends before the declared compressed size.
 */
function deflateWithTrailingJunk(method: Method, place: Place, pageSize: number): Buffer {
  const real = page(pageSize, 2);
  const packed = Buffer.concat([zlib.deflateRawSync(real), Buffer.alloc(300, 0x5a)]);
  // Built as a stored entry holding the packed bytes, then relabelled as deflate of `real`.
  const zip = buildZip(entries(method, place, { data: packed, method: 0 }));
  const at = records(zip).get(TARGET)!;
  for (const base of [at.cd + 10, at.local + 8]) zip.writeUInt16LE(8, base);
  for (const base of [at.cd + 16, at.local + 14]) zip.writeUInt32LE(zlib.crc32(real), base);
  zip.writeUInt32LE(real.length, at.cd + 24);
  zip.writeUInt32LE(real.length, at.local + 22);
  return zip;
}

const cases: LieCase[] = [
  { name: 'central directory: compressed size larger than real', methods: [0, 8], lie: (z, t) => { addU32(z, t.cd + 20, 100); addU32(z, t.cd + 24, 100); }, code: 'ARCHIVE_CORRUPT', atOpen: true },
  { name: 'central directory: compressed size 4 GB', methods: [8], lie: (z, t) => z.writeUInt32LE(0xfffffff0, t.cd + 20), code: 'ARCHIVE_CORRUPT', atOpen: true },
  { name: 'central directory: deflate compressed size smaller than real', methods: [8], lie: (z, t) => { addU32(z, t.cd + 20, -100); addU32(z, t.local + 18, -100); }, code: 'ARCHIVE_CORRUPT', atOpen: false },
  { name: 'central directory: stored sizes smaller than real', methods: [0], lie: (z, t) => { for (const o of [t.cd + 20, t.cd + 24, t.local + 18, t.local + 22]) addU32(z, o, -100); }, code: 'ARCHIVE_CRC_MISMATCH', atOpen: false },
  { name: 'central directory: stored sizes disagree with each other', methods: [0], lie: (z, t) => addU32(z, t.cd + 24, 10), code: 'ARCHIVE_CORRUPT', atOpen: true },
  { name: 'central directory: uncompressed size larger than real', methods: [8], lie: (z, t) => { addU32(z, t.cd + 24, 1000); addU32(z, t.local + 22, 1000); }, code: 'ARCHIVE_CRC_MISMATCH', atOpen: false },
  { name: 'local header: compressed size disagrees', methods: [0, 8], lie: (z, t) => addU32(z, t.local + 18, 7), code: 'ARCHIVE_CORRUPT', atOpen: false },
  { name: 'local header: CRC disagrees', methods: [0, 8], lie: (z, t) => addU32(z, t.local + 14, 1), code: 'ARCHIVE_CORRUPT', atOpen: false },
  { name: 'local header: name length points elsewhere', methods: [0, 8], lie: (z, t) => z.writeUInt16LE(z.readUInt16LE(t.local + 26) + 40, t.local + 26), code: 'ARCHIVE_CORRUPT', atOpen: false },
  { name: 'offset past the end of the file', methods: [0, 8], lie: (z, t) => z.writeUInt32LE(z.length + 5000, t.cd + 42), code: 'ARCHIVE_CORRUPT', atOpen: true },
  { name: 'offset inside the previous entry', methods: [0, 8], lie: (z, t) => addU32(z, t.cd + 42, -50), code: 'ARCHIVE_CORRUPT', atOpen: true },
  { name: 'two entries at one offset', methods: [0, 8], lie: (z, t, all) => z.writeUInt32LE(all.get('p3.jpg')!.local, t.cd + 42), code: 'ARCHIVE_CORRUPT', atOpen: true },
  {
    name: 'deflate stream ends before its declared size (junk after it)',
    methods: [8],
    lie: () => undefined,
    code: 'ARCHIVE_CORRUPT',
    atOpen: false,
    build: (method, place) => deflateWithTrailingJunk(method, place, 4000),
  },
  {
    name: 'deflate stream ends early in a 3 MB entry (several copy chunks)',
    methods: [8],
    lie: () => undefined,
    code: 'ARCHIVE_CORRUPT',
    atOpen: false,
    build: (method, place) => deflateWithTrailingJunk(method, place, 3 * 1024 * 1024),
  },
];

/**
 * Page sizes the lies are told at: an entry of a few KB is checked in one piece (one read, one
 * inflate), one over a megabyte streamed in chunks (archive/entry-data.ts); both must refuse
 * every lie alike. The cases with their own builder choose their size themselves.
 */
const PAGE_SIZES = [{ bytes: 4000, label: '' }, { bytes: 1200 * 1024, label: ', 1.2 MB pages (streamed)' }];

const corpus = cases.flatMap((c) =>
  (c.build ? PAGE_SIZES.slice(0, 1) : PAGE_SIZES).flatMap((size) =>
    c.methods.flatMap((method) =>
      (['first', 'middle', 'last'] as const).map((place) => {
        const label = `${c.name} (${method === 8 ? 'deflated' : 'stored'}, ComicInfo ${place}${size.label})`;
        let zip: Buffer;
        if (c.build) zip = c.build(method, place);
        else {
          zip = buildZip(entries(method, place, {}, size.bytes));
          const all = records(zip);
          c.lie(zip, all.get(TARGET)!, all);
        }
        const file = path.join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.cbz`);
        fs.writeFileSync(file, zip);
        // ComicInfo last and a lie the central directory does not show: the tail writer never
        // reads page data (that is its point), so it writes the tail and leaves every page byte
        // where it was; everything else must refuse to write.
        const tailOnly = place === 'last' && !c.atOpen;
        return { label, file, code: c.code, atOpen: c.atOpen, tailOnly, comicInfoAt: records(zip).get('ComicInfo.xml')!.local };
      }),
    ),
  ),
);

async function codeOf(work: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('HUNG'), HUNG_AFTER_MS)));
  const outcome = work().then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? `untyped: ${String(error)}`,
  );
  try {
    return await Promise.race([outcome, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const readTarget = (file: string) =>
  withZip(file, async (zip) => readEntryBytes(zip, zip.entries.find((e) => e.name === TARGET)!, 64 * 1024 * 1024, () => new Error('too large')));

describe('archives that lie about sizes and offsets', () => {
  it('the corpus covers stored and deflated entries with ComicInfo first, middle and last', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });

  it.each(corpus)('$label → $code, unchanged', async (c) => {
    const before = fs.readFileSync(c.file);
    expect(await codeOf(() => readTarget(c.file))).toBe(c.code);
    expect(await codeOf(() => readArchiveSummary(c.file))).toBe(c.atOpen ? c.code : 'OK');
    const written = await codeOf(() => writeComicInfo(c.file, comicInfoXml('new'), { journalDir }));
    if (c.tailOnly) {
      expect(written).toBe('OK');
      expect(fs.readFileSync(c.file).subarray(0, c.comicInfoAt).equals(before.subarray(0, c.comicInfoAt))).toBe(true);
      // The lie is still there for the next reader to refuse; nothing laundered it.
      expect(await codeOf(() => readTarget(c.file))).toBe(c.code);
    } else {
      expect(written).toBe(c.code);
      expect(sha256File(c.file)).toBe(sha256(before));
    }
    expect(fs.readdirSync(dir).filter((n) => n.includes('longbox-tmp'))).toEqual([]);
  });
});
