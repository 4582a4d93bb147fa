/**
 * Library scan benchmark (docs/behaviour.md §7): the first scan of a folder of tiny archives (reading every
 * ComicInfo.xml) and a rescan with nothing changed, against `find DIR -printf '%s %T@ %p\n'` on
 * the same tree with a warm cache, in one run. Timed in-process (the scan itself: walk, reads on
 * the pool, index writes) and as the whole `longbox scan` command (start-up included).
 *
 *   node bench/scan.ts [--count 100000] [--dir /tmp]
 *
 * Targets: first scan ≤ 5× find; rescan ≤ 2.5× find.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../src-main/core/app-core.ts';
import { arg } from './lib/bench-archives.ts';
import { writeTinyLibrary } from '../test/helpers/tiny-library.ts';

const count = Number(arg('count', '100000'));
const root = fs.mkdtempSync(path.join(arg('dir', os.tmpdir()), 'longbox-bench-scan-'));
const cli = fileURLToPath(new URL('../bin/longbox.js', import.meta.url));
const floorScript = fileURLToPath(new URL('./lib/node-floor.ts', import.meta.url));
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Best of `runs` wall times of `find`, output discarded (after one warm-up run). */
function timeFind(dir: string, runs = 3): number {
  const devNull = fs.openSync('/dev/null', 'w');
  let best = Infinity;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    spawnSync('find', [dir, '-printf', '%s %T@ %p\n'], { stdio: ['ignore', devNull, 'inherit'] });
    if (i > 0) best = Math.min(best, performance.now() - start);
  }
  fs.closeSync(devNull);
  return best;
}

/**
 * Best of `runs` wall times of a bare Node process doing only the file-system work (bench/lib/node-floor.ts):
 * what no Node scanner can beat on this machine, whatever it does with the data.
 */
function timeNodeFloor(dir: string, mode: 'stat' | 'read', runs = 3): { ms: number; threads: number } {
  let best = { ms: Infinity, threads: 0 };
  for (const threads of [0, 2]) {
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const run = spawnSync(process.execPath, [floorScript, dir, mode, String(threads)], { stdio: 'inherit' });
      const ms = performance.now() - start;
      if (run.status !== 0) throw new Error(`node-floor failed (${run.status})`);
      if (ms < best.ms) best = { ms, threads };
    }
  }
  return best;
}

async function timeInProcess(library: string): Promise<{ first: number; rescan: number }> {
  const core = await createAppCore({ dataDir: path.join(root, 'data-inprocess'), mode: 'test', version: 'bench', ports: { logger: quiet } });
  try {
    let start = performance.now();
    const added = await core.dispatch('library.roots.add', { path: library });
    const first = performance.now() - start;
    if (!added.ok) throw new Error(JSON.stringify(added.error));
    const rootId = (added.value as { id: number; fileCount: number }).id;
    if ((added.value as { fileCount: number }).fileCount !== count) throw new Error(`indexed ${JSON.stringify(added.value)}`);
    start = performance.now();
    const again = await core.dispatch('library.scan', { rootId });
    const rescan = performance.now() - start;
    if (!again.ok || (again.value as { changed: number }).changed !== 0) throw new Error(JSON.stringify(again));
    return { first, rescan };
  } finally {
    await core.close();
  }
}

function timeCommand(library: string, dataDir: string): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [cli, 'scan', '--library', library, '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`longbox scan failed (${run.status}): ${run.stdout} ${run.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  const library = path.join(root, 'library');
  console.log(`generating ${count} tiny archives in ${library} …`);
  await writeTinyLibrary(library, count);
  spawnSync('sync');
  const find = timeFind(library);
  const floorRead = timeNodeFloor(library, 'read');
  const floorStat = timeNodeFloor(library, 'stat');
  const inProcess = await timeInProcess(library);
  const dataDir = path.join(root, 'data-cli');
  const commandFirst = timeCommand(library, dataDir);
  const commandRescan = Math.min(...[0, 1, 2].map(() => timeCommand(library, dataDir)));
  // One archive touched: the walk no longer matches the tree's digest; only its folder's rows are compared.
  let touched = library;
  while (fs.statSync(touched).isDirectory()) touched = path.join(touched, fs.readdirSync(touched).sort()[0]!);
  const commandCompared = Math.min(
    ...[0, 1, 2].map(() => {
      const now = new Date();
      fs.utimesSync(touched, now, now);
      return timeCommand(library, dataDir);
    }),
  );
  const ratio = (ms: number) => `${(ms / find).toFixed(2)}× find`;
  console.log(`find -printf (warm, best of 3):   ${find.toFixed(0)} ms`);
  console.log(`first scan, in-process:           ${inProcess.first.toFixed(0)} ms = ${ratio(inProcess.first)}   (target ≤ 5×)`);
  console.log(`rescan, in-process:               ${inProcess.rescan.toFixed(0)} ms = ${ratio(inProcess.rescan)}   (target ≤ 2.5×)`);
  console.log(`first scan, whole longbox scan:   ${commandFirst.toFixed(0)} ms = ${ratio(commandFirst)}`);
  console.log(`rescan, whole longbox scan:       ${commandRescan.toFixed(0)} ms = ${ratio(commandRescan)}   (best of 3)`);
  console.log(`rescan, one archive touched:      ${commandCompared.toFixed(0)} ms = ${ratio(commandCompared)}   (its folder compared; best of 3)`);
  // What the targets leave room for: a bare node process doing only the system calls.
  const floor = (f: { ms: number; threads: number }) => `${f.ms.toFixed(0)} ms = ${ratio(f.ms)} (${f.threads ? `${f.threads} threads` : 'main thread'})`;
  console.log(`floor: bare node, list + open + read every file: ${floor(floorRead)}`);
  console.log(`floor: bare node, list + stat every file:        ${floor(floorStat)}`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(root, { recursive: true, force: true }));
