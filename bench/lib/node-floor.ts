/**
 * The floor under any Node scanner, for bench/scan.ts: a bare `node` process that lists a tree
 * and stats every file (a rescan's file-system work), or also opens and reads each file's tail
 * (a first scan's), with no index, no parsing and no pool — on the main thread, or split by
 * top-level folder over worker threads. It prints nothing; the caller times the process.
 *
 *   node bench/lib/node-floor.ts DIR stat|read THREADS
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const TAIL = 64 * 1024;

function walk(dir: string, read: boolean, tail: Buffer): number {
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files += walk(full, read, tail);
    else if (!read) {
      fs.statSync(full);
      files++;
    } else {
      const fd = fs.openSync(full, 'r');
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, TAIL);
      fs.readSync(fd, tail, 0, length, size - length);
      fs.closeSync(fd);
      files++;
    }
  }
  return files;
}

if (isMainThread) {
  const [dir, mode, threads] = [process.argv[2]!, process.argv[3] === 'read', Number(process.argv[4] ?? 0)];
  const tops = fs.readdirSync(dir).map((name) => path.join(dir, name));
  if (threads === 0) walk(dir, mode, Buffer.allocUnsafe(TAIL));
  else {
    await Promise.all(
      Array.from({ length: threads }, (_, i) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { dirs: tops.filter((_, j) => j % threads === i), read: mode } });
        return new Promise((resolve, reject) => worker.on('message', resolve).on('error', reject));
      }),
    );
  }
} else {
  const { dirs, read } = workerData as { dirs: string[]; read: boolean };
  const tail = Buffer.allocUnsafe(TAIL);
  parentPort!.postMessage(dirs.reduce((n, dir) => n + walk(dir, read, tail), 0));
}
