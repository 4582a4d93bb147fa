/**
 * Whole-command benchmark (docs/behaviour.md §7, first row): `longbox run normalize --all` as a user runs it
 * — a fresh process, a first scan of the folder, a job over every file — against the comicapi
 * full rebuild of the same archives, in one run.
 *
 *   node bench/run-normalize.ts [--count 100] [--dir /tmp]
 *
 * Targets: ≥ 5× faster than the rebuild on 24 MB archives, and the 24 MB run within 1.5× of
 * the 1 MB run (cost independent of archive size). Disk needed ≈ count × 26 MB.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, fullRebuild, makeArchive, xml } from './lib/bench-archives.ts';

const count = Number(arg('count', '100'));
const root = fs.mkdtempSync(path.join(arg('dir', os.tmpdir()), 'longbox-bench-run-'));
const cli = fileURLToPath(new URL('../bin/longbox.js', import.meta.url));

async function library(name: string, pages: number, pageSize: number, pool: Buffer): Promise<string[]> {
  // A series folder, as real libraries have; normalize will set Title/Series on every file.
  const folder = path.join(root, name, 'Bench Series');
  fs.mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = path.join(folder, `Bench Series ch${String(i).padStart(3, '0')}.cbz`);
    await makeArchive(file, pages, pageSize, pool);
    files.push(file);
  }
  return files;
}

/** Wall time of the real CLI, start-up and first scan included. */
function timeRun(libraryDir: string): number {
  const dataDir = path.join(root, `data-${path.basename(libraryDir)}`);
  const start = performance.now();
  const run = spawnSync(process.execPath, [cli, 'run', 'normalize', '--all', '--library', libraryDir, '--data-dir', dataDir, '--json'], {
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  const result = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.type === 'result');
  if (run.status !== 0 || !result || result.succeeded !== count) {
    throw new Error(`longbox run failed (${run.status}): ${JSON.stringify(result)} ${run.stderr}`);
  }
  return ms;
}

async function main(): Promise<void> {
  const free = fs.statfsSync(root);
  if (free.bavail * free.bsize < count * 26 * 1024 * 1024 * 1.2) throw new Error(`not enough disk in ${root}; use --count or --dir`);
  console.log(`generating ${count} × 24 MB and ${count} × 1 MB archives in ${root} …`);
  const pool = randomBytes(4 * 1024 * 1024);
  const big = await library('big', 24, 1024 * 1024, pool);
  await library('small', 4, 256 * 1024, pool);
  spawnSync('sync');

  const small = timeRun(path.join(root, 'small'));
  const large = timeRun(path.join(root, 'big'));
  const start = performance.now();
  for (const [i, file] of big.entries()) await fullRebuild(file, xml(`baseline ${i}`));
  const baseline = performance.now() - start;

  console.log(`longbox run normalize, 24 MB:   ${large.toFixed(0)} ms (start-up + scan + job, ${count} files)`);
  console.log(`longbox run normalize, 1 MB:    ${small.toFixed(0)} ms`);
  console.log(`comicapi rebuild, 24 MB:        ${baseline.toFixed(0)} ms`);
  console.log(`speed-up vs full rebuild:       ${(baseline / large).toFixed(1)}×   (target ≥ 5×)`);
  console.log(`24 MB / 1 MB time:              ${(large / small).toFixed(2)}    (target ≤ 1.5)`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(root, { recursive: true, force: true }));
