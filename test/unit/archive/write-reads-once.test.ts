/**
 * The writer reads the archive's old ComicInfo.xml once (archive/write-comicinfo.ts): that one
 * read is checked, handed to `beforeWrite` for a job's undo record, and parsed again only unless
 * it decodes to exactly the text the caller says it already parsed (`parsedComicInfo`).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { OriginalComicInfo } from '../../../src-main/core/archive/original-comicinfo.ts';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { getValues } from '../../../src-main/core/comicinfo/comicinfo-values.ts';
import { buildZip, comicInfoXml, errorCodeOf, pages, sha256File, tempDir, yauzlCrcCheck } from '../../helpers/archives.ts';
import type { TestEntry } from '../../helpers/archives.ts';

const dir = tempDir('write-once');
const journalDir = path.join(dir, 'journal');
const DTD = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><ComicInfo><Title>&a;</Title></ComicInfo>';

function archive(name: string, entries: TestEntry[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, buildZip(entries));
  return file;
}

describe("the writer's one read of the old ComicInfo.xml", () => {
  it('refuses a hostile one, file unchanged, when the caller parsed a different text', async () => {
    const file = archive('dtd.cbz', [...pages(2, 1000), { name: 'ComicInfo.xml', data: DTD, method: 8 }]);
    const before = sha256File(file);
    const parsedComicInfo = comicInfoXml('what the caller read earlier');
    expect(await errorCodeOf(writeComicInfo(file, comicInfoXml('new'), { journalDir, parsedComicInfo }))).toBe('COMICINFO_FORBIDDEN_DTD');
    expect(sha256File(file)).toBe(before);
  });

  it.each([
    { place: 'last (tail write)', at: 2 },
    { place: 'in the middle (rebuild)', at: 1 },
  ])('hands beforeWrite the entry as stored when ComicInfo.xml is $place', async ({ place, at }) => {
    const old = comicInfoXml(`old ${place}`);
    const entries: TestEntry[] = pages(2, 1000);
    entries.splice(at, 0, { name: 'ComicInfo.xml', data: old, method: 8 });
    const file = archive(`handed-${at}.cbz`, entries);
    const independent = await yauzlCrcCheck(file);
    let handed: OriginalComicInfo | null | undefined;
    const result = await writeComicInfo(file, comicInfoXml('new'), {
      journalDir,
      parsedComicInfo: old,
      beforeWrite: async (_zip, comicInfo) => {
        handed = comicInfo;
      },
    });
    expect(handed?.index).toBe(at);
    expect(handed?.xml.toString('utf8')).toBe(independent.get('ComicInfo.xml')!.toString('utf8'));
    // The bytes as stored (deflated), for an undo that puts this very entry back.
    expect(handed?.entry.fields.method).toBe(8);
    expect(zlib.inflateRawSync(handed!.entry.data).toString('utf8')).toBe(old);
    expect(handed?.entry.fields.crc32).toBe(zlib.crc32(Buffer.from(old)));
    // The document returned is the one written, read back by an independent reader.
    const written = (await yauzlCrcCheck(file)).get('ComicInfo.xml')!.toString('utf8');
    expect(written).toBe(comicInfoXml('new'));
    expect(getValues(result.document).Title).toBe('new');
  });

  it('hands beforeWrite null for an archive without ComicInfo.xml', async () => {
    const file = archive('none.cbz', pages(2, 1000));
    let handed: OriginalComicInfo | null | undefined;
    await writeComicInfo(file, comicInfoXml('new'), {
      journalDir,
      parsedComicInfo: null,
      beforeWrite: async (_zip, comicInfo) => {
        handed = comicInfo;
      },
    });
    expect(handed).toBeNull();
    expect((await yauzlCrcCheck(file)).get('ComicInfo.xml')!.toString('utf8')).toBe(comicInfoXml('new'));
  });
});
