/**
 * A library of many tiny archives (a few small pages, ComicInfo.xml last), in series folders of
 * 250 files, for the scan tests and the scan and per-file job benchmarks. Written from a handful
 * of prebuilt zip images, so generating 100k files costs little more than writing them. File i
 * is image `i % TINY_VARIANTS`: its metadata is `tinyMetadata(variant)`.
 */
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';

const PER_FOLDER = 250;
export const TINY_VARIANTS = 8;

/** What the index must show for an archive written from image `variant`. */
export function tinyMetadata(variant: number) {
  return { series: `Bench Series ${variant}`, number: String(variant + 1), pageCount: 3, title: 'Old title', year: 2001, publisher: 'Bench' };
}

export async function tinyArchive(variant: number): Promise<Buffer> {
  const { series, number } = tinyMetadata(variant);
  return zipImage(series, Number(number));
}

async function zipImage(series: string, number: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (let i = 0; i < 3; i++) zip.addBuffer(Buffer.alloc(200, i + number), `page-${i}.jpg`, { compress: false });
  const info = `<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo>\n  <Series>${series}</Series>\n  <Number>${number}</Number>\n  <Title>Old title</Title>\n  <Year>2001</Year>\n  <Publisher>Bench</Publisher>\n</ComicInfo>\n`;
  zip.addBuffer(Buffer.from(info), 'ComicInfo.xml');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Writes `count` archives under `root` (created); returns their paths. */
export async function writeTinyLibrary(root: string, count: number): Promise<string[]> {
  const images = await Promise.all(Array.from({ length: TINY_VARIANTS }, (_, i) => tinyArchive(i)));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const folder = path.join(root, `Series ${String(Math.floor(i / PER_FOLDER)).padStart(4, '0')}`);
    if (i % PER_FOLDER === 0) fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `Series ch${String(i % PER_FOLDER).padStart(3, '0')}.cbz`);
    fs.writeFileSync(file, images[i % images.length]!);
    files.push(file);
  }
  return files;
}
