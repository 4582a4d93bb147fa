/**
 * Metadata-write benchmark (docs/behaviour.md §7): Longbox's ComicInfo writer vs a full rebuild the way
 * ComicTagger's comicapi does it (read every entry, write a new zip keeping each entry's
 * compression, append the new ComicInfo.xml, replace the file; no fsync), in one run on the
 * same files.
 *
 *   node bench/archive-write.ts [--count 100] [--dir /tmp]
 *
 * Generates `count` archives of ~24 MB and `count` of ~1 MB (incompressible pages, stored,
 * ComicInfo.xml last). Disk needed ≈ count × 25 MB (+ one file of temp space).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeComicInfo } from '../src-main/core/archive/write-comicinfo.ts';
import { arg, fullRebuild, makeArchive, xml } from './lib/bench-archives.ts';

const count = Number(arg('count', '100'));
const root = fs.mkdtempSync(path.join(arg('dir', os.tmpdir()), 'longbox-bench-'));
const journalDir = path.join(root, 'journal');

async function timeAll(files: string[], write: (file: string, i: number) => Promise<number | void>): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const start = performance.now();
  for (const [i, file] of files.entries()) bytes += (await write(file, i)) ?? 0;
  return { ms: performance.now() - start, bytes };
}

async function main(): Promise<void> {
  const free = fs.statfsSync(root);
  const needed = count * 26 * 1024 * 1024;
  if (free.bavail * free.bsize < needed * 1.2) {
    throw new Error(`not enough disk in ${root}: need ~${(needed / 2 ** 30).toFixed(1)} GiB; use --count or --dir`);
  }
  console.log(`generating ${count} × 24 MB and ${count} × 1 MB archives in ${root} …`);
  const pool = randomBytes(4 * 1024 * 1024);
  const big: string[] = [];
  const small: string[] = [];
  for (let i = 0; i < count; i++) {
    big.push(path.join(root, `big-${i}.cbz`));
    small.push(path.join(root, `small-${i}.cbz`));
    await makeArchive(big[i] as string, 24, 1024 * 1024, pool);
    await makeArchive(small[i] as string, 4, 256 * 1024, pool);
  }

  const longbox = (tag: string) => async (file: string, i: number) =>
    (await writeComicInfo(file, xml(`${tag} ${i}`), { journalDir })).bytesWritten;
  // Let the disk finish the generator's writeback before anything is timed.
  spawnSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  // Warm up (module loading, JIT) on a file outside the timed sets, then time 1 MB first so
  // any leftover generator writeback penalizes the 1 MB run, not the 24 MB one.
  const warm = path.join(root, 'warm-up.cbz');
  await makeArchive(warm, 2, 1024, pool);
  for (let i = 0; i < 3; i++) await longbox('warm')(warm, i);
  const lb1 = await timeAll(small, longbox('longbox'));
  const lb24 = await timeAll(big, longbox('longbox'));
  const base24 = await timeAll(big, (file, i) => fullRebuild(file, xml(`baseline ${i}`)));

  const perFile = (ms: number) => `${(ms / count).toFixed(2)} ms/file`;
  const xmlBytes = Buffer.byteLength(xml('longbox 0'));
  console.log(`Longbox, 24 MB archives:        ${lb24.ms.toFixed(0)} ms total, ${perFile(lb24.ms)}`);
  console.log(`Longbox, 1 MB archives:         ${lb1.ms.toFixed(0)} ms total, ${perFile(lb1.ms)}`);
  console.log(`comicapi rebuild, 24 MB:        ${base24.ms.toFixed(0)} ms total, ${perFile(base24.ms)}`);
  console.log(`speed-up vs full rebuild:       ${(base24.ms / lb24.ms).toFixed(1)}×   (target ≥ 40×)`);
  console.log(`Longbox 24 MB / 1 MB time:      ${(lb24.ms / lb1.ms).toFixed(2)}    (target ≤ 1.5)`);
  console.log(`bytes written per file:         ${(lb24.bytes / count).toFixed(0)} B incl. journal (XML ${xmlBytes} B; target ≤ 65536 + XML)`);
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  fs.rmSync(root, { recursive: true, force: true });
  console.error(error);
  process.exitCode = 1;
});
