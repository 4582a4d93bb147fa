/**
 * Per-file cost of a job (docs/behaviour.md §7): the whole `longbox run normalize --all` command — start-up,
 * first scan, a job that writes ComicInfo.xml into every file (journal, fsyncs, verify, index)
 * — over many small archives that all need a write, divided by the file count.
 *
 *   node bench/job-cost.ts [--count 10000] [--dir /tmp]
 *
 * Target: ≤ 2 ms per file at 10k files. Wall time is the figure; the child's CPU time (user +
 * sys, from /usr/bin/time) is printed too, because on a shared machine wall time mostly
 * measures the neighbours.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTinyLibrary } from '../test/helpers/tiny-library.ts';
import { arg } from './lib/bench-archives.ts';

const count = Number(arg('count', '10000'));
const root = fs.mkdtempSync(path.join(arg('dir', os.tmpdir()), 'longbox-bench-jobcost-'));
const cli = fileURLToPath(new URL('../bin/longbox.js', import.meta.url));

/** Runs the command under /usr/bin/time: wall ms and CPU ms (user + sys) of the child. */
export function timed(args: string[]): { wallMs: number; cpuMs: number; stdout: string; status: number | null } {
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'LONGBOX_CPU %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - start;
  const cpu = /LONGBOX_CPU ([\d.]+) ([\d.]+)/.exec(run.stderr);
  return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, stdout: run.stdout, status: run.status };
}

function main(): Promise<void> | void {
  const library = path.join(root, 'library');
  return writeTinyLibrary(library, count).then(() => {
    spawnSync('sync');
    const run = timed([cli, 'run', 'normalize', '--all', '--library', library, '--data-dir', path.join(root, 'data'), '--json']);
    const result = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.type === 'result');
    if (run.status !== 0 || result?.succeeded !== count) throw new Error(`longbox run failed (${run.status}): ${JSON.stringify(result)}`);
    console.log(`longbox run normalize --all, ${count} files: ${run.wallMs.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU`);
    console.log(`per file:                                   ${(run.wallMs / count).toFixed(2)} ms wall (target ≤ 2 ms), ${(run.cpuMs / count).toFixed(2)} ms CPU`);
  });
}

Promise.resolve(main())
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(root, { recursive: true, force: true }));
