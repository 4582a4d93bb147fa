import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readArchiveSummary, readCover } from '../../../src-main/core/archive/inspect-archive.ts';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { buildRar, buildZip, comicInfoXml, errorCodeOf, page, pages, sha256File, tempDir } from '../../helpers/archives.ts';
import type { TestEntry } from '../../helpers/archives.ts';

const dir = tempDir('hostile');
const journalDir = path.join(dir, 'journal');

const good = (): TestEntry[] => [...pages(3, 1000), { name: 'ComicInfo.xml', data: comicInfoXml('ok'), method: 8 }];
const base = buildZip(good());
const cdOffset = base.readUInt32LE(base.length - 6);
const withComicInfo = (data: Buffer | string, extra: Partial<TestEntry> = {}) =>
  buildZip([...pages(3, 1000), { name: 'ComicInfo.xml', data, method: 8, ...extra }]);
const bomb = Buffer.alloc(20 * 1024 * 1024, 0x20);

interface Case {
  name: string;
  file: string;
  read: string;
  write: string;
  /** Reading that touches the damaged part (default: the summary). */
  reader?: (p: string) => Promise<unknown>;
}

function file(name: string, data: Buffer | null): string {
  const p = path.join(dir, name);
  if (data) fs.writeFileSync(p, data);
  return p;
}

const multiDisk = Buffer.from(base);
multiDisk.writeUInt16LE(1, multiDisk.length - 22 + 4);

const cases: Case[] = [
  { name: 'truncated inside a local header', file: file('t1.cbz', base.subarray(0, 12)), read: 'ARCHIVE_TRUNCATED', write: 'ARCHIVE_TRUNCATED' },
  { name: 'truncated inside entry data', file: file('t2.cbz', base.subarray(0, 1500)), read: 'ARCHIVE_TRUNCATED', write: 'ARCHIVE_TRUNCATED' },
  { name: 'truncated inside the central directory', file: file('t3.cbz', base.subarray(0, cdOffset + 20)), read: 'ARCHIVE_TRUNCATED', write: 'ARCHIVE_TRUNCATED' },
  { name: 'truncated inside the end record', file: file('t4.cbz', base.subarray(0, base.length - 9)), read: 'ARCHIVE_TRUNCATED', write: 'ARCHIVE_TRUNCATED' },
  { name: 'bad CRC on ComicInfo', file: file('crc1.cbz', withComicInfo(comicInfoXml('x'), { crc: 1234 })), read: 'ARCHIVE_CRC_MISMATCH', write: 'ARCHIVE_CRC_MISMATCH' },
  {
    name: 'bad CRC on a page (rebuild path)',
    file: file('crc2.cbz', buildZip([{ name: 'ComicInfo.xml', data: comicInfoXml('x') }, { name: 'p1.jpg', data: page(500), crc: 99 }])),
    read: 'ARCHIVE_CRC_MISMATCH',
    write: 'ARCHIVE_CRC_MISMATCH',
    reader: readCover,
  },
  { name: 'wrong magic', file: file('magic.cbz', Buffer.from('GIF89a not a zip at all, just bytes')), read: 'ARCHIVE_BAD_MAGIC', write: 'ARCHIVE_BAD_MAGIC' },
  { name: 'encrypted entry', file: file('enc.cbz', buildZip([...pages(1), { name: 'p2.jpg', data: page(100), encrypted: true }])), read: 'ARCHIVE_ENCRYPTED', write: 'ARCHIVE_ENCRYPTED' },
  { name: 'multi-disk', file: file('disk.cbz', multiDisk), read: 'ARCHIVE_UNSUPPORTED', write: 'ARCHIVE_UNSUPPORTED' },
  { name: 'zip bomb ComicInfo (honest size)', file: file('bomb1.cbz', withComicInfo(bomb)), read: 'COMICINFO_TOO_LARGE', write: 'COMICINFO_TOO_LARGE' },
  { name: 'zip bomb ComicInfo (lying size)', file: file('bomb2.cbz', withComicInfo(bomb, { declaredSize: 100 })), read: 'ARCHIVE_CORRUPT', write: 'ARCHIVE_CORRUPT' },
  { name: '../evil entry', file: file('dotdot.cbz', buildZip([...pages(1), { name: '../evil.jpg', data: 'x' }])), read: 'ARCHIVE_UNSAFE_PATH', write: 'ARCHIVE_UNSAFE_PATH' },
  { name: 'absolute entry', file: file('abs.cbz', buildZip([...pages(1), { name: '/etc/x', data: 'x' }])), read: 'ARCHIVE_UNSAFE_PATH', write: 'ARCHIVE_UNSAFE_PATH' },
  {
    name: 'billion laughs ComicInfo',
    file: file('dtd.cbz', withComicInfo('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ComicInfo><Title>&b;</Title></ComicInfo>')),
    read: 'COMICINFO_FORBIDDEN_DTD',
    write: 'COMICINFO_FORBIDDEN_DTD',
  },
  { name: '10 MB ComicInfo', file: file('big.cbz', withComicInfo(`<ComicInfo><Summary>${'s'.repeat(10 * 1024 * 1024)}</Summary></ComicInfo>`)), read: 'COMICINFO_TOO_LARGE', write: 'COMICINFO_TOO_LARGE' },
  {
    name: 'invalid UTF-8 ComicInfo',
    file: file('utf8.cbz', withComicInfo(Buffer.concat([Buffer.from('<ComicInfo><Title>'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('</Title></ComicInfo>')]))),
    read: 'COMICINFO_BAD_ENCODING',
    write: 'COMICINFO_BAD_ENCODING',
  },
  { name: 'malformed ComicInfo', file: file('xml.cbz', withComicInfo('<ComicInfo><Title>x</Series></ComicInfo>')), read: 'COMICINFO_INVALID_XML', write: 'COMICINFO_INVALID_XML' },
  { name: 'empty file', file: file('empty.cbz', Buffer.alloc(0)), read: 'ARCHIVE_EMPTY', write: 'ARCHIVE_EMPTY' },
  { name: 'missing file', file: file('missing.cbz', null), read: 'ARCHIVE_NOT_FOUND', write: 'ARCHIVE_NOT_FOUND' },
  // Format is sniffed from content: a RAR named .cbz reads as CBR and is read-only.
  { name: 'RAR renamed .cbz', file: file('rar.cbz', buildRar([{ name: 'p1.jpg', data: page(100) }])), read: 'OK', write: 'CBR_READ_ONLY' },
];

const directory = path.join(dir, 'folder.cbz');
fs.mkdirSync(directory);
cases.push({ name: 'a directory named x.cbz', file: directory, read: 'ARCHIVE_NOT_A_FILE', write: 'ARCHIVE_NOT_A_FILE' });

const hash = (p: string) => (fs.existsSync(p) && fs.statSync(p).isFile() ? sha256File(p) : 'none');

describe('hostile input', () => {
  it.each(cases)('$name → read $read, write $write, file unchanged', async (c) => {
    const before = hash(c.file);
    expect(await errorCodeOf((c.reader ?? readArchiveSummary)(c.file))).toBe(c.read);
    expect(await errorCodeOf(writeComicInfo(c.file, comicInfoXml('new'), { journalDir }))).toBe(c.write);
    expect(hash(c.file)).toBe(before);
    expect(fs.readdirSync(dir).filter((n) => n.includes('longbox-tmp'))).toEqual([]);
  });

  it('a zip renamed .cbr is read and written as the zip it is', async () => {
    const p = file('zip.cbr', base);
    expect(await readArchiveSummary(p)).toMatchObject({ format: 'cbz', extensionMismatch: true, pageCount: 3 });
    expect((await writeComicInfo(p, comicInfoXml('new'), { journalDir })).strategy).toBe('tail');
    expect((await readArchiveSummary(p)).comicInfoXml).toBe(comicInfoXml('new'));
  });

  it('the bomb really is small on disk', () => {
    expect(zlib.deflateRawSync(bomb).length).toBeLessThan(64 * 1024);
  });
});
