import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArchiveSummary, readCover } from '../../../src-main/core/archive/inspect-archive.ts';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { convertCbrToCbz } from '../../../src-main/core/archive/cbr-converter.ts';
import { decodeSlot } from '../../../src-main/core/archive/write-journal.ts';
import { buildRar, comicInfoXml, errorCodeOf, page, pages, pythonZipCheck, sha256File, tempDir, writeZip } from '../../helpers/archives.ts';

describe('reading', () => {
  it('counts pages in natural order, finds ComicInfo in any case, reads the cover', async () => {
    const dir = tempDir('read');
    const file = writeZip(path.join(dir, 'a.cbz'), [
      { name: 'p10.png', data: page(100, 10) },
      { name: 'p2.jpg', data: page(100, 2), method: 8 },
      { name: 'notes.txt', data: 'x' },
      { name: '__MACOSX/._p2.jpg', data: 'junk' },
      { name: 'COMICINFO.xml', data: comicInfoXml('Hi') },
    ]);
    const s = await readArchiveSummary(file);
    expect(s).toMatchObject({ format: 'cbz', pageCount: 2, entries: 5, comicInfoEntryName: 'COMICINFO.xml' });
    expect(s.comicInfoXml).toContain('<Title>Hi</Title>');
    const cover = await readCover(file);
    expect(cover).toMatchObject({ mime: 'image/jpeg', entryName: 'p2.jpg' });
    expect(cover.bytes.equals(page(100, 2))).toBe(true);
  });

  it('reads a CBR (hand-written RAR 4) and its ComicInfo, cover and page count', async () => {
    const dir = tempDir('cbr');
    const file = path.join(dir, 'a.cbr');
    fs.writeFileSync(file, buildRar([{ name: 'b\\p2.jpg', data: page(50, 2) }, { name: 'b\\p10.jpg', data: page(50, 10) }, { name: 'ComicInfo.xml', data: comicInfoXml('Rar') }]));
    const s = await readArchiveSummary(file);
    expect(s).toMatchObject({ format: 'cbr', pageCount: 2, entries: 3, comicInfoEntryName: 'ComicInfo.xml' });
    expect(s.comicInfoXml).toContain('<Title>Rar</Title>');
    const cover = await readCover(file);
    expect(cover.entryName).toBe('b/p2.jpg');
    expect(cover.bytes.equals(page(50, 2))).toBe(true);
  });
});

describe('writeComicInfo', () => {
  it('takes the tail path when ComicInfo is absent or last, keeps the comment, writes little', async () => {
    const dir = tempDir('tail');
    const journalDir = path.join(dir, 'journal');
    const file = writeZip(path.join(dir, 'a.cbz'), pages(20, 50_000), { comment: '{"ComicBookInfo/1.0":{}}' });
    const prefix = fs.readFileSync(file).subarray(0, 20 * 50_000);
    const r1 = await writeComicInfo(file, comicInfoXml('one'), { journalDir });
    expect(r1.strategy).toBe('tail');
    const r2 = await writeComicInfo(file, comicInfoXml('two'), { journalDir });
    expect(r2.strategy).toBe('tail');
    expect(r2.bytesWritten).toBeLessThan(64 * 1024);
    // No byte of any page moved or changed.
    expect(fs.readFileSync(file).subarray(0, prefix.length).equals(prefix)).toBe(true);
    const py = pythonZipCheck(file);
    expect(py.comicInfo).toEqual([comicInfoXml('two')]);
    expect(fs.readFileSync(file).subarray(-24).toString()).toBe('{"ComicBookInfo/1.0":{}}');
    // What remains is this thread's one journal slot, reused by both writes and holding nothing.
    const slots = fs.readdirSync(journalDir);
    expect(slots).toHaveLength(1);
    expect(decodeSlot(fs.readFileSync(path.join(journalDir, slots[0]!))).kind).toBe('empty');
  });

  it('rebuilds when ComicInfo is in the middle, removing every case variant, then goes fast', async () => {
    const dir = tempDir('mid');
    const journalDir = path.join(dir, 'journal');
    const file = writeZip(path.join(dir, 'a.cbz'), [
      { name: 'comicinfo.xml', data: comicInfoXml('lower') },
      ...pages(3),
      { name: 'ComicInfo.XML', data: comicInfoXml('upper') },
    ]);
    expect((await readArchiveSummary(file)).comicInfoVariants).toHaveLength(2);
    const r = await writeComicInfo(file, comicInfoXml('new'), { journalDir });
    expect(r.strategy).toBe('rebuild');
    expect(pythonZipCheck(file).names).toEqual(['p001.jpg', 'p002.jpg', 'p003.jpg', 'ComicInfo.xml']);
    expect((await writeComicInfo(file, comicInfoXml('again'), { journalDir })).strategy).toBe('tail');
    expect(fs.readdirSync(dir).sort()).toEqual(['a.cbz', 'journal']);
  });

  it('detaches a hard-linked file (rebuild) and leaves the other link untouched', async () => {
    const dir = tempDir('nlink');
    const file = writeZip(path.join(dir, 'a.cbz'), [...pages(2), { name: 'ComicInfo.xml', data: comicInfoXml('old') }]);
    const seed = path.join(dir, 'seeding.cbz');
    fs.linkSync(file, seed);
    const before = sha256File(seed);
    const r = await writeComicInfo(file, comicInfoXml('new'), { journalDir: path.join(dir, 'j') });
    expect(r.strategy).toBe('rebuild');
    expect(sha256File(seed)).toBe(before);
    expect(pythonZipCheck(file).comicInfo).toEqual([comicInfoXml('new')]);
  });

  it('handles data-descriptor and zip64 inputs on both paths', async () => {
    const dir = tempDir('dd64');
    const journalDir = path.join(dir, 'j');
    for (const zip64 of [false, true]) {
      for (const middle of [false, true]) {
        const ci = { name: 'ComicInfo.xml', data: comicInfoXml('old'), method: 8 as const, descriptor: true };
        const body = pages(3).map((p, i) => ({ ...p, descriptor: true, method: (i % 2 ? 8 : 0) as 0 | 8 }));
        const file = writeZip(path.join(dir, `a-${zip64}-${middle}.cbz`), middle ? [ci, ...body] : [...body, ci], { zip64 });
        const r = await writeComicInfo(file, comicInfoXml('new'), { journalDir });
        expect(r.strategy).toBe(middle ? 'rebuild' : 'tail');
        const py = pythonZipCheck(file);
        expect(py.comicInfo).toEqual([comicInfoXml('new')]);
        expect((await readArchiveSummary(file)).pageCount).toBe(3);
      }
    }
  });

  it('refuses with ARCHIVE_CHANGED when the file changed since it was read', async () => {
    const dir = tempDir('changed');
    const file = writeZip(path.join(dir, 'a.cbz'), pages(2));
    const seen = await readArchiveSummary(file);
    fs.appendFileSync(file, '');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const before = sha256File(file);
    expect(await errorCodeOf(writeComicInfo(file, comicInfoXml('x'), { journalDir: path.join(dir, 'j'), expected: seen }))).toBe('ARCHIVE_CHANGED');
    expect(sha256File(file)).toBe(before);
  });

  it('refuses to write a CBR and refuses invalid XML, changing nothing', async () => {
    const dir = tempDir('ro');
    const rar = path.join(dir, 'a.cbr');
    fs.writeFileSync(rar, buildRar([{ name: 'p1.jpg', data: page(10) }]));
    const before = sha256File(rar);
    expect(await errorCodeOf(writeComicInfo(rar, comicInfoXml('x'), { journalDir: path.join(dir, 'j') }))).toBe('CBR_READ_ONLY');
    expect(sha256File(rar)).toBe(before);
    const zip = writeZip(path.join(dir, 'b.cbz'), pages(1));
    const zipBefore = sha256File(zip);
    expect(await errorCodeOf(writeComicInfo(zip, '<ComicInfo><Title>&</Title></ComicInfo>', { journalDir: path.join(dir, 'j') }))).toBe('COMICINFO_INVALID_XML');
    expect(sha256File(zip)).toBe(zipBefore);
  });
});

describe('CBR → CBZ', () => {
  it('converts with stored pages, verifies, trashes the original; never overwrites', async () => {
    const dir = tempDir('convert');
    const rar = path.join(dir, 'Book 01.cbr');
    const files = [{ name: 'p1.jpg', data: page(300, 1) }, { name: 'sub\\p2.jpg', data: page(300, 2) }, { name: 'ComicInfo.xml', data: comicInfoXml('old') }];
    fs.writeFileSync(rar, buildRar(files));
    const trashed: string[] = [];
    const trash = async (p: string) => {
      trashed.push(p);
      fs.unlinkSync(p);
    };
    const r = await convertCbrToCbz(rar, { trash }, comicInfoXml('converted'));
    expect(r).toMatchObject({ cbzPath: path.join(dir, 'Book 01.cbz'), pages: 2 });
    expect(trashed).toEqual([rar]);
    const py = pythonZipCheck(r.cbzPath);
    expect(py.names).toEqual(['p1.jpg', 'sub/p2.jpg', 'ComicInfo.xml']);
    expect(py.comicInfo).toEqual([comicInfoXml('converted')]);
    expect(fs.readdirSync(dir)).toEqual(['Book 01.cbz']);

    fs.writeFileSync(rar, buildRar(files));
    const existing = sha256File(r.cbzPath);
    expect(await errorCodeOf(convertCbrToCbz(rar, { trash }))).toBe('TARGET_EXISTS');
    expect(sha256File(r.cbzPath)).toBe(existing);
    expect(fs.readdirSync(dir).sort()).toEqual(['Book 01.cbr', 'Book 01.cbz']);
  });
});
