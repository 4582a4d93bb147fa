import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { FileStatus } from '../../../src-shared/contract/library.ts';
import type { JobSpec } from '../../../src-shared/contract/jobs.ts';
import type { OperationKind, OperationOutcome } from '../operations/operation-types.ts';
import type { Logger } from '../ports.ts';
import type { LockResult } from '../exec/file-locks.ts';
import type { TaskOwner, TaskResult } from '../exec/worker-pool.ts';
import type { WorkerContext } from '../exec/worker-protocol.ts';
import type { FileRow } from '../library/index/library-index.ts';
import type { Executor, JobIndex, JobStore, Locks } from './engine-ports.ts';
import { isOperationItem, type ItemBuilder } from './item-builder.ts';
import { LeaseLostError, type ItemResult, type JobRef, type JobRow, type PendingItem } from './job-repo.ts';
import { Heartbeat } from './heartbeat.ts';
import { logItemFailed } from './job-log.ts';

/**
 * Batches: a flush commits at most this many items, and no item waits longer than the delay.
 * The anchors suggest ~250 ms; 80 ms keeps "item done → event in a window" under the 100 ms
 * p95 target (SPEC §7) while staying ≤ ~12 commits/s per job when items are slow. Fast items
 * fill a batch first: at 20k items/s, 250 per commit is ~80 commits/s, each one's fixed cost
 * (WAL pages, the job row, the events) shared by many items, and a result waits ~12 ms for it.
 */
export const FLUSH_MAX_ITEMS = 250;
export const FLUSH_MAX_DELAY_MS = 80;
const PAGE_SIZE = 512;

interface TodoRow extends PendingItem {
  /** The file's index row as of the page read (null columns: the file is gone). */
  root_id: number | null;
  rel_path: string | null;
  size: number | null;
  mtime_ms: number | null;
  status: FileStatus | null;
}

/** Why a runner stops before its items are done; a later reason outranks an earlier one. */
type StopReason = 'release' | 'pause' | 'cancel' | 'lease-lost';
const STOP_RANK: Record<StopReason, number> = { release: 0, pause: 1, cancel: 2, 'lease-lost': 3 };

export interface RunnerDeps {
  repo: JobStore;
  pool: Pick<Executor, 'run' | 'dropQueued' | 'capacity'>;
  locks: Locks;
  items: ItemBuilder;
  index: JobIndex;
  logger: Logger;
  now: () => number;
  /** Called after every commit of this runner, never before. */
  onCommitted: (row: JobRow, items: ItemResult[], filesChanged: boolean) => void;
  /** Post-commit cleanup of the batch's outcomes (rename intents, trash). */
  settle: (outcomes: OperationOutcome[]) => void;
}

/**
 * Runs one claimed item job to its end in this process: feeds the pool from the job's
 * unfinished items (in ordinal order, paged from the DB so memory stays flat), records
 * outcomes in lease-fenced batches, and honours cancel/pause at once when asked here, or at
 * the next flush/heartbeat when asked by another process.
 */
export class JobRunner {
  readonly jobId: string;
  readonly #job: JobRef;
  readonly #token: string;
  readonly #spec: JobSpec;
  readonly #kind: OperationKind;
  readonly #ctx: WorkerContext;
  readonly #deps: RunnerDeps;

  #cursor = 0;
  #page: TodoRow[] = [];
  #pageAt = 0;
  /** `IndexUpdater.version` when the page was read: if it moved, file rows are re-read. */
  #pageVersion = 0;
  #exhausted = false;
  /** Items whose file another job holds right now; retried first when a lock is released. */
  readonly #deferred: TodoRow[] = [];
  #inflight = 0;
  /** The batch being gathered: item rows to write, and (same index) what each item did. */
  #results: ItemResult[] = [];
  #outcomes: OperationOutcome[] = [];
  readonly #owner: TaskOwner<TodoRow>;
  #stop: StopReason | null = null;
  #ended = false;
  #flushTimer: NodeJS.Timeout | null = null;
  readonly #heartbeat: Heartbeat;
  readonly #unsubscribe: () => void;
  readonly #resolve: (row: JobRow | null) => void;
  /** The final row (completed/cancelled/paused/queued/failed), or null when the lease was lost. */
  readonly done: Promise<JobRow | null>;

  constructor(deps: RunnerDeps, row: JobRow, token: string, spec: JobSpec, ctx: WorkerContext) {
    this.jobId = row.id;
    this.#job = { key: row.key, id: row.id };
    this.#token = token;
    this.#spec = spec;
    this.#kind = spec.kind as OperationKind;
    this.#ctx = ctx;
    this.#deps = deps;
    let resolve!: (row: JobRow | null) => void;
    this.done = new Promise((r) => (resolve = r));
    this.#resolve = resolve;
    this.#owner = { finished: (row, result) => this.#finished(row, result), aborted: (row) => this.#released(row) };
    this.#unsubscribe = deps.locks.onRelease(() => this.#fill());
    this.#heartbeat = new Heartbeat(deps.repo, row.id, token, deps.now, (beat) => {
      if (beat) this.#honour(beat);
      else this.stop('lease-lost');
    });
    this.#fill();
  }

  /** Cancel/pause asked in this process, or shutdown (release). Takes effect at once. */
  stop(reason: StopReason): void {
    if (this.#stop && STOP_RANK[this.#stop] >= STOP_RANK[reason]) return;
    this.#stop = reason;
    // Queued-but-not-started items of this job never start; running ones finish (or time out).
    this.#deps.pool.dropQueued(this.#ctx);
    this.#maybeEnd();
  }

  #fill(): void {
    if (this.#ended) return;
    try {
      while (!this.#stop && this.#inflight < this.#deps.pool.capacity) {
        const next = this.#next();
        if (!next) break;
        this.#dispatch(next);
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#maybeEnd();
  }

  #lock(row: TodoRow): LockResult {
    // A row with a file id was joined to its file: root_id is set (files.root_id is NOT NULL).
    return row.file_id === null ? 'locked' : this.#deps.locks.tryLock(row.file_id, row.root_id!, this.jobId);
  }

  #next(): TodoRow | null {
    for (let i = 0; i < this.#deferred.length; i++) {
      const row = this.#deferred[i]!;
      if (this.#lock(row) === 'locked') {
        this.#deferred.splice(i, 1);
        return row;
      }
    }
    for (;;) {
      if (this.#pageAt >= this.#page.length) {
        if (this.#exhausted) return null;
        this.#pageVersion = this.#deps.index.version;
        this.#page = this.#readPage();
        this.#deps.items.refresh();
        this.#pageAt = 0;
        if (this.#page.length < PAGE_SIZE) this.#exhausted = true;
        if (!this.#page.length) return null;
        this.#cursor = this.#page[this.#page.length - 1]!.ordinal;
        // Committed before any item of the page is dispatched: a crash from here on leaves the
        // page inside the job's `dispatched` cursor, so recovery re-checks its files.
        if (!this.#deps.repo.takePage(this.#job, this.#token, this.#cursor)) {
          this.#page = [];
          this.stop('lease-lost');
          return null;
        }
      }
      const row = this.#page[this.#pageAt]!;
      const lock = this.#lock(row);
      // A scan has this root: wait here (woken when it ends) rather than set aside every
      // item of the root, which would grow with the job.
      if (lock === 'root-busy') return null;
      this.#pageAt += 1;
      if (lock === 'locked') return row;
      // Another job has the file in flight: at most that job's in-flight items wait here.
      this.#deferred.push(row);
    }
  }

  /** The next page of unfinished items, each with its file's index row (one lookup per page). */
  #readPage(): TodoRow[] {
    const pending = this.#deps.repo.pendingPage(this.#job, this.#cursor, PAGE_SIZE);
    const files = this.#deps.index.files(pending.flatMap((p) => (p.file_id === null ? [] : [p.file_id])));
    return pending.map((p) => {
      const file = p.file_id === null ? undefined : files.get(p.file_id);
      return {
        ...p,
        root_id: file?.root_id ?? null,
        rel_path: file?.rel_path ?? null,
        size: file?.size ?? null,
        mtime_ms: file?.mtime_ms ?? null,
        status: file?.status ?? null,
      };
    });
  }

  #dispatch(row: TodoRow): void {
    this.#inflight += 1;
    // The page's file columns, unless the index changed since it was read (or the file is gone).
    const fresh = this.#pageVersion === this.#deps.index.version && row.root_id !== null;
    const item = this.#deps.items.build(row.file_id, row.input, this.#spec, fresh ? (row as FileRow) : undefined);
    if (!isOperationItem(item)) {
      queueMicrotask(() =>
        this.#finished(row, { outcome: { state: 'failed', code: item.code, message: item.message }, finishedAt: Date.now() }),
      );
      return;
    }
    this.#deps.pool.run(this.#kind, item, this.#ctx, this.#owner, row);
  }

  #release(row: TodoRow): void {
    this.#inflight -= 1;
    if (row.file_id !== null) this.#deps.locks.unlock(row.file_id, row.root_id!, this.jobId);
  }

  /** Dropped before it started (cancel/pause): the item stays pending in the DB. */
  #released(row: TodoRow): void {
    this.#release(row);
    this.#maybeEnd();
  }

  #finished(row: TodoRow, { outcome, finishedAt }: TaskResult): void {
    if (this.#ended || this.#stop === 'lease-lost') {
      // Another runner owns the job now and will redo this item (operations are idempotent).
      this.#release(row);
      this.#maybeEnd();
      return;
    }
    // Recorded before the lock is released: releasing wakes runners (this one too), and the
    // job must not be seen as drained while this result is not yet in the batch.
    this.#outcomes.push(outcome);
    this.#results.push({
      ordinal: row.ordinal,
      fileId: row.file_id,
      relPath: row.item_path,
      state: outcome.state,
      error: outcome.code ? { code: outcome.code, message: outcome.message ?? '' } : null,
      before: outcome.before ?? null,
      after: outcome.after ?? null,
      actions: outcome.actions ?? [],
      finishedAt,
    });
    if (outcome.state === 'failed') logItemFailed(this.#deps.logger, this.jobId, this.#results.at(-1)!);
    this.#release(row);
    if (this.#results.length >= FLUSH_MAX_ITEMS) this.#flush();
    else this.#flushTimer ??= setTimeout(() => this.#flush(), FLUSH_MAX_DELAY_MS);
    this.#fill();
  }

  /** One transaction: counters + heartbeat (fenced), item rows, files index. Events after. */
  #flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    if (this.#stop === 'lease-lost' || !this.#results.length) return;
    const results = this.#results;
    const outcomes = this.#outcomes;
    this.#results = [];
    this.#outcomes = [];
    const now = this.#deps.now();
    let filesChanged = false;
    let row: JobRow;
    try {
      row = this.#deps.repo.flush(this.#job, this.#token, now, results, () => {
        for (const [i, outcome] of outcomes.entries()) {
          const fileId = results[i]!.fileId;
          if (fileId === null || !(outcome.fileStatus || outcome.newRelPath || outcome.metadata || outcome.after || outcome.removed)) continue;
          filesChanged = true;
          this.#deps.index.apply(fileId, outcome, now);
        }
      });
    } catch (error) {
      if (error instanceof LeaseLostError) this.stop('lease-lost');
      else this.#fail(error);
      return;
    }
    this.#heartbeat.wrote(now);
    this.#deps.settle(outcomes);
    this.#deps.onCommitted(row, results, filesChanged);
    this.#honour(row);
  }

  /** Requests made by another process reach this runner through the row it just wrote. */
  #honour(row: JobRow): void {
    if (row.cancel_requested) this.stop('cancel');
    else if (row.pause_requested) this.stop('pause');
  }

  #maybeEnd(): void {
    if (this.#ended || this.#inflight > 0) return;
    const drained = this.#exhausted && this.#pageAt >= this.#page.length && this.#deferred.length === 0;
    if (this.#stop || drained) this.#end();
  }

  #end(): void {
    this.#flush();
    if (this.#ended) return;
    this.#ended = true;
    this.#cleanup();
    if (this.#stop === 'lease-lost') {
      this.#resolve(null);
      return;
    }
    const event = this.#stop === 'cancel' ? 'cancel' : this.#stop === 'pause' ? 'stop' : this.#stop === 'release' ? 'release' : 'complete';
    const row = this.#deps.repo.finishRun(this.jobId, this.#token, event, this.#deps.now());
    if (row) this.#deps.onCommitted(row, [], false);
    this.#resolve(row);
  }

  /** The job itself cannot go on (database error, broken input): it fails, with the reason. */
  #fail(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#cleanup();
    this.#deps.pool.dropQueued(this.#ctx);
    this.#deps.logger.error({ err: error, jobId: this.jobId }, 'job failed');
    let row: JobRow | null = null;
    try {
      row = this.#deps.repo.finishRun(this.jobId, this.#token, 'fail', this.#deps.now(), toErrorInfo(error));
      if (row) this.#deps.onCommitted(row, [], false);
    } catch (again) {
      // The database refuses even this; the lease expires and the next start recovers the job.
      this.#deps.logger.error({ err: again, jobId: this.jobId }, 'could not record job failure');
    }
    this.#resolve(row);
  }

  #cleanup(): void {
    this.#heartbeat.stop();
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#unsubscribe();
  }
}
