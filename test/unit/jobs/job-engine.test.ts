import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobSpecSchema, type JobItem, type JobSnapshot } from '../../../src-shared/contract/jobs.ts';
import { SettingsSchema } from '../../../src-shared/contract/settings.ts';
import { itemSourceFor } from '../../../src-main/core/library/index/item-source.ts';
import { LeaseLostError } from '../../../src-main/core/jobs/job-repo.ts';
import { newLeaseToken } from '../../../src-main/core/jobs/lease.ts';
import { TASKS_PER_THREAD } from '../../../src-main/core/exec/worker-protocol.ts';
import { createJobHarness, jobUpdates, seedFiles, type JobHarness } from '../../helpers/job-harness.ts';

let harness: JobHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function setup(files: number, settings: Parameters<typeof createJobHarness>[0] = {}) {
  harness = await createJobHarness(settings);
  return { h: harness, ids: seedFiles(harness.db, files) };
}

/** A time the noop operation stamped in its thread (`started:` / `ended:`). */
function stamp(actions: string[], key: string): number {
  return Number(actions.find((a) => a.startsWith(key))!.slice(key.length));
}

function itemStates(h: JobHarness, jobId: string): Record<string, number> {
  const rows = h.db.prepare('SELECT state, COUNT(*) AS n FROM job_items WHERE job_key = (SELECT key FROM jobs WHERE id = ?) GROUP BY state').all(jobId) as Array<{ state: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

describe('job engine', () => {
  it('resolves the scope into item rows at creation and runs every item once', async () => {
    const { h, ids } = await setup(500);
    h.db.prepare("UPDATE files SET status = 'processed' WHERE id <= ?").run(ids[99]);
    const job = h.start({ kind: 'noop', scope: { type: 'unprocessed' } });
    expect(job.total).toBe(400);
    const final = await h.engine.waitFor(job.id);
    expect(final).toMatchObject({ state: 'completed', total: 400, done: 400, succeeded: 400, failed: 0 });
    expect(itemStates(h, job.id)).toEqual({ done: 400 });
  });

  it("workerCount 'auto' is the default and the engine sizes its pool from the cores", async () => {
    expect(SettingsSchema.parse({}).workerCount).toBe('auto');
    const { h } = await setup(50, { settings: { workerCount: 'auto' } });
    const final = await h.engine.waitFor(h.start({ kind: 'noop', scope: { type: 'all' } }).id);
    expect(final).toMatchObject({ state: 'completed', done: 50, succeeded: 50 });
  });

  it('records failed items and keeps going', async () => {
    const { h } = await setup(100);
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { failEvery: 10 } });
    const final = await h.engine.waitFor(job.id);
    expect(final).toMatchObject({ state: 'completed', done: 100, succeeded: 90, failed: 10 });
    const failed = h.engine.items(job.id, ['failed'], 0, 100).items;
    expect(failed).toHaveLength(10);
    expect(failed[0]!.error?.code).toBe('INTERNAL');
  });

  it('cancel: no item starts after it, in-flight items finish, the state stays cancelled', async () => {
    const { h } = await setup(200, { settings: { workerCount: 1 } });
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 20 } });
    await new Promise<void>((resolve) => {
      const off = h.listen((event) => {
        if (event === 'job.items') {
          off();
          resolve();
        }
      });
    });
    const cancelled = h.engine.cancel(job.id);
    expect(cancelled.cancelRequested).toBe(true);
    const doneAtCancel = (h.db.prepare("SELECT COUNT(*) AS n FROM job_items WHERE job_key = (SELECT key FROM jobs WHERE id = ?) AND state = 'done'").get(job.id) as { n: number }).n;
    const final = await h.engine.waitFor(job.id);
    expect(final.state).toBe('cancelled');
    // Only what was already running or posted to the single thread may still have finished:
    // up to TASKS_PER_THREAD running there plus 2 waiting (worker-pool.ts), and one in the race.
    expect(final.done).toBeLessThanOrEqual(doneAtCancel + TASKS_PER_THREAD + 2 + 1);
    expect(final.done).toBeLessThan(200);
    expect(itemStates(h, job.id).pending).toBe(200 - final.done);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.engine.get(job.id).state).toBe('cancelled');
    expect(h.engine.active().active.map((j) => j.id)).not.toContain(job.id);
  });

  it('pause and resume continue from the first unfinished item', async () => {
    const { h } = await setup(100, { settings: { workerCount: 1 } });
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 5 } });
    h.engine.pause(job.id);
    const paused = await h.engine.waitFor(job.id);
    expect(paused.state).toBe('paused');
    expect(paused.done).toBeLessThan(100);
    h.engine.resume(job.id);
    const final = await h.engine.waitFor(job.id);
    expect(final).toMatchObject({ state: 'completed', done: 100, succeeded: 100 });
    expect(itemStates(h, job.id)).toEqual({ done: 100 });
  });

  it('runs higher priority first and at most concurrentJobs at once', async () => {
    const { h } = await setup(30, { settings: { concurrentJobs: 1, workerCount: 1 } });
    const starts: string[] = [];
    h.listen((event, payload) => {
      const s = payload as JobSnapshot;
      if (event === 'job.updated' && s.state === 'running' && !starts.includes(s.id)) starts.push(s.id);
      if (event === 'job.updated') {
        const running = h.engine.active().active.filter((j) => j.state === 'running');
        expect(running.length).toBeLessThanOrEqual(1);
      }
    });
    const first = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 2 } });
    const low = h.start({ kind: 'noop', scope: { type: 'all' }, priority: -5 });
    const high = h.start({ kind: 'noop', scope: { type: 'all' }, priority: 5 });
    expect(h.engine.get(low.id).state).toBe('queued');
    await Promise.all([first, low, high].map((j) => h.engine.waitFor(j.id)));
    expect(starts).toEqual([first.id, high.id, low.id]);
  });

  it('two jobs never work on the same file at the same time', async () => {
    const { h, ids } = await setup(60, { settings: { concurrentJobs: 2, workerCount: 4 } });
    // Both jobs cover files 1-30 in the same order, so without the lock they would collide.
    const a = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 10 } });
    const b = h.start({ kind: 'noop', scope: { type: 'selected', fileIds: ids.slice(0, 30) }, noop: { delayMs: 10 } });
    const done = await Promise.all([a, b].map((j) => h.engine.waitFor(j.id)));
    expect(done.map((d) => d.state)).toEqual(['completed', 'completed']);
    const spans = new Map<number, Array<[number, number]>>();
    for (const e of h.events) {
      if (e.event !== 'job.items') continue;
      for (const item of (e.payload as { items: JobItem[] }).items) {
        const started = stamp(item.actions, 'started:');
        spans.set(item.fileId!, [...(spans.get(item.fileId!) ?? []), [started, item.finishedAt!]]);
      }
    }
    let shared = 0;
    for (const list of spans.values()) {
      if (list.length < 2) continue;
      shared += 1;
      const [x, y] = list.sort((p, q) => p[0] - q[0]);
      expect(y![0]).toBeGreaterThanOrEqual(x![1]);
    }
    expect(shared).toBe(30);
  });

  it('a scan and item jobs never work in the same root at once: the scan waits for items in flight, items wait for the scan', async () => {
    // Enough items that the job cannot have posted them all to the threads (8 run at once
    // in each, more wait there) before the scan asks for the root.
    const ITEMS = 400;
    let scanSpan: [number, number] | null = null;
    const { h } = await setup(ITEMS, {
      settings: { concurrentJobs: 2, workerCount: 2 },
      engine: {
        scan: async () => {
          const start = performance.timeOrigin + performance.now();
          await new Promise((r) => setTimeout(r, 100));
          scanSpan = [start, performance.timeOrigin + performance.now()];
          return { files: ITEMS, added: 0, changed: 0, removed: 0, failed: 0, offlineRoots: [] };
        },
      },
    });
    const { id: rootId } = h.db.prepare('SELECT id FROM roots').get() as { id: number };
    const items = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 10 } });
    await new Promise<void>((resolve) => {
      const off = h.listen((event) => {
        if (event === 'job.items') {
          off();
          resolve();
        }
      });
    });
    const scan = h.start({ kind: 'scan', rootId });
    const [itemsFinal, scanFinal] = await Promise.all([items, scan].map((j) => h.engine.waitFor(j.id)));
    expect([itemsFinal!.state, scanFinal!.state]).toEqual(['completed', 'completed']);
    const [scanStart, scanEnd] = scanSpan!;
    let before = 0;
    let after = 0;
    for (const e of h.events) {
      if (e.event !== 'job.items') continue;
      for (const item of (e.payload as { items: JobItem[] }).items) {
        const started = stamp(item.actions, 'started:');
        if (item.finishedAt! <= scanStart) before += 1;
        else if (started >= scanEnd) after += 1;
      }
    }
    // Every item ran wholly before or wholly after the scan, and the job went on around it.
    expect(before + after).toBe(ITEMS);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(0);
  });

  it('seed checklist: no subscriber needed; a late subscriber restores exact state by seq; unseen until acknowledged', async () => {
    const { h } = await setup(300, { settings: { workerCount: 1 } });
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 2 } });
    // Nobody listens for a while: the job runs anyway (it lives in the main process, not a window).
    await new Promise((r) => setTimeout(r, 150));
    // A window opens: subscribe first (buffer), then ask for the active jobs, then apply newer seqs.
    const buffered: JobSnapshot[] = [];
    const off = h.listen((event, payload) => {
      if (event === 'job.updated' && (payload as JobSnapshot).id === job.id) buffered.push(payload as JobSnapshot);
    });
    const { active } = h.engine.active();
    let view = active.find((j) => j.id === job.id)!;
    expect(view.state).toBe('running');
    const final = await h.engine.waitFor(job.id);
    for (const s of buffered) if (s.seq > view.seq) view = s;
    off();
    expect(view).toEqual(h.engine.get(job.id));
    expect(final.state).toBe('completed');
    // Finished jobs leave the active set on their own, and stay unseen until a window acknowledges.
    expect(h.engine.active().active).toEqual([]);
    expect(h.engine.active().unseen.map((j) => j.id)).toEqual([job.id]);
    const acked = h.engine.acknowledge(job.id);
    expect(acked.seen).toBe(true);
    expect(h.engine.active().unseen).toEqual([]);
  });

  it('emits job.updated only with increasing seq, at most ~10/s per job, and job.items for every item', async () => {
    const { h } = await setup(2000);
    const job = h.start({ kind: 'noop', scope: { type: 'all' } });
    await h.engine.waitFor(job.id);
    const updates = jobUpdates(h.events, job.id);
    for (let i = 1; i < updates.length; i++) expect(updates[i]!.seq).toBeGreaterThan(updates[i - 1]!.seq);
    expect(updates.at(-1)!.state).toBe('completed');
    const items = h.events
      .filter((e) => e.event === 'job.items' && (e.payload as { jobId: string }).jobId === job.id)
      .flatMap((e) => (e.payload as { items: JobItem[] }).items);
    expect(new Set(items.map((i) => i.ordinal)).size).toBe(2000);
  });

  it('lease fencing: a stale runner’s flush changes nothing and it stops', async () => {
    const { h } = await setup(200, { settings: { workerCount: 1 } });
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 5 } });
    await new Promise((r) => setTimeout(r, 50));
    // Another process takes the job over (as after an expired lease): a new token.
    const thief = newLeaseToken();
    h.db.prepare("UPDATE jobs SET lease_token = ?, lease_owner = 'other:1:x' WHERE id = ?").run(thief, job.id);
    const before = h.db.prepare('SELECT done, seq FROM jobs WHERE id = ?').get(job.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.db.prepare('SELECT done, seq FROM jobs WHERE id = ?').get(job.id)).toEqual(before);
    expect(() => h.store.flush(h.store.get(job.id), 'stale-token', Date.now(), [], () => {})).toThrow(LeaseLostError);
    // The stale runner has let go: it no longer counts as running here.
    expect(h.store.claim(job.id, 'x', 'y', Date.now())).toBeNull();
  });

  it('retry makes a new job over the failed items; undo is refused for noop jobs', async () => {
    const { h } = await setup(50);
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { failEvery: 5 } });
    await h.engine.waitFor(job.id);
    const retry = h.engine.retry(job.id);
    expect(retry).toMatchObject({ parentJobId: job.id, total: 10 });
    await h.engine.waitFor(retry.id);
    expect(() => h.engine.undo(job.id, 0)).toThrow(/undone/);
  });

  it('an item that hangs fails with ITEM_TIMEOUT and the job goes on', async () => {
    const { h } = await setup(3, { itemTimeoutMs: 200, settings: { workerCount: 1 } });
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 60_000 } });
    const final = await h.engine.waitFor(job.id);
    expect(final).toMatchObject({ state: 'completed', failed: 3 });
    expect(h.engine.items(job.id, undefined, 0, 10).items.every((i) => i.error?.code === 'ITEM_TIMEOUT')).toBe(true);
  });

  it('one pool thread runs several items at once (their fsyncs can share a journal commit)', async () => {
    const { h } = await setup(TASKS_PER_THREAD * 2, { settings: { workerCount: 1 } });
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 300 } });
    await h.engine.waitFor(job.id);
    const items = h.engine.items(job.id, undefined, 0, 100).items;
    const started = items.map((i) => stamp(i.actions, 'started:'));
    // The thread's own end stamp: finishedAt is written when the main thread books the result,
    // which may come after the thread has already taken the next items.
    const firstEnd = Math.min(...items.map((i) => stamp(i.actions, 'ended:')));
    // Every item a thread may hold at once started before the first of them had ended.
    expect(started.filter((at) => at < firstEnd)).toHaveLength(TASKS_PER_THREAD);
  });

  it('a hung item fails with ITEM_TIMEOUT, and so do the items running beside it in its thread (never re-run over a half-done write)', async () => {
    const { h } = await setup(TASKS_PER_THREAD, { itemTimeoutMs: 300, settings: { workerCount: 1 } });
    const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 60_000 } });
    const final = await h.engine.waitFor(job.id);
    expect(final).toMatchObject({ state: 'completed', failed: TASKS_PER_THREAD });
    const errors = h.engine.items(job.id, undefined, 0, 100).items.map((i) => i.error);
    expect(errors.every((e) => e?.code === 'ITEM_TIMEOUT')).toBe(true);
    expect(errors.filter((e) => e!.message.startsWith('stopped with its thread')).length).toBeGreaterThan(0);
  });

  it('retention prunes finished jobs and their items past retentionDays', async () => {
    const { h } = await setup(10);
    const job = h.start({ kind: 'noop', scope: { type: 'all' } });
    await h.engine.waitFor(job.id);
    h.db.prepare('UPDATE jobs SET finished_at = ? WHERE id = ?').run(Date.now() - 40 * 86_400_000, job.id);
    expect(h.store.pruneFinishedBefore(Date.now() - 30 * 86_400_000)).toBe(1);
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM job_items WHERE job_key = (SELECT key FROM jobs WHERE id = ?)').get(job.id)).toEqual({ n: 0 });
  });
});

describe('dispatched cursor', () => {
  it('recovery re-stats exactly the files of items a dead runner had dispatched, then clears the cursor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'longbox-cursor-'));
    try {
      const lib = join(dir, 'lib');
      mkdirSync(join(lib, 'Series'), { recursive: true });
      const a = await createJobHarness({ dir });
      const ids = seedFiles(a.db, 4, lib);
      // On disk every file is 10 bytes; the index says 1 (as if changed by an item in flight).
      for (let i = 0; i < 4; i++) writeFileSync(join(lib, 'Series', `File ${String(i).padStart(7, '0')}.cbz`), '0123456789');
      const spec = JobSpecSchema.parse({ kind: 'noop', scope: { type: 'all' } });
      const created = a.store.create(
        { id: randomUUID(), kind: 'noop', title: 't', scope: { type: 'all' }, options: {}, priority: 0, parentJobId: null, now: 0 },
        itemSourceFor(spec),
      );
      // A runner in a process that is gone (heartbeat long expired) took items 1–3, finished 1.
      const job = a.store.claim(created.id, 'gone-host:1:x', 'tok', 0)!;
      expect(a.store.takePage(job, 'tok', 3)).toBe(true);
      a.store.flush(job, 'tok', 0, [
        { ordinal: 1, fileId: ids[0]!, relPath: '', state: 'done', error: null, before: null, after: null, actions: [], finishedAt: 0 },
      ], () => {});
      const shown = () => a.engine.items(job.id, undefined, 0, 10).items.map((i) => i.state);
      expect(shown()).toEqual(['done', 'running', 'running', 'pending']);
      expect(a.engine.items(job.id, ['running'], 0, 10)).toMatchObject({ total: 2, items: [{ ordinal: 2 }, { ordinal: 3 }] });
      await a.close();

      const b = await createJobHarness({ dir });
      try {
        const sizes = b.db.prepare('SELECT size FROM files ORDER BY id').pluck().all();
        expect(sizes).toEqual([1, 10, 10, 1]);
        expect(b.db.prepare('SELECT state, dispatched FROM jobs WHERE id = ?').get(job.id)).toEqual({ state: 'interrupted', dispatched: 0 });
        expect(b.engine.items(job.id, undefined, 0, 10).items.map((i) => i.state)).toEqual(['done', 'pending', 'pending', 'pending']);
      } finally {
        await b.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
