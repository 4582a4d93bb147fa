/**
 * Cost per file of the cross-process file claims (docs/concurrency.md): a job claims its files
 * in batches of 64 (one IMMEDIATE transaction each) and releases them inside the commit of its
 * results (batches of up to 250). Real SQLite file, as in the app.
 *
 *   node bench/file-claims.ts [--count 20000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src-main/core/db/open-database.ts';
import { FileClaims } from '../src-main/core/exec/file-claims.ts';
import { seedFiles } from '../test/helpers/job-harness.ts';
import { arg } from './lib/bench-archives.ts';

const count = Number(arg('count', '20000'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longbox-bench-claims-'));
const db = openDatabase(path.join(dir, 'longbox.db'));
try {
  const ids = seedFiles(db, count);
  const claims = new FileClaims(db).forJob('bench');
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 64) claims.claim(ids.slice(i, i + 64));
  const t1 = performance.now();
  for (let i = 0; i < ids.length; i += 250) db.transaction(() => claims.release(ids.slice(i, i + 250)))();
  const t2 = performance.now();
  const us = (ms: number) => ((ms * 1000) / count).toFixed(1);
  console.log(`file claims, ${count} files: claim ${us(t1 - t0)} µs/file, release ${us(t2 - t1)} µs/file`);
} finally {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
