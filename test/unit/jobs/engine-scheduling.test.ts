/**
 * The job engine's scheduling against fakes of every port (docs/architecture.md): an in-memory
 * store, an executor whose items finish only when the test says so, an in-memory index and a
 * clock. No SQLite, no threads: what is tested is the engine's own decisions — which job runs,
 * how many, in which order, what is in flight, what a cancel stops, what gets committed.
 * The same behaviour runs end to end in job-engine.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../../src-shared/contract/errors.ts';
import { JobSpecSchema, type JobItemState, type JobSpecInput } from '../../../src-shared/contract/jobs.ts';
import { SettingsSchema, type Settings } from '../../../src-shared/contract/settings.ts';
import { FileLocks } from '../../../src-main/core/exec/file-locks.ts';
import type { TaskOwner, TaskResult } from '../../../src-main/core/exec/worker-pool.ts';
import type { WorkerContext } from '../../../src-main/core/exec/worker-protocol.ts';
import type { Executor, JobIndex, JobStore } from '../../../src-main/core/jobs/engine-ports.ts';
import { JobEngine } from '../../../src-main/core/jobs/job-engine.ts';
import { LeaseLostError, type ItemResult, type JobRef, type JobRow, type NewJob, type PendingItem } from '../../../src-main/core/jobs/job-repo.ts';
import { transition, type JobEvent } from '../../../src-main/core/jobs/job-state.ts';
import type { FileRow, InFlightRow } from '../../../src-main/core/library/index/library-index.ts';
import type { OperationItem, OperationKind, OperationOutcome } from '../../../src-main/core/operations/operation-types.ts';
import { silentLogger } from '../../helpers/job-harness.ts';

interface FakeItem extends PendingItem {
  state: JobItemState;
}

/** Jobs and items in maps, with the real transition table; every job covers all `fileIds`. */
class FakeStore implements Omit<JobStore, 'sourcePage' | 'list' | 'items' | 'active'> {
  readonly jobs = new Map<string, JobRow>();
  readonly items = new Map<number, FakeItem[]>();
  readonly claims: string[] = [];
  readonly flushes: Array<{ jobId: string; ordinals: number[] }> = [];
  #key = 0;
  readonly fileIds: number[];
  constructor(fileIds: number[]) {
    this.fileIds = fileIds;
  }

  find(id: string) {
    return this.jobs.get(id);
  }
  get(id: string): JobRow {
    const row = this.jobs.get(id);
    if (!row) throw new Error(`no job ${id}`);
    return row;
  }
  #update(id: string, patch: Partial<JobRow>): JobRow {
    const row = { ...this.get(id), ...patch, seq: this.get(id).seq + 1 };
    this.jobs.set(id, row);
    return row;
  }
  create(job: NewJob): JobRow {
    const key = ++this.#key;
    const items = this.fileIds.map((fileId, i) => ({ ordinal: i + 1, file_id: fileId, item_path: `f${fileId}.cbz`, input: null, state: 'pending' as const }));
    this.items.set(key, items);
    const row: JobRow = {
      key, id: job.id, kind: job.kind, title: job.title, scope: JSON.stringify(job.scope), options: JSON.stringify(job.options),
      state: 'queued', priority: job.priority, created_at: job.now, started_at: null, finished_at: null, heartbeat_at: null,
      lease_owner: null, lease_token: null, attempts: 0, interruptions: 0, cancel_requested: 0, pause_requested: 0,
      total: items.length, done: 0, succeeded: 0, skipped: 0, failed: 0, seq: 1, last_error_code: null, last_error_message: null,
      seen: 0, dispatched: 0, parent_job_id: job.parentJobId, resumes_at: null, undone_by: null,
    };
    this.jobs.set(job.id, row);
    return row;
  }
  timedPauses() {
    return [...this.jobs.values()].filter((r) => r.state === 'paused' && r.resumes_at !== null).map((r) => ({ id: r.id, resumes_at: r.resumes_at! }));
  }
  markUndone(id: string, undoJobId: string): JobRow | undefined {
    return this.jobs.has(id) ? this.#update(id, { undone_by: undoJobId }) : undefined;
  }
  activeUndoOf(id: string): JobRow | undefined {
    return [...this.jobs.values()].find((r) => r.kind === 'undo' && r.parent_job_id === id && !['completed', 'failed', 'cancelled'].includes(r.state));
  }
  runnable(): JobRow[] {
    return [...this.jobs.values()]
      .filter((r) => r.state === 'queued' || r.state === 'interrupted')
      .sort((a, b) => b.priority - a.priority || a.created_at - b.created_at || a.key - b.key);
  }
  claim(id: string, owner: string, token: string, now: number): JobRow | null {
    const row = this.find(id);
    if (!row || row.cancel_requested || !transition(row.state, 'claim')) return null;
    this.claims.push(id);
    return this.#update(id, { state: 'running', lease_owner: owner, lease_token: token, heartbeat_at: now, started_at: row.started_at ?? now });
  }
  pendingPage(job: JobRef, after: number, limit: number): PendingItem[] {
    return this.items.get(job.key)!.filter((i) => i.state === 'pending' && i.ordinal > after).slice(0, limit);
  }
  takePage(job: JobRef, token: string, last: number): boolean {
    const row = this.get(job.id);
    if (row.lease_token !== token) return false;
    this.#update(job.id, { dispatched: Math.max(row.dispatched, last) });
    return true;
  }
  flush(job: JobRef, token: string, now: number, results: ItemResult[], also: () => void): JobRow {
    const row = this.get(job.id);
    if (row.lease_token !== token || row.state !== 'running') throw new LeaseLostError(job.id);
    const items = this.items.get(job.key)!;
    for (const r of results) items[r.ordinal - 1]!.state = r.state;
    also();
    this.flushes.push({ jobId: job.id, ordinals: results.map((r) => r.ordinal) });
    const count = (s: string) => results.filter((r) => r.state === s).length;
    return this.#update(job.id, {
      done: row.done + results.length, succeeded: row.succeeded + count('done'), skipped: row.skipped + count('skipped'),
      failed: row.failed + count('failed'), heartbeat_at: now,
    });
  }
  finishRun(id: string, token: string, event: JobEvent, now: number, error: ErrorInfo | null = null): JobRow | null {
    const row = this.find(id);
    if (!row || row.lease_token !== token) return null;
    const next = transition(row.state, event === 'complete' && row.cancel_requested ? 'cancel' : event);
    if (!next) return null;
    const terminal = next === 'completed' || next === 'failed' || next === 'cancelled';
    return this.#update(id, {
      state: next, lease_owner: null, lease_token: null, heartbeat_at: null, dispatched: 0, finished_at: terminal ? now : null,
      last_error_code: error?.code ?? row.last_error_code, last_error_message: error?.message ?? row.last_error_message,
      pause_requested: next === 'paused' ? 0 : row.pause_requested,
    });
  }
  request(id: string, event: 'cancel' | 'pause' | 'resume', runnerAlive: (row: JobRow) => boolean, now: number): JobRow {
    const row = this.get(id);
    if (row.state === 'running' && runnerAlive(row)) {
      if (event === 'resume') return this.#update(id, { pause_requested: 0 });
      return this.#update(id, event === 'cancel' ? { cancel_requested: 1 } : { pause_requested: 1 });
    }
    const next = transition(row.state, event)!;
    return this.#update(id, { state: next, finished_at: next === 'cancelled' ? now : null, cancel_requested: event === 'cancel' ? 1 : 0 });
  }
  progress(): JobRow | null {
    throw new Error('not a scan');
  }
  heartbeat(id: string, token: string, now: number): JobRow | null {
    const row = this.get(id);
    return row.lease_token === token ? this.#update(id, { heartbeat_at: now }) : null;
  }
  acknowledge(id: string): JobRow {
    return this.#update(id, { seen: 1 });
  }
  running(): JobRow[] {
    return [...this.jobs.values()].filter((r) => r.state === 'running');
  }
  recoverInterrupted() {
    return { interrupted: [], ended: [] };
  }
  pruneFinishedBefore(): number {
    return 0;
  }
}

interface Task {
  kind: OperationKind;
  item: OperationItem;
  ctx: WorkerContext;
  owner: TaskOwner<unknown>;
  tag: unknown;
}

/** Items run when the test says so; records what was in flight together. */
class FakeExecutor implements Executor {
  readonly capacity = 4;
  readonly inFlight: Task[] = [];
  maxSameFile = 0;
  run<T>(kind: OperationKind, item: OperationItem, ctx: WorkerContext, owner: TaskOwner<T>, tag: T): void {
    this.inFlight.push({ kind, item, ctx, owner: owner as TaskOwner<unknown>, tag });
    this.maxSameFile = Math.max(this.maxSameFile, this.inFlight.filter((t) => t.item.fileId === item.fileId).length);
  }
  runOne(): Promise<TaskResult> {
    throw new Error('no previews here');
  }
  /** Finishes the oldest `n` tasks in flight (new ones the engine dispatches in reply join the end). */
  finish(n = this.inFlight.length, outcome: (item: OperationItem) => OperationOutcome = () => ({ state: 'done', fileStatus: 'processed' })): number {
    const tasks = this.inFlight.splice(0, n);
    for (const t of tasks) t.owner.finished(t.tag, { outcome: outcome(t.item), finishedAt: Date.now() });
    return tasks.length;
  }
  dropQueued(): void {}
  resize(): void {}
}

class FakeIndex implements JobIndex {
  version = 0;
  readonly applied: Array<{ fileId: number; status: string | undefined }> = [];
  readonly #files = new Map<number, FileRow>();
  constructor(ids: number[]) {
    for (const id of ids) this.#files.set(id, { root_id: 1, rel_path: `f${id}.cbz`, size: 1, mtime_ms: 0, status: 'unprocessed' });
  }
  file(id: number) {
    return this.#files.get(id);
  }
  files(ids: number[]) {
    return new Map(ids.flatMap((id) => (this.#files.has(id) ? [[id, this.#files.get(id)!] as const] : [])));
  }
  rootPaths() {
    return new Map([[1, '/library']]);
  }
  apply(fileId: number, outcome: OperationOutcome): void {
    this.version += 1;
    this.applied.push({ fileId, status: outcome.fileStatus });
  }
  inFlightFiles(): InFlightRow[] {
    return [];
  }
  setStat(): void {}
  rootPathOf() {
    return '/library';
  }
}

let engine: JobEngine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

async function setup(fileIds: number[], settings: Partial<Settings> = {}) {
  const store = new FakeStore(fileIds);
  const executor = new FakeExecutor();
  const index = new FakeIndex(fileIds);
  const events: Array<{ event: string; payload: unknown }> = [];
  let now = 1_000;
  const parsed = SettingsSchema.parse({ workerCount: 1, ...settings });
  engine = new JobEngine({
    store: store as unknown as JobStore,
    executor,
    locks: new FileLocks(),
    // One process: no other claims files.
    claims: { forJob: () => ({ claim: () => new Set<number>(), release: () => {} }) },
    index,
    clock: { now: () => ++now },
    settings: { get: () => parsed },
    logger: silentLogger,
    journalDir: '/nowhere',
    emit: (event, payload) => events.push({ event, payload }),
    scan: () => Promise.reject(new Error('no scans here')),
    onFilesChanged: () => {},
    trash: async () => {},
  });
  await engine.recover();
  const start = (spec: JobSpecInput) => engine!.start(JobSpecSchema.parse(spec));
  return { store, executor, index, events, engine, start };
}

/** Lets the engine's microtasks and its short flush timer run. */
const settle = () => new Promise((r) => setTimeout(r, 120));

describe('job engine scheduling (fake ports)', () => {
  it('runs at most `concurrentJobs` jobs, then the best priority first', async () => {
    const { store, executor, start, engine } = await setup([1, 2], { concurrentJobs: 1 });
    const a = start({ kind: 'noop', scope: { type: 'all' }, priority: 0 });
    const low = start({ kind: 'noop', scope: { type: 'all' }, priority: 1 });
    const high = start({ kind: 'noop', scope: { type: 'all' }, priority: 5 });
    expect(store.claims).toEqual([a.id]);
    expect(engine.get(low.id).state).toBe('queued');
    // Each job's two items: finish them, and the next job is claimed when the slot frees up.
    for (let i = 0; i < 3; i++) {
      while (executor.inFlight.length) executor.finish();
      await settle();
    }
    expect(store.claims).toEqual([a.id, high.id, low.id]);
    for (const job of [a, high, low]) expect(engine.get(job.id)).toMatchObject({ state: 'completed', done: 2, succeeded: 2 });
  });

  it('two jobs over the same files never have one file in flight twice, and both finish every item', async () => {
    const ids = [1, 2, 3, 4, 5, 6];
    const { executor, start, engine, store } = await setup(ids, { concurrentJobs: 2 });
    const a = start({ kind: 'noop', scope: { type: 'all' } });
    const b = start({ kind: 'noop', scope: { type: 'all' } });
    expect(store.claims).toEqual([a.id, b.id]);
    for (let round = 0; round < 20 && executor.inFlight.length; round++) {
      executor.finish(1);
      await settle();
    }
    expect(executor.maxSameFile).toBe(1);
    expect(engine.get(a.id)).toMatchObject({ state: 'completed', done: 6 });
    expect(engine.get(b.id)).toMatchObject({ state: 'completed', done: 6 });
  });

  it('cancel: nothing new is dispatched, items in flight finish and are recorded, the job ends cancelled', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    const { executor, start, engine, store } = await setup(ids);
    const job = start({ kind: 'noop', scope: { type: 'all' } });
    const inFlight = executor.inFlight.length;
    expect(inFlight).toBe(executor.capacity);
    engine.cancel(job.id);
    executor.finish();
    await settle();
    expect(executor.inFlight).toHaveLength(0);
    expect(engine.get(job.id)).toMatchObject({ state: 'cancelled', done: inFlight });
    expect(store.items.get(store.get(job.id).key)!.filter((i) => i.state === 'pending')).toHaveLength(20 - inFlight);
  });

  it('results are committed in batches with their index updates, and events follow the commit', async () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8];
    const { executor, start, store, index, events } = await setup(ids);
    const job = start({ kind: 'noop', scope: { type: 'all' } });
    executor.finish(4, (item) => (item.fileId % 2 ? { state: 'done', fileStatus: 'processed' } : { state: 'failed', code: 'ARCHIVE_CORRUPT', message: 'x', fileStatus: 'error' }));
    // Nothing is committed synchronously: results wait for the batch.
    expect(store.flushes).toHaveLength(0);
    expect(events.some((e) => e.event === 'job.items')).toBe(false);
    await settle();
    expect(store.flushes).toEqual([{ jobId: job.id, ordinals: [1, 2, 3, 4] }]);
    expect(index.applied).toEqual([
      { fileId: 1, status: 'processed' },
      { fileId: 2, status: 'error' },
      { fileId: 3, status: 'processed' },
      { fileId: 4, status: 'error' },
    ]);
    const itemsEvent = events.find((e) => e.event === 'job.items')!.payload as { seq: number; items: Array<{ ordinal: number }> };
    expect(itemsEvent.items.map((i) => i.ordinal)).toEqual([1, 2, 3, 4]);
    expect(itemsEvent.seq).toBe(store.get(job.id).seq);
    while (executor.inFlight.length) {
      executor.finish();
      await settle();
    }
    expect(store.get(job.id)).toMatchObject({ state: 'completed', done: 8, succeeded: 6, failed: 2 });
  });
});
