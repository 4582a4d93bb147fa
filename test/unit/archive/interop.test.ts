import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeComicInfo } from '../../../src-main/core/archive/write-comicinfo.ts';
import { comicInfoXml, pages, pythonStreamedZip, pythonZipCheck, streamingEntries, tempDir, unzipTest, writeZip } from '../../helpers/archives.ts';
import type { TestEntry } from '../../helpers/archives.ts';

/** Inputs from several writers: ours (descriptors, zip64), Python streaming, Info-ZIP. */
function inputs(dir: string): Array<{ label: string; file: string; expect: 'tail' | 'rebuild' }> {
  const old = { name: 'ComicInfo.xml', data: comicInfoXml('old'), method: 8 as const };
  const dd = (e: TestEntry): TestEntry => ({ ...e, descriptor: true });
  const out = [
    { label: 'plain, ComicInfo last', file: writeZip(path.join(dir, 'a.cbz'), [...pages(3), old]), expect: 'tail' as const },
    { label: 'no ComicInfo', file: writeZip(path.join(dir, 'b.cbz'), pages(3)), expect: 'tail' as const },
    { label: 'descriptors, ComicInfo last', file: writeZip(path.join(dir, 'c.cbz'), [...pages(3), old].map(dd)), expect: 'tail' as const },
    { label: 'descriptors, ComicInfo first', file: writeZip(path.join(dir, 'd.cbz'), [old, ...pages(3)].map(dd)), expect: 'rebuild' as const },
    { label: 'zip64, ComicInfo last', file: writeZip(path.join(dir, 'e.cbz'), [...pages(3), old], { zip64: true }), expect: 'tail' as const },
    { label: 'zip64 + descriptors, ComicInfo middle', file: writeZip(path.join(dir, 'f.cbz'), [...pages(2), old, ...pages(1)].map(dd), { zip64: true }), expect: 'rebuild' as const },
    { label: 'python streamed (descriptors), ComicInfo last', file: pythonStreamedZip(path.join(dir, 'g.cbz'), [{ name: 'p1.jpg', data: 'x'.repeat(5000) }, { name: 'ComicInfo.xml', data: comicInfoXml('old') }], true), expect: 'tail' as const },
    { label: 'python streamed, ComicInfo first', file: pythonStreamedZip(path.join(dir, 'h.cbz'), [{ name: 'ComicInfo.xml', data: comicInfoXml('old') }, { name: 'p1.jpg', data: 'y'.repeat(5000) }], false), expect: 'rebuild' as const },
  ];
  // Info-ZIP itself, with ComicInfo in the middle.
  const src = path.join(dir, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'a.jpg'), 'a'.repeat(3000));
  fs.writeFileSync(path.join(src, 'ComicInfo.xml'), comicInfoXml('old'));
  fs.writeFileSync(path.join(src, 'z.jpg'), 'z'.repeat(3000));
  const infozip = path.join(dir, 'i.cbz');
  const r = spawnSync('zip', ['-q', '-X', infozip, 'a.jpg', 'ComicInfo.xml', 'z.jpg'], { cwd: src });
  if (r.status === 0) out.push({ label: 'Info-ZIP, ComicInfo middle', file: infozip, expect: 'rebuild' });
  return out;
}

describe('interop of archives written by Longbox', () => {
  // Several external tools per archive: on a loaded 2-core machine that is minutes, not a hang.
  it('pass unzip -t, python testzip, and a streaming reader sees one, new, ComicInfo', { timeout: 600_000 }, async () => {
    const dir = tempDir('interop');
    for (const input of inputs(dir)) {
      const xml = comicInfoXml(`new for ${input.label}`);
      const result = await writeComicInfo(input.file, xml, { journalDir: path.join(dir, 'j') });
      expect(result.strategy, input.label).toBe(input.expect);
      const unzip = unzipTest(input.file);
      expect(unzip.ok, `${input.label}: ${unzip.output}`).toBe(true);
      expect(pythonZipCheck(input.file).comicInfo, input.label).toEqual([xml]);
      const streamed = streamingEntries(input.file).filter((e) => e.name.toLowerCase() === 'comicinfo.xml');
      expect(streamed.map((e) => e.data.toString('utf8')), input.label).toEqual([xml]);
    }
  });
});
