import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { open, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { buildCbz, generateSampleLibrary, SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { startTestCore, tempDir, value } from '../../helpers/core-harness.ts';

/**
 * `longbox watch` as users run it: a real child process, the real @parcel/watcher, real
 * archives copied into the folder. Nothing waits a fixed time: every step waits for the line
 * the watcher prints (generous timeouts only guard against a hang), and "did not come back"
 * is checked against a later file the watcher must handle after it.
 */
// The launcher users run (bin/longbox.js → the dist/cli bundle test/global-setup.ts builds).
const CLI = new URL('../../../bin/longbox.js', import.meta.url).pathname;
const STABLE_SECONDS = 2;
const HANG_MS = 90_000;

type Line = Record<string, unknown> & { type: string };

class WatchProcess {
  readonly lines: Line[] = [];
  readonly exited: Promise<number | null>;
  #waiters: Array<() => void> = [];
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  stderr = '';

  constructor(dataDir: string, library: string, auto: string) {
    this.child = spawn(process.execPath, [CLI, 'watch', '--library', library, '--data-dir', dataDir, '--auto', auto, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    this.child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const part of parts) if (part.trim()) this.lines.push(JSON.parse(part) as Line);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Resolves with the first line (from `from` on) matching `test`. */
  async waitFor(test: (line: Line) => boolean, from = 0): Promise<Line> {
    const deadline = Date.now() + HANG_MS;
    for (;;) {
      const found = this.lines.slice(from).find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such line; got:\n${this.lines.map((l) => JSON.stringify(l)).join('\n')}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
  }

  fileLines(): Line[] {
    return this.lines.filter((l) => l.type === 'file');
  }
}

let dirs: Array<{ remove(): void }> = [];
let children: WatchProcess[] = [];
afterEach(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  for (const d of dirs) d.remove();
  children = [];
  dirs = [];
});

async function library(withSamples: boolean) {
  const data = tempDir('watch-cli-data');
  const lib = tempDir('watch-cli-lib');
  dirs.push(data, lib);
  if (withSamples) await generateSampleLibrary(lib.path);
  // A short stability window keeps the test quick; the logic is the same at 5 s.
  const core = await startTestCore(data.path);
  await value(core.client.invoke('settings.update', { watchStableSeconds: STABLE_SECONDS }));
  await core.close();
  return { data: data.path, lib: lib.path };
}

function start(dataDir: string, lib: string, auto = 'off'): WatchProcess {
  const watch = new WatchProcess(dataDir, lib, auto);
  children.push(watch);
  return watch;
}

/** Copies an archive in the way a slow network copy does: a chunk at a time, well inside the window. */
async function slowCopy(target: string, bytes: Buffer, chunks: number): Promise<void> {
  const handle = await open(target, 'w');
  try {
    const size = Math.ceil(bytes.length / chunks);
    for (let offset = 0; offset < bytes.length; offset += size) {
      await handle.write(bytes.subarray(offset, offset + size));
      await handle.sync();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await handle.close();
  }
}

function dbRows<T>(dataDir: string, sql: string): T[] {
  const db = openDatabase(join(dataDir, 'longbox.db'));
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const unzipOk = (file: string) => spawnSync('unzip', ['-tq', file], { encoding: 'utf8' }).status === 0;

describe('longbox watch (real process, real watcher)', () => {
  it('processes a slowly copied new file once, after it is complete; pre-existing files and its own rename are left alone', async () => {
    const { data, lib } = await library(true);
    const watch = start(data, lib, 'process');
    expect(await watch.waitFor((l) => l.type === 'ready')).toEqual({ type: 'ready', files: SAMPLE_FILES.length });

    const copied = join(lib, 'Saga', 'saga_66.cbz');
    await slowCopy(copied, await buildCbz({ pages: 40 }), 12);
    const added = await watch.waitFor((l) => l.type === 'file');
    expect(added).toMatchObject({ event: 'added', path: copied });
    const result = await watch.waitFor((l) => l.type === 'result');
    expect(result).toMatchObject({ state: 'completed', succeeded: 1, failed: 0 });

    // A file that appears and vanishes at once, then a sentinel the watcher must handle after
    // everything before it: by then a retrigger of the renamed file would have shown up.
    const blink = join(lib, 'blink.cbz');
    await writeFile(blink, await buildCbz({ pages: 1 }));
    rmSync(blink);
    const sentinel = join(lib, 'Loose Chapter 8.cbz');
    await writeFile(sentinel, await buildCbz({ pages: 2 }));
    await watch.waitFor((l) => l.type === 'result' && l.jobId !== result.jobId);

    expect(watch.fileLines().map((l) => [l.event, l.path])).toEqual([
      ['added', copied],
      ['added', sentinel],
    ]);
    expect(watch.lines.filter((l) => l.type === 'error')).toEqual([]);
    watch.child.kill('SIGINT');
    expect(await watch.exited).toBe(0);

    const rows = dbRows<{ rel_path: string; status: string }>(data, 'SELECT rel_path, status FROM files ORDER BY rel_path');
    const processed = rows.filter((r) => r.status === 'processed').map((r) => r.rel_path);
    expect(processed).toEqual(['Loose - Chapter 0008.cbz', 'Saga/Saga - Chapter 0066.cbz']);
    expect(rows.filter((r) => r.status === 'error')).toEqual([]);
    expect(rows).toHaveLength(SAMPLE_FILES.length + 2);
    for (const rel of processed) expect(unzipOk(join(lib, rel))).toBe(true);
    expect(dbRows(data, "SELECT id FROM jobs WHERE kind = 'process'")).toHaveLength(2);
  });

  it('catches up on files added while it was killed, then exits cleanly on SIGTERM', async () => {
    const { data, lib } = await library(true);
    const first = start(data, lib, 'normalize');
    await first.waitFor((l) => l.type === 'ready');
    first.child.kill('SIGKILL');
    await first.exited;

    const missed = join(lib, 'Berserk', 'Berserk 050.cbz');
    await writeFile(missed, await buildCbz({ pages: 2 }));
    rmSync(join(lib, 'Loose Chapter 7.cbz'));

    const second = start(data, lib, 'normalize');
    const ready = await second.waitFor((l) => l.type === 'ready');
    // Caught up before "ready": the new file indexed (and normalized), the deleted one gone.
    const before = second.lines.slice(0, second.lines.indexOf(ready));
    expect(before.filter((l) => l.type === 'file').map((l) => [l.event, l.path]).sort()).toEqual([
      ['added', missed],
      ['removed', join(lib, 'Loose Chapter 7.cbz')],
    ]);
    expect(ready).toEqual({ type: 'ready', files: SAMPLE_FILES.length });
    await second.waitFor((l) => l.type === 'result');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const normalized = dbRows<{ rel_path: string }>(data, "SELECT rel_path FROM files WHERE status = 'processed'");
    expect(normalized).toEqual([{ rel_path: 'Berserk/Berserk 050.cbz' }]);
    expect(unzipOk(missed)).toBe(true);
  });

  it('bad --auto is a usage error before anything is created', () => {
    const dir = tempDir('watch-cli-usage');
    dirs.push(dir);
    const data = join(dir.path, 'data');
    const run = spawnSync(process.execPath, [CLI, 'watch', '--library', dir.path, '--data-dir', data, '--auto', 'always'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--auto must be off, normalize or process/);
    expect(spawnSync('test', ['-e', data]).status).toBe(1);
  });
});
