import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { endSentence } from '../../../src-renderer/state/jobs-store.ts';
import { startStoreHarness, until, type StoreHarness } from './store-harness.ts';

describe('jobs and history stores over a real core', () => {
  let h: StoreHarness;
  beforeEach(async () => {
    h = await startStoreHarness();
    await h.stores.library.getState().addRoot(h.library);
  });
  afterEach(async () => h.close());

  const jobs = () => h.stores.jobs.getState();
  const history = () => h.stores.history.getState();
  const finished = (id: string) => until(h.stores.jobs, (s) => ['completed', 'failed', 'cancelled'].includes(s.jobs[id]?.state ?? ''));

  it('follows a job by events to its end, announces the end once, and ignores older snapshots', async () => {
    const job = (await jobs().start({ kind: 'noop', scope: { type: 'all', rootId: null }, noop: { delayMs: 20, failEvery: 0 } }))!;
    const state = await finished(job.id);
    const done = state.jobs[job.id]!;
    expect(done.done).toBe(SAMPLE_FILES.length);
    expect(h.stores.announcer.getState().message?.text).toBe(endSentence(done));
    // A late event carrying an older seq changes nothing.
    jobs().apply({ ...job, seq: 0, state: 'running' });
    expect(jobs().jobs[job.id]!.state).toBe('completed');
  });

  it('restores active and unseen jobs on reconnect, and a cancel goes through', async () => {
    const job = (await jobs().start({ kind: 'noop', scope: { type: 'all', rootId: null }, noop: { delayMs: 500, failEvery: 0 } }))!;
    h.stores.jobs.setState({ jobs: {}, restored: false });
    h.reconnect();
    await until(h.stores.jobs, (s) => s.restored && s.jobs[job.id] !== undefined);
    await jobs().control('cancel', job.id);
    expect((await finished(job.id)).jobs[job.id]!.state).toBe('cancelled');
  });

  it('lists jobs from the one snapshot cache and filters an open job to its failed items', async () => {
    const job = (await jobs().start({ kind: 'noop', scope: { type: 'all', rootId: null }, noop: { delayMs: 0, failEvery: 3 } }))!;
    await finished(job.id);
    await history().refresh();
    expect(history().ids[0]).toBe(job.id);
    // History holds ids only: the snapshot it shows is the jobs store's.
    expect(jobs().jobs[history().ids[0]!]!.failed).toBeGreaterThan(0);

    history().open(job.id);
    await until(h.stores.history, (s) => s.itemPages[0] !== undefined);
    expect(history().itemsTotal).toBe(SAMPLE_FILES.length);
    history().setItemFilter('failed');
    const filtered = await until(h.stores.history, (s) => s.itemPages[0] !== undefined);
    expect(filtered.itemsTotal).toBe(jobs().jobs[job.id]!.failed);
    expect(filtered.itemPages[0]!.every((item) => item.state === 'failed')).toBe(true);

    // A job created later goes on top of the list by its event alone.
    const next = (await jobs().start({ kind: 'noop', scope: { type: 'all', rootId: null }, noop: { delayMs: 0, failEvery: 0 } }))!;
    await until(h.stores.history, (s) => s.ids[0] === next.id);
  });
});
