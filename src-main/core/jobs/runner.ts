import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { FileStatus } from '../../../src-shared/contract/library.ts';
import type { JobSpec } from '../../../src-shared/contract/jobs.ts';
import type { OperationKind, OperationOutcome } from '../operations/operation-types.ts';
import type { Logger } from '../ports.ts';
import type { JobClaims } from '../exec/file-claims.ts';
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
 * p95 target (docs/behaviour.md §7) while staying ≤ ~12 commits/s per job when items are slow. Fast items
 * fill a batch first: at 20k items/s, 250 per commit is ~80 commits/s, each one's fixed cost
 * (WAL pages, the job row, the events) shared by many items, and a result waits ~12 ms for it.
 */
export const FLUSH_MAX_ITEMS = 250;
export const FLUSH_MAX_DELAY_MS = 80;
const PAGE_SIZE = 512;
/**
 * Files claimed across processes at once (docs/concurrency.md): one transaction per this many
 * items keeps the per-file cost tiny, and few enough that another process is not kept off
 * files this one will not reach for a while.
 */
const CLAIM_BATCH = 64;
/** How often files another process holds are asked for again (no cross-process wake-up exists). */
export const CLAIM_RETRY_MS = 250;

interface TodoRow extends PendingItem {
  /** The file's index row as of the page read (null columns: the file is gone). */
  root_id: number | null;
  rel_path: string | null;
  size: number | null;
  mtime_ms: number | null;
  status: FileStatus | null;
  /** Another process (or job) had the file in flight when this runner asked for it. */
  elsewhere?: boolean;
}

/** A todo row's file columns from the file's index row (all null: the file is gone). */
function fileColumns(file: FileRow | undefined): Pick<TodoRow, 'root_id' | 'rel_path' | 'size' | 'mtime_ms' | 'status'> {
  return {
    root_id: file?.root_id ?? null,
    rel_path: file?.rel_path ?? null,
    size: file?.size ?? null,
    mtime_ms: file?.mtime_ms ?? null,
    status: file?.status ?? null,
  };
}

/** Why a runner stops before its items are done; a later reason outranks an earlier one. */
type StopReason = 'release' | 'pause' | 'cancel' | 'lease-lost';
const STOP_RANK: Record<StopReason, number> = { release: 0, pause: 1, cancel: 2, 'lease-lost': 3 };

export interface RunnerDeps {
  repo: JobStore;
  pool: Pick<Executor, 'run' | 'dropQueued' | 'capacity'>;
  locks: Locks;
  /** This job's cross-process file claims. */
  claims: JobClaims;
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
  /** Page rows up to here are claimed (or found held elsewhere). */
  #claimedTo = 0;
  /** Items whose file another process holds: asked for again every CLAIM_RETRY_MS. */
  #elsewhere: TodoRow[] = [];
  #elsewhereAt = 0;
  #elsewhereTimer: NodeJS.Timeout | null = null;
  /** Files this job has claimed and not yet released. */
  readonly #held = new Set<number>();
  /** Files of the items in flight: their claims outlive a failing runner until they finish. */
  readonly #running = new Set<number>();
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
    this.#retryElsewhere();
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
        this.#claimedTo = 0;
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
      if (this.#pageAt >= this.#claimedTo) this.#claimAhead();
      const row = this.#page[this.#pageAt]!;
      if (row.elsewhere) {
        this.#pageAt += 1;
        this.#elsewhere.push(row);
        continue;
      }
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

  /**
   * Claims the next CLAIM_BATCH files of the page across processes. Files held elsewhere are set
   * aside (asked for again later, never failed); the rows of the claimed ones are re-read, as
   * another process may have written, renamed or removed the file before our claim.
   */
  #claimAhead(): void {
    const rows = this.#page.slice(this.#pageAt, this.#pageAt + CLAIM_BATCH);
    this.#claimedTo = this.#pageAt + rows.length;
    const busy = this.#deps.claims.claim(rows.flatMap((r) => (r.file_id === null ? [] : [r.file_id])));
    for (const row of rows) row.elsewhere = row.file_id !== null && busy.has(row.file_id);
    this.#adopt(rows.filter((r) => !r.elsewhere));
  }

  #retryElsewhere(): void {
    if (!this.#elsewhere.length || this.#deps.now() < this.#elsewhereAt) return;
    this.#elsewhereAt = this.#deps.now() + CLAIM_RETRY_MS;
    const busy = this.#deps.claims.claim(this.#elsewhere.map((r) => r.file_id!));
    const got = this.#elsewhere.filter((r) => !busy.has(r.file_id!));
    this.#elsewhere = this.#elsewhere.filter((r) => busy.has(r.file_id!));
    this.#adopt(got);
    for (const row of got) row.elsewhere = false;
    this.#deferred.push(...got);
  }

  /** Claimed rows: remembered for release, and their file columns read again, after the claim. */
  #adopt(rows: TodoRow[]): void {
    const ids = rows.flatMap((r) => (r.file_id === null ? [] : [r.file_id]));
    if (!ids.length) return;
    for (const id of ids) this.#held.add(id);
    const files = this.#deps.index.files(ids);
    for (const row of rows) {
      if (row.file_id === null) continue;
      const file = files.get(row.file_id);
      Object.assign(row, fileColumns(file));
    }
  }

  /** Gives claims back; outside a commit only for files this job did not touch (or will not record). */
  #unclaim(ids: number[]): void {
    const held = ids.filter((id) => this.#held.delete(id));
    if (held.length) this.#deps.claims.release(held);
  }

  /** The next page of unfinished items, each with its file's index row (one lookup per page). */
  #readPage(): TodoRow[] {
    const pending = this.#deps.repo.pendingPage(this.#job, this.#cursor, PAGE_SIZE);
    const files = this.#deps.index.files(pending.flatMap((p) => (p.file_id === null ? [] : [p.file_id])));
    return pending.map((p) => {
      const file = p.file_id === null ? undefined : files.get(p.file_id);
      return { ...p, ...fileColumns(file) };
    });
  }

  #dispatch(row: TodoRow): void {
    this.#inflight += 1;
    if (row.file_id !== null) this.#running.add(row.file_id);
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
    if (row.file_id !== null) this.#running.delete(row.file_id);
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
      if (row.file_id !== null) this.#unclaim([row.file_id]);
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
        // In the commit of the results: whoever claims a file next reads its updated row.
        this.#unclaim(results.flatMap((r) => (r.fileId === null ? [] : [r.fileId])));
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
    const drained = this.#exhausted && this.#pageAt >= this.#page.length && this.#deferred.length === 0 && this.#elsewhere.length === 0;
    if (!this.#stop && !drained && this.#elsewhere.length) this.#elsewhereTimer ??= setTimeout(() => {
      this.#elsewhereTimer = null;
      this.#fill();
    }, CLAIM_RETRY_MS);
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
    if (this.#elsewhereTimer) clearTimeout(this.#elsewhereTimer);
    // Claimed but not (or no more) recorded by us: free for others. Items still running keep
    // theirs until they finish (`#finished` after the end releases them).
    try {
      this.#unclaim([...this.#held].filter((id) => !this.#running.has(id)));
    } catch (error) {
      // A database that refuses this refuses everything; the claims die with this process.
      this.#deps.logger.error({ err: error, jobId: this.jobId }, 'could not release file claims');
    }
    this.#unsubscribe();
  }
}
