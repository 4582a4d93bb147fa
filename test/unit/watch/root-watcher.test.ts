import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput } from '../../../src-shared/contract/commands.ts';
import type { RootWatchState } from '../../../src-shared/contract/watch.ts';
import { buildCbz } from '../../../src-main/core/demo/sample-library.ts';
import { buildZip, comicInfoXml, pages } from '../../helpers/archives.ts';
import { waitForJob } from '../../../src-shared/contract/wait-for-job.ts';
import { startTestCore, tempDir, type TestCore } from '../../helpers/core-harness.ts';
import { ManualFeed, ManualTimers } from './watch-harness.ts';

/**
 * The watcher in-process: a real core (SQLite, scans, jobs on worker threads) and real files,
 * with time and the event stream in the test's hands, so the stability window, lost events
 * and polling are checked step by step rather than by waiting.
 */
let dirs: Array<{ remove(): void }> = [];
let cores: TestCore[] = [];
afterEach(async () => {
  for (const core of cores) await core.close();
  for (const dir of dirs) dir.remove();
  cores = [];
  dirs = [];
});

async function call<N extends CommandName>(core: TestCore, name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  const result = await core.dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as CommandOutput<N>;
}

async function setup(options: { files?: string[]; mode?: 'events' | 'poll'; stableSeconds?: number } = {}) {
  const data = tempDir('watch-data');
  const lib = tempDir('watch-lib');
  dirs.push(data, lib);
  for (const rel of options.files ?? []) await writeArchive(lib.path, rel, 2);
  const timers = new ManualTimers();
  const feed = new ManualFeed();
  const core = await startTestCore(data.path, { watchTimers: timers, watchFeed: feed });
  cores.push(core);
  const states: RootWatchState[] = [];
  core.subscribe((event, payload) => {
    if (event === 'watch.state') states.push(payload as RootWatchState);
  });
  await call(core, 'settings.update', { watchStableSeconds: options.stableSeconds ?? 5, autoProcess: 'off' });
  const root = await call(core, 'library.roots.add', { path: lib.path });
  if (options.mode) await call(core, 'library.roots.watchMode', { rootId: root.id, watchMode: options.mode, pollMinutes: 1 });
  return { core, timers, feed, states, root, lib: lib.path };
}

async function writeArchive(root: string, relPath: string, pages: number): Promise<string> {
  const abs = join(root, ...relPath.split('/'));
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, await buildCbz({ pages }));
  return abs;
}

function indexed(core: TestCore, relPath: string) {
  return core.sqlite.prepare('SELECT id, size, status FROM files WHERE rel_path = ?').get(relPath) as { id: number; size: number; status: string } | undefined;
}

const stateOf = (core: TestCore) => core.watch.states()[0]!;

describe('root watcher (injected clock and events)', () => {
  it('indexes a file only after its size and mtime held still for a whole window', async () => {
    const { core, timers, feed, lib } = await setup({ files: ['Saga/Saga 001.cbz'] });
    await core.watch.start();
    expect(stateOf(core)).toMatchObject({ state: 'watching', via: 'events', pending: 0 });

    // A copy in progress: the first half, an event, 3 s, the rest, an event.
    const full = await buildCbz({ pages: 6 });
    const abs = join(lib, 'Saga', 'Saga 002.cbz');
    writeFileSync(abs, full.subarray(0, full.length / 2));
    feed.emit([abs]);
    await timers.advance(3_000, core);
    appendFileSync(abs, full.subarray(full.length / 2));
    feed.emit([abs]);
    await timers.advance(3_000, core);
    // 6 s after it appeared but only 3 s after it last changed: not yet.
    expect(indexed(core, 'Saga/Saga 002.cbz')).toBeUndefined();
    expect(stateOf(core).pending).toBe(1);
    await timers.advance(2_000, core);
    expect(indexed(core, 'Saga/Saga 002.cbz')).toMatchObject({ size: full.length, status: 'unprocessed' });
    expect(stateOf(core).pending).toBe(0);
  });

  it('re-checks a file that changed without an event instead of dropping it', async () => {
    const { core, timers, feed, lib } = await setup();
    await core.watch.start();
    const abs = await writeArchive(lib, 'a.cbz', 2);
    feed.emit([abs]);
    await timers.advance(4_000, core);
    writeFileSync(abs, await buildCbz({ pages: 5 })); // no event for this write
    await timers.advance(1_000, core); // due: the stat differs, so it waits another window
    expect(indexed(core, 'a.cbz')).toBeUndefined();
    await timers.advance(5_000, core);
    expect(indexed(core, 'a.cbz')?.size).toBe(readFileSync(abs).length);
  });

  it('a file created and deleted at once settles as nothing, without an error', async () => {
    const { core, timers, feed, lib } = await setup({ files: ['keep.cbz'] });
    await core.watch.start();
    const abs = await writeArchive(lib, 'blink.cbz', 2);
    feed.emit([abs]);
    rmSync(abs);
    feed.emit([abs]);
    await timers.advance(10_000, core);
    expect(indexed(core, 'blink.cbz')).toBeUndefined();
    expect(core.sqlite.prepare("SELECT COUNT(*) AS n FROM files WHERE status = 'error'").get()).toEqual({ n: 0 });
    expect(stateOf(core)).toMatchObject({ state: 'watching', pending: 0 });
  });

  it('a folder moved in arrives as one event and all its archives are indexed', async () => {
    const { core, timers, feed, lib } = await setup();
    await core.watch.start();
    const outside = tempDir('watch-outside');
    dirs.push(outside);
    await writeArchive(outside.path, 'Berserk/Berserk 001.cbz', 2);
    await writeArchive(outside.path, 'Berserk/Berserk 002.cbz', 2);
    renameSync(join(outside.path, 'Berserk'), join(lib, 'Berserk'));
    feed.emit([join(lib, 'Berserk')]);
    await timers.advance(5_000, core);
    expect(indexed(core, 'Berserk/Berserk 001.cbz')).toBeDefined();
    expect(indexed(core, 'Berserk/Berserk 002.cbz')).toBeDefined();
    // …and moved out again: both rows go.
    renameSync(join(lib, 'Berserk'), join(outside.path, 'Gone'));
    feed.emit([join(lib, 'Berserk')]);
    await timers.advance(5_000, core);
    expect(indexed(core, 'Berserk/Berserk 001.cbz')).toBeUndefined();
  });

  it('lost events (a watcher error) trigger a rescan of the root, and the state says so', async () => {
    const { core, timers, feed, states, lib } = await setup({ files: ['a.cbz'] });
    await core.watch.start();
    // Files arrive but their events are lost.
    await writeArchive(lib, 'lost 1.cbz', 2);
    await writeArchive(lib, 'sub/lost 2.cbz', 2);
    states.length = 0;
    feed.fail(new Error('Events were dropped'));
    await core.watch.idle();
    expect(stateOf(core)).toMatchObject({ state: 'catching-up', reason: 'lost events (Events were dropped)', pending: 2 });
    await timers.advance(5_000, core);
    expect(indexed(core, 'lost 1.cbz')).toBeDefined();
    expect(indexed(core, 'sub/lost 2.cbz')).toBeDefined();
    expect(stateOf(core)).toMatchObject({ state: 'watching', reason: null });
    // Pushed as it changed (pending-count updates repeat a state; the sequence is what matters).
    expect(states.map((s) => s.state).filter((s, i, all) => s !== all[i - 1])).toEqual(['catching-up', 'watching']);
    expect(states.map((s) => s.seq)).toEqual([...states.map((s) => s.seq)].sort((a, b) => a - b));
  });

  it('when events cannot be subscribed, the root reports failed and is rescanned every poll interval', async () => {
    const data = tempDir('watch-data');
    const lib = tempDir('watch-lib');
    dirs.push(data, lib);
    const timers = new ManualTimers();
    const feed = new ManualFeed();
    feed.failSubscribe = new Error('inotify_add_watch failed: No space left on device');
    const core = await startTestCore(data.path, { watchTimers: timers, watchFeed: feed });
    cores.push(core);
    const root = await call(core, 'library.roots.add', { path: lib.path });
    await call(core, 'library.roots.watchMode', { rootId: root.id, watchMode: 'events', pollMinutes: 2 });
    await core.watch.start();
    expect(stateOf(core)).toMatchObject({ state: 'failed', via: 'poll' });
    expect(stateOf(core).reason).toMatch(/No space left on device.*every 2 min/);
    await writeArchive(lib.path, 'late.cbz', 2);
    await timers.advance(2 * 60_000, core);
    await timers.advance(5_000, core);
    expect(indexed(core, 'late.cbz')).toBeDefined();
    // The next attempt subscribes: back to events.
    feed.failSubscribe = null;
    await timers.advance(2 * 60_000, core);
    expect(stateOf(core)).toMatchObject({ state: 'watching', via: 'events', reason: null });
  });

  it('polling mode finds additions, changes and deletions at each poll, with no events at all', async () => {
    const { core, timers, lib } = await setup({ files: ['keep.cbz', 'gone.cbz', 'edit.cbz'], mode: 'poll' });
    await core.watch.start();
    expect(stateOf(core)).toMatchObject({ state: 'polling', via: 'poll' });
    await writeArchive(lib, 'new/new.cbz', 3);
    rmSync(join(lib, 'gone.cbz'));
    writeFileSync(join(lib, 'edit.cbz'), await buildCbz({ pages: 7 }));
    await timers.advance(59_000, core);
    expect(indexed(core, 'new/new.cbz')).toBeUndefined();
    await timers.advance(1_000 + 5_000, core);
    expect(indexed(core, 'new/new.cbz')).toBeDefined();
    expect(indexed(core, 'gone.cbz')).toBeUndefined();
    expect(indexed(core, 'edit.cbz')?.size).toBe(readFileSync(join(lib, 'edit.cbz')).length);
    expect(indexed(core, 'keep.cbz')).toBeDefined();
    expect(stateOf(core)).toMatchObject({ state: 'polling', pending: 0 });
  });

  it('an offline root keeps its index, reports failed, and is caught up when it comes back', async () => {
    const { core, timers, lib } = await setup({ files: ['a.cbz', 'b.cbz'], mode: 'poll' });
    await core.watch.start();
    const parked = `${lib}-parked`;
    renameSync(lib, parked);
    await timers.advance(60_000, core);
    expect(stateOf(core)).toMatchObject({ state: 'failed' });
    expect(stateOf(core).reason).toMatch(/offline/);
    await timers.advance(10_000, core);
    expect(core.sqlite.prepare('SELECT COUNT(*) AS n FROM files').get()).toEqual({ n: 2 });
    renameSync(parked, lib);
    await writeArchive(lib, 'c.cbz', 2);
    await timers.advance(60_000 + 5_000, core);
    expect(stateOf(core)).toMatchObject({ state: 'polling', reason: null });
    expect(indexed(core, 'c.cbz')).toBeDefined();
  });

  it('a rebuild write (ComicInfo.xml not last: new inode) is recorded by the job and not seen as a change', async () => {
    const { core, timers, feed, lib } = await setup();
    await call(core, 'settings.update', { autoProcess: 'normalize' });
    const activity: string[] = [];
    core.watch.onActivity((a) => activity.push(a.type === 'file' ? `${a.change.change} ${a.change.relPath}` : 'job'));
    await core.watch.start();
    const abs = join(lib, 'Saga', 'Saga 003.cbz');
    mkdirSync(join(lib, 'Saga'));
    writeFileSync(abs, buildZip([{ name: 'ComicInfo.xml', data: comicInfoXml('old') }, ...pages(3)]));
    const inodeBefore = statSync(abs).ino;
    feed.emit([abs]);
    await timers.advance(5_000, core);
    await call(core, 'jobs.idle', {});
    expect(statSync(abs).ino).not.toBe(inodeBefore); // rebuilt beside the original and renamed over it
    feed.emit([abs]);
    await timers.advance(10_000, core);
    expect(activity).toEqual(['added Saga/Saga 003.cbz', 'job']);
    expect(core.sqlite.prepare('SELECT status FROM files WHERE rel_path = ?').get('Saga/Saga 003.cbz')).toEqual({ status: 'processed' });
  });

  it('a file the user renames is a move: it keeps its row and status and is not auto-processed', async () => {
    const { core, timers, feed, lib } = await setup({ files: ['Saga/old name.cbz'] });
    await call(core, 'settings.update', { autoProcess: 'process' });
    const before = indexed(core, 'Saga/old name.cbz')!;
    core.sqlite.prepare("UPDATE files SET status = 'processed' WHERE id = ?").run(before.id);
    const activity: string[] = [];
    core.watch.onActivity((a) => activity.push(a.type === 'file' ? `${a.change.change} ${a.change.from} → ${a.change.relPath}` : 'job'));
    await core.watch.start();
    renameSync(join(lib, 'Saga', 'old name.cbz'), join(lib, 'Saga', 'new name.cbz'));
    feed.emit([join(lib, 'Saga', 'old name.cbz'), join(lib, 'Saga', 'new name.cbz')]);
    await timers.advance(5_000, core);
    expect(activity).toEqual(['moved Saga/old name.cbz → Saga/new name.cbz']);
    expect(indexed(core, 'Saga/new name.cbz')).toEqual({ ...before, status: 'processed' });
  });

  it('a file a job is working on is looked at again a window later, not indexed mid-job', async () => {
    const { core, timers, feed, lib } = await setup({ files: ['busy.cbz'] });
    await core.watch.start();
    const before = indexed(core, 'busy.cbz')!;
    const job = await call(core, 'jobs.start', { kind: 'noop', scope: { type: 'selected', fileIds: [before.id] }, noop: { delayMs: 3_000, failEvery: 0 } });
    const dispatched = core.sqlite.prepare<[string], { dispatched: number }>('SELECT dispatched FROM jobs WHERE id = ?');
    // Wait (by polling the job row, however slow the machine) until its item is handed out.
    for (let i = 0; dispatched.get(job.id)!.dispatched === 0; i++) {
      if (i > 3000) throw new Error('the job never dispatched its item');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const abs = join(lib, 'busy.cbz');
    writeFileSync(abs, await buildCbz({ pages: 9 }));
    feed.emit([abs]);
    await timers.advance(5_000, core);
    expect((await call(core, 'jobs.get', { jobId: job.id })).state).toBe('running');
    expect(indexed(core, 'busy.cbz')!.size).toBe(before.size);
    expect(stateOf(core).pending).toBe(1);
    await waitForJob(core.client, job.id);
    await timers.advance(5_000, core);
    expect(indexed(core, 'busy.cbz')!.size).toBe(readFileSync(abs).length);
    expect(stateOf(core).pending).toBe(0);
  });

  it('auto-processes only new files, and the job’s own write and rename do not come back', async () => {
    const { core, timers, feed, lib } = await setup({ files: ['Saga/Saga 001.cbz'] });
    await call(core, 'settings.update', { autoProcess: 'process' });
    const activity: string[] = [];
    core.watch.onActivity((a) => activity.push(a.type === 'file' ? `${a.change.change} ${a.change.relPath}` : `job ${a.job.total}`));
    await core.watch.start();
    const abs = await writeArchive(lib, 'Saga/saga_2.cbz', 2);
    feed.emit([abs]);
    await timers.advance(5_000, core);
    expect(activity).toEqual(['added Saga/saga_2.cbz', 'job 1']);
    await call(core, 'jobs.idle', {});
    const renamed = core.sqlite.prepare('SELECT rel_path, status FROM files WHERE rel_path LIKE ? ORDER BY rel_path').all('Saga/%');
    expect(renamed).toEqual([
      { rel_path: 'Saga/Saga - Chapter 0002.cbz', status: 'processed' },
      { rel_path: 'Saga/Saga 001.cbz', status: 'unprocessed' },
    ]);
    // What the job did on disk arrives as events: the old name gone, the new one written.
    feed.emit([abs, join(lib, 'Saga', 'Saga - Chapter 0002.cbz')]);
    await timers.advance(10_000, core);
    expect(activity).toEqual(['added Saga/saga_2.cbz', 'job 1']);
    expect(core.sqlite.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'process'").get()).toEqual({ n: 1 });
  });
});
