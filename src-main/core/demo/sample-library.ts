import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import yazl from 'yazl';
import { makePng } from './png.ts';

export interface SampleFile {
  /** Path relative to the library folder, `/`-separated. */
  relPath: string;
  pages: number;
  comicInfo?: string;
}

const comicInfo = (fields: Record<string, string>, extra = '') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n${Object.entries(
    fields,
  )
    .map(([k, v]) => `  <${k}>${v}</${k}>`)
    .join('\n')}${extra}\n</ComicInfo>\n`;

/**
 * The shapes real libraries come in: series folders (one with `_` standing for `:`), manga
 * chapter styles (`c001`, `Ch.`, `第N话`, `N화`), comic issue styles (`#`, `(of N)`, years,
 * scanlation groups), numbers inside series names, upper-case extensions, files at the root,
 * and some archives that already carry a ComicInfo.xml (with extra elements to preserve).
 */
export const SAMPLE_FILES: SampleFile[] = [
  { relPath: 'One Piece/One Piece - Chapter 1001.cbz', pages: 3 },
  { relPath: 'One Piece/One Piece - Chapter 1002.cbz', pages: 3 },
  { relPath: 'One Piece/One Piece Ch.1003.5 [TCB Scans].cbz', pages: 2 },
  { relPath: 'Chainsaw Man/Chainsaw Man v01 c001.cbz', pages: 3 },
  { relPath: 'Chainsaw Man/Chainsaw Man v01 c002.CBZ', pages: 2 },
  {
    relPath: 'Chainsaw Man/Chainsaw Man v01 c003.cbz',
    pages: 2,
    comicInfo: comicInfo(
      { Title: 'Meowy&apos;s Whereabouts', Series: 'Chainsaw Man', Number: '003', Volume: '1', Manga: 'YesAndRightToLeft' },
      '\n  <Pages>\n    <Page Image="0" Type="FrontCover" />\n  </Pages>',
    ),
  },
  { relPath: 'Batman_ Year One/Batman - Year One 001 (1987) (Digital).cbz', pages: 3 },
  { relPath: 'Batman_ Year One/Batman - Year One 002 (of 4) (1987).cbz', pages: 2 },
  {
    relPath: 'Batman_ Year One/Batman - Year One 003 (1987).cbz',
    pages: 2,
    comicInfo: comicInfo({ Series: 'Batman: Year One', Number: '3', Year: '1987', Publisher: 'DC Comics', Writer: 'Frank Miller' }),
  },
  { relPath: 'Fairy Tail 100 Years Quest/Fairy Tail 100 Years Quest 5.cbz', pages: 2 },
  { relPath: 'Fairy Tail 100 Years Quest/Fairy Tail 100 Years Quest 6.cbz', pages: 2 },
  { relPath: 'X-Men 97/X-Men 97 014.cbz', pages: 2 },
  { relPath: 'Solo Leveling/나 혼자만 레벨업 12화.cbz', pages: 2 },
  { relPath: 'Solo Leveling/나 혼자만 레벨업 13화.cbz', pages: 2 },
  { relPath: 'The Apothecary Diaries/药屋少女的呢喃 第21话.cbz', pages: 2 },
  { relPath: 'Saga/Saga #054 (2018) (Digital) (Zone-Empire).cbz', pages: 3 },
  {
    relPath: 'Saga/Saga #055 (2018).cbz',
    pages: 2,
    comicInfo: comicInfo(
      { Title: 'Chapter Fifty-Five', Series: 'Saga', Number: '55', Year: '2018', Publisher: 'Image' },
      '\n  <ty:Tracker xmlns:ty="https://example.org/tracker">mu-1234</ty:Tracker>',
    ),
  },
  { relPath: 'Oneshot - The Last Page (2020).cbz', pages: 2 },
  { relPath: 'Loose Chapter 7.cbz', pages: 2 },
  { relPath: 'Berserk/Volumes/Berserk v02.cbz', pages: 2 },
];

/** Writes the sample library under `dir` and returns the absolute paths written. */
export async function generateSampleLibrary(dir: string, files: SampleFile[] = SAMPLE_FILES): Promise<string[]> {
  const written: string[] = [];
  let hue = 0;
  for (const file of files) {
    const target = join(dir, ...file.relPath.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, await buildCbz(file, hue++));
    written.push(target);
  }
  return written;
}

/** One CBZ in memory: stored PNG pages, then (optionally) ComicInfo.xml last as taggers write it. */
export function buildCbz(file: Pick<SampleFile, 'pages' | 'comicInfo'>, hue = 0): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2024, 0, 1));
  for (let page = 1; page <= file.pages; page++) {
    zip.addBuffer(makePng(48, 72, hue + page), `${String(page).padStart(3, '0')}.png`, { compress: false, mtime });
  }
  if (file.comicInfo) zip.addBuffer(Buffer.from(file.comicInfo, 'utf8'), 'ComicInfo.xml', { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
