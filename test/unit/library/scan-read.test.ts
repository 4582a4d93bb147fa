/**
 * The scan's fast read (one synchronous tail read, `archive/zip-tail-summary.ts`) must give the
 * index exactly what the full reader gives — the same metadata, or the same error code — for
 * plain archives, for every shape it hands over to the full reader, and for hostile ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZipTailSummary } from '../../../src-main/core/archive/zip-tail-summary.ts';
import { generateSampleLibrary } from '../../../src-main/core/demo/sample-library.ts';
import { resultsOf, type BatchResult } from '../../../src-main/core/library/read-batch.ts';
import { fileErrorInfo, readFileMetadata, readFileMetadataFast, readMetadataBatch } from '../../../src-main/core/operations/read-file-metadata.ts';
import { buildRar, buildZip, comicInfoXml, page, pages, tempDir, type TestEntry } from '../../helpers/archives.ts';

const dir = tempDir('scan-read');
const info = (title: string, method: 0 | 8 = 8): TestEntry => ({ name: 'ComicInfo.xml', data: comicInfoXml(title), method });
const bigXml = `<ComicInfo><Series>Big</Series><Number>3</Number><Summary>${'word '.repeat(8000)}</Summary></ComicInfo>`;
const baseZip = buildZip([...pages(3, 1000), info('ok')]);
const multiDisk = Buffer.from(baseZip);
multiDisk.writeUInt16LE(1, multiDisk.length - 22 + 4);

/** Shapes the fast path reads itself, and shapes it must hand over. */
const SHAPES: Record<string, Buffer> = {
  'ComicInfo last, deflated': baseZip,
  'ComicInfo last, stored': buildZip([...pages(3, 1000), info('stored', 0)]),
  'ComicInfo first': buildZip([info('first'), ...pages(3, 1000)]),
  'ComicInfo in the middle, pages large (second read)': buildZip([...pages(2, 20_000), info('middle'), ...pages(2, 20_000)]),
  'large ComicInfo before a long directory': buildZip([...pages(400, 10), { name: 'ComicInfo.xml', data: bigXml, method: 0 }]),
  'no ComicInfo': buildZip(pages(4, 500)),
  'lower-case comicinfo.xml': buildZip([...pages(2, 500), { name: 'comicinfo.xml', data: comicInfoXml('lower'), method: 8 }]),
  'both spellings: the exact one wins': buildZip([
    { name: 'comicinfo.XML', data: comicInfoXml('lower'), method: 8 },
    ...pages(2, 500),
    info('exact'),
  ]),
  'data descriptors': buildZip([...pages(2, 500).map((p) => ({ ...p, descriptor: true })), { ...info('dd'), descriptor: true }]),
  'archive comment': buildZip([...pages(2, 500), info('comment')], { comment: '{"ComicBookInfo/1.0":{}}' }),
  zip64: buildZip([...pages(2, 500), info('z64')], { zip64: true }),
  'UTF-8 names': buildZip([{ name: 'ページ01.jpg', data: page(300) }, info('utf8')]),
  'pages in folders and junk': buildZip([
    { name: 'Chapter 1/', data: '' },
    { name: 'Chapter 1/p1.png', data: page(300) },
    { name: '__MACOSX/._p1.png', data: 'x' },
    { name: 'notes.txt', data: 'x' },
    info('folders'),
  ]),
  // Hostile: the fast path hands these to the full reader, whose error codes stand.
  'bad CRC on ComicInfo': buildZip([...pages(3, 1000), { ...info('x'), crc: 1234 }]),
  'encrypted entry': buildZip([...pages(1), { name: 'p2.jpg', data: page(100), encrypted: true }]),
  'multi-disk': multiDisk,
  '../ entry': buildZip([...pages(1), { name: '../evil.jpg', data: 'x' }]),
  'absolute entry': buildZip([...pages(1), { name: '/etc/x', data: 'x' }]),
  'zip bomb ComicInfo (honest size)': buildZip([...pages(1), { name: 'ComicInfo.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20), method: 8 }]),
  'zip bomb ComicInfo (lying size)': buildZip([...pages(1), { name: 'ComicInfo.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20), method: 8, declaredSize: 100 }]),
  'DTD in ComicInfo': buildZip([
    ...pages(1),
    { name: 'ComicInfo.xml', data: '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><ComicInfo><Title>&a;</Title></ComicInfo>', method: 8 },
  ]),
  'invalid UTF-8 ComicInfo': buildZip([
    ...pages(1),
    { name: 'ComicInfo.xml', data: Buffer.concat([Buffer.from('<ComicInfo><Title>'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('</Title></ComicInfo>')]), method: 8 },
  ]),
  'malformed ComicInfo': buildZip([...pages(1), { name: 'ComicInfo.xml', data: '<ComicInfo><Title>x</Series></ComicInfo>', method: 8 }]),
  'truncated in the directory': baseZip.subarray(0, baseZip.readUInt32LE(baseZip.length - 6) + 20),
  'truncated in the end record': baseZip.subarray(0, baseZip.length - 9),
  'not a zip': Buffer.from('GIF89a not a zip at all, just bytes'),
  empty: Buffer.alloc(0),
  'RAR named .cbz': buildRar([{ name: 'p1.jpg', data: page(100) }]),
};

async function full(file: string): Promise<unknown> {
  return readFileMetadata(file).catch((error: unknown) => ({ code: fileErrorInfo(error, file).code }));
}
async function fast(file: string): Promise<unknown> {
  return readFileMetadataFast(file).catch((error: unknown) => ({ code: fileErrorInfo(error, file).code }));
}

describe('scan read: fast path = full reader', () => {
  it.each(Object.entries(SHAPES))('%s', async (name, bytes) => {
    const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')} 7.cbz`);
    fs.writeFileSync(file, bytes);
    const expected = await full(file);
    expect(await fast(file)).toEqual(expected);
    const [{ result: batched, stat }] = resultsOf(await readMetadataBatch([file])) as [BatchResult];
    expect('code' in (expected as object) ? { code: (batched as { code: string }).code } : batched).toEqual(expected);
    // The stat travels with the result, read or not: a first scan's rows take it.
    const s = fs.statSync(file);
    expect(stat).toEqual({ size: s.size, mtimeMs: s.mtimeMs, ino: `${s.dev}:${s.ino}` });
  });

  it('reads plain archives itself, in one tail read, and hands the rest over', () => {
    const plain = path.join(dir, 'plain.cbz');
    fs.writeFileSync(plain, SHAPES['ComicInfo last, deflated']!);
    expect(readZipTailSummary(plain)).toMatchObject({ pageCount: 3, comicInfo: Buffer.from(comicInfoXml('ok')) });
    const middle = path.join(dir, 'middle.cbz');
    fs.writeFileSync(middle, SHAPES['ComicInfo in the middle, pages large (second read)']!);
    expect(readZipTailSummary(middle)).toMatchObject({ pageCount: 4, comicInfo: Buffer.from(comicInfoXml('middle')) });
    for (const handedOver of ['zip64', 'multi-disk', 'encrypted entry', 'bad CRC on ComicInfo', 'not a zip']) {
      const file = path.join(dir, 'handed.cbz');
      fs.writeFileSync(file, SHAPES[handedOver]!);
      expect(readZipTailSummary(file), handedOver).toBeNull();
    }
  });

  it('the sample library reads the same both ways', async () => {
    const files = await generateSampleLibrary(path.join(dir, 'sample'));
    for (const file of files) expect(await fast(file), file).toEqual(await full(file));
  });

  it('a missing file is its error in a batch, not a thrown one', async () => {
    const [result] = resultsOf(await readMetadataBatch([path.join(dir, 'gone.cbz')]));
    expect(result).toMatchObject({ stat: null, result: { code: 'ARCHIVE_NOT_FOUND' } });
  });
});

describe('scan read: the one-pass field reader = the full parser', () => {
  const XMLS = [
    comicInfoXml('plain'),
    '<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <Series>A &amp; B</Series>\n  <Number> 12 </Number>\n  <Title/>\n  <Year>1999</Year>\n</ComicInfo>',
    '<ComicInfo><Series>First</Series><Series>Second</Series><Publisher>  </Publisher></ComicInfo>',
    '<ComicInfo><Series>Has <b>child</b></Series><Title>T</Title><Pages><Page Image="0" Type="FrontCover"/></Pages></ComicInfo>',
    '<ComicInfo><ty:Extra xmlns:ty="x">e</ty:Extra><Title lang=\'en\'>Quoted &quot;x&quot; &lt;y&gt; &apos;z&apos;</Title></ComicInfo>',
    '<ComicInfo><Unknown>u</Unknown><Summary>multi\nline\n  text</Summary></ComicInfo>',
    // Declined (null) → the full parser decides: entities, comments, CDATA, references, errors.
    '<ComicInfo><Title>caf&eacute;</Title></ComicInfo>',
    '<ComicInfo><!-- c --><Title>t</Title></ComicInfo>',
    '<ComicInfo><Title><![CDATA[x]]></Title></ComicInfo>',
    '<ComicInfo><Title>&#x41;</Title></ComicInfo>',
    '<ComicInfo><Title>x</Series></ComicInfo>',
    '<ComicInfo><Title>x</Title>',
    '<ComicInfo/><Other/>',
    '<NotComicInfo><Title>x</Title></NotComicInfo>',
    'text<ComicInfo/>',
    '<ComicInfo><Title a="1" a="2">x</Title></ComicInfo>',
  ];
  it.each(XMLS.map((x) => [x.slice(0, 60), x]))('%s', async (_label, xml) => {
    const { readIndexFields } = await import('../../../src-main/core/comicinfo/index-fields.ts');
    const { parseComicInfo } = await import('../../../src-main/core/comicinfo/comicinfo-document.ts');
    const { getValues } = await import('../../../src-main/core/comicinfo/comicinfo-values.ts');
    const fast = readIndexFields(xml);
    let full: unknown;
    try {
      full = getValues(parseComicInfo(xml));
    } catch (error) {
      full = { error: (error as { code: string }).code };
    }
    // Either it declines, or it agrees with the full parser (and the full parser accepts it).
    if (fast !== null) expect(fast).toEqual(full);
  });

  it('reads the common shapes itself', async () => {
    const { readIndexFields } = await import('../../../src-main/core/comicinfo/index-fields.ts');
    expect(readIndexFields(XMLS[1]!)).toEqual({ Series: 'A & B', Number: ' 12 ', Title: '', Year: '1999' });
    expect(readIndexFields(XMLS[3]!)).toEqual({ Title: 'T' });
    expect(readIndexFields(XMLS[6]!)).toBeNull();
    expect(readIndexFields(XMLS[10]!)).toBeNull();
  });
});
