/**
 * What the benchmarks share: realistic archives (incompressible stored pages, ComicInfo.xml
 * last) and the baseline every Longbox figure is a ratio against — ComicTagger's comicapi
 * full rebuild.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { isComicInfoName } from '../../src-main/core/archive/entry-names.ts';

/** `--name value` from the command line, or the fallback. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

export function xml(title: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n  <Title>${title}</Title>\n  <Series>Bench Series</Series>\n  <Number>1</Number>\n  <Summary>${'A summary line. '.repeat(40)}</Summary>\n</ComicInfo>\n`;
}

export async function makeArchive(file: string, pageCount: number, pageSize: number, pool: Buffer): Promise<void> {
  const zip = new yazl.ZipFile();
  for (let i = 0; i < pageCount; i++) {
    // Distinct, incompressible pages from a random pool (cheaper than fresh random bytes).
    const start = (i * 7919 + file.length * 104729) % (pool.length - pageSize);
    zip.addBuffer(pool.subarray(start, start + pageSize), `page-${String(i).padStart(3, '0')}.jpg`, { compress: false });
  }
  zip.addBuffer(Buffer.from(xml('original')), 'ComicInfo.xml');
  zip.end();
  const out = fs.createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, 'close');
  // A library's files are on disk long before we tag them: flush now so that fsyncs during
  // the timed runs pay for the write being measured, not for the generator's dirty pages.
  fsyncPath(file);
}

export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/**
 * comicapi's algorithm (ComicTagger's zip writer): read every entry, write a new zip with each
 * entry under its own compression method (stored pages stay stored, deflated ones are
 * recompressed), append the new ComicInfo.xml, replace the file. Like comicapi it does not
 * fsync: the baseline must not be charged for durability Longbox pays for and comicapi skips.
 */
export async function fullRebuild(file: string, newXml: string): Promise<void> {
  const temp = `${file}.rebuild-tmp`;
  const src = await yauzl.openPromise(file, { lazyEntries: true });
  const zip = new yazl.ZipFile();
  const out = fs.createWriteStream(temp);
  zip.outputStream.pipe(out);
  for await (const entry of src.eachEntry()) {
    if (isComicInfoName(entry.fileName)) continue;
    const compress = entry.compressionMethod !== 0;
    zip.addBuffer(await readAll(await src.openReadStreamPromise(entry)), entry.fileName, { compress });
  }
  src.close();
  zip.addBuffer(Buffer.from(newXml), 'ComicInfo.xml', { compress: true });
  zip.end();
  await once(out, 'close');
  fs.renameSync(temp, file);
}

