import { randomUUID } from 'node:crypto';
import { LongboxError, type ErrorCode } from '../../../src-shared/contract/errors.ts';
import type { EventName, EventPayload } from '../../../src-shared/contract/events.ts';
import {
  JobSpecSchema,
  type JobItem,
  type JobItemState,
  type JobSnapshot,
  type JobSpec,
  type JobState,
} from '../../../src-shared/contract/jobs.ts';
import { poolSize } from '../exec/pool-size.ts';
import type { WorkerContext } from '../exec/worker-protocol.ts';
import { itemSourceFor, retrySource, type ItemSource } from '../library/index/item-source.ts';
import type { RecoveredItem } from '../operations/recover-intents.ts';
import type { Clock, Logger } from '../ports.ts';
import type { Claims, Executor, JobIndex, JobStore, Locks, ScanFn, SettingsSource } from './engine-ports.ts';
import { ItemBuilder } from './item-builder.ts';
import { toSnapshot, type ItemResult, type JobRow } from './job-repo.ts';
import { canRetry, canUndo, isTerminal, UNDOABLE_JOB_KINDS } from '../../../src-shared/contract/job-policies.ts';
import { jobScope, jobTitle } from './job-titles.ts';
import { newBootId, newLeaseToken, ownerMayBeAlive, type BootId } from './lease.ts';
import { previewAll } from './preview.ts';
import { PreviewSessions, type PreviewPage } from './preview-session.ts';
import { ProgressEmitter } from './progress-emitter.ts';
import { recoverJobs } from './recovery.ts';
import { startRetention } from './retention.ts';
import { JobRunner } from './runner.ts';
import { ScanRunner } from './scan-runner.ts';
import { settleOutcomes } from './settle-outcomes.ts';
import { IdentifyRunner } from '../identify/identify-runner.ts';
import { previewIdentify } from '../identify/identify-preview.ts';
import type { IdentifyJobDeps } from '../identify/identification.ts';
import type { OperationItem } from '../operations/operation-types.ts';

import { TrashPool } from './trash-pool.ts';
import { jobOutcome } from './job-outcome.ts';
import { logJobEnded, logJobStarted } from './job-log.ts';
import { undoDirOf } from '../operations/undo-record.ts';

/** A timed pause is re-checked at least this often (the clock may be changed under us). */
const RESUME_CHECK_MAX_MS = 60_000;
const FILES_CHANGED_DELAY_MS = 250;

/** The engine's ports (`engine-ports.ts`) and the few values and callbacks it needs. */
export interface JobEngineDeps {
  store: JobStore;
  executor: Executor;
  locks: Locks;
  /** Keeps other processes on this data folder off the files this one has in flight. */
  claims: Claims;
  index: JobIndex;
  clock: Clock;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** The library scan (takes its root's claim itself), for the `scan` job kind. */
  scan: ScanFn;
  settings: SettingsSource;
  logger: Logger;
  journalDir: string;
  /** Files changed status/path/metadata (coalesced): the library view refreshes its counts. */
  onFilesChanged: () => void;
  /** The OS trash, for originals a CBR→CBZ conversion replaced. */
  trash: (path: string) => Promise<void>;
  /** The operations' start-up reconciliation of journals and rename intents. */
  reconcileFiles?: () => Promise<RecoveredItem[]>;
  maxInterruptions?: number;
  /** Pool size when the setting is not what should apply; default: the setting. */
  workerCount?: number;
  /** Online identification (the `identify` kind, docs/identify.md); absent: such jobs fail to start. */
  identify?: IdentifyJobDeps;
}

/**
 * The job system of one process: creates jobs, decides which run (priority, `concurrentJobs`,
 * leases), runs them on the shared executor, and announces committed changes as events.
 * It builds nothing it depends on: the host composes the store, pool, locks and index.
 * Jobs are picked up from the database: those created or resumed here, or — after
 * `resumeAll()` (the app, `serve`, `jobs resume`) — every queued or interrupted job.
 */
export class JobEngine {
  readonly boot: BootId = newBootId();
  readonly #deps: JobEngineDeps;
  readonly #store: JobStore;
  readonly #items: ItemBuilder;
  readonly #now: () => number;
  readonly #emitter: ProgressEmitter;
  readonly #previews = new PreviewSessions();
  readonly #running = new Map<string, JobRunner | ScanRunner | IdentifyRunner>();
  /** Jobs this process was asked to run (created or resumed here). */
  readonly #mine = new Set<string>();
  readonly #resumeAfterStop = new Set<string>();
  readonly #waiters = new Map<string, Array<(snapshot: JobSnapshot) => void>>();
  #idleWaiters: Array<() => void> = [];
  #runAll = false;
  #closed = false;
  #filesChangedTimer: NodeJS.Timeout | null = null;
  #retention: { stop(): void } | null = null;
  #resumeTimer: NodeJS.Timeout | null = null;

  constructor(deps: JobEngineDeps) {
    this.#deps = deps;
    this.#store = deps.store;
    this.#now = () => deps.clock.now();
    this.#items = new ItemBuilder(deps.index);
    this.#emitter = new ProgressEmitter((snapshot) => deps.emit('job.updated', snapshot));
  }

  /** Start-up: reconcile files and crashed jobs, then start retention. Call before anything runs. */
  async recover(): Promise<void> {
    const { interrupted, ended } = await recoverJobs({
      store: this.#store,
      index: this.#deps.index,
      logger: this.#deps.logger,
      now: this.#now,
      runnerAlive: (row) => this.#runnerAlive(row),
      reconcileFiles: this.#deps.reconcileFiles ?? (async () => []),
      maxInterruptions: this.#deps.maxInterruptions,
    });
    for (const row of [...interrupted, ...ended]) this.#announce(row);
    this.#retention = startRetention({
      store: this.#store,
      settings: this.#deps.settings,
      now: this.#now,
      logger: this.#deps.logger,
      journalDir: this.#deps.journalDir,
    });
  }

  /** Run every queued and interrupted job, now and whenever a slot frees up. */
  resumeAll(): void {
    this.#runAll = true;
    this.resumeDue();
    this.#kick();
  }

  /**
   * Resumes the jobs whose timed pause (a spent provider quota) is over, and sets a timer for
   * the next one. Called at start, whenever a job pauses itself, and by that timer.
   */
  resumeDue(): void {
    if (this.#closed) return;
    if (this.#resumeTimer) clearTimeout(this.#resumeTimer);
    this.#resumeTimer = null;
    const now = this.#now();
    let next: number | null = null;
    for (const { id, resumes_at } of this.#store.timedPauses()) {
      if (!(this.#runAll || this.#mine.has(id))) continue;
      if (resumes_at <= now) this.resume(id);
      else next ??= resumes_at;
    }
    if (next !== null) {
      this.#resumeTimer = setTimeout(() => this.resumeDue(), Math.min(RESUME_CHECK_MAX_MS, next - now));
      this.#resumeTimer.unref();
    }
  }

  start(spec: JobSpec): JobSnapshot {
    const original = spec.kind === 'undo' ? this.#undoable(spec.jobId) : undefined;
    return this.#create(spec, {
      title: jobTitle(spec, original),
      scope: jobScope(spec),
      parentJobId: original?.id ?? null,
      source: itemSourceFor(spec),
    });
  }

  undo(jobId: string, priority: number): JobSnapshot {
    return this.start({ kind: 'undo', jobId, priority });
  }

  /** A new job of the same kind and options over the failed items of a finished job. */
  retry(jobId: string): JobSnapshot {
    const original = this.#store.get(jobId);
    if (!canRetry(original)) {
      throw new LongboxError('JOB_INVALID_STATE', 'Only a finished job with failed items can be retried.');
    }
    const spec = JobSpecSchema.parse(JSON.parse(original.options));
    return this.#create(spec, {
      title: `Retry: ${original.title}`,
      scope: { type: 'retry', jobId },
      parentJobId: jobId,
      source: retrySource(jobId, original.state === 'failed'),
    });
  }

  /** A page of the dry run of `spec` over its whole scope (kept for paging; preview-session.ts). */
  async preview(spec: JobSpec, offset: number, limit: number, filter: 'all' | 'problems' = 'all'): Promise<PreviewPage> {
    if (spec.kind === 'undo') this.#undoable(spec.jobId);
    const ctx = this.#context(spec);
    const version = `${this.#deps.index.version}\n${JSON.stringify(ctx.settings)}`;
    const run =
      spec.kind === 'identify'
        ? () =>
            previewIdentify(
              { store: this.#store, items: this.#items, identify: this.#identifyDeps(), runEdit: this.#runEdit, settings: ctx.settings },
              spec,
            )
        : () => previewAll({ store: this.#store, executor: this.#deps.executor, items: this.#items }, spec, ctx);
    return this.#previews.page(spec, version, this.#now(), run, filter, offset, limit);
  }

  get(jobId: string): JobSnapshot {
    return toSnapshot(this.#store.get(jobId));
  }

  list(states: JobState[] | undefined, offset: number, limit: number) {
    return this.#store.list(states, offset, limit);
  }

  items(jobId: string, states: JobItemState[] | undefined, offset: number, limit: number, codes?: ErrorCode[]) {
    return this.#store.items(jobId, states, offset, limit, codes);
  }

  active() {
    return this.#store.active();
  }

  cancel(jobId: string): JobSnapshot {
    return this.#request(jobId, 'cancel');
  }

  pause(jobId: string): JobSnapshot {
    return this.#request(jobId, 'pause');
  }

  resume(jobId: string): JobSnapshot {
    const runner = this.#running.get(jobId);
    const row = this.#store.get(jobId);
    if (runner && row.pause_requested) {
      // Still draining its in-flight items toward `paused`: resume right after it gets there.
      this.#resumeAfterStop.add(jobId);
      return toSnapshot(row);
    }
    this.#request(jobId, 'resume');
    this.#mine.add(jobId);
    this.#kick();
    return this.get(jobId);
  }

  acknowledge(jobId: string): JobSnapshot {
    const row = this.#store.acknowledge(jobId);
    this.#announce(row);
    return toSnapshot(row);
  }

  /** Resolves with the job's snapshot once it has left the running/queued states here. */
  waitFor(jobId: string): Promise<JobSnapshot> {
    const row = this.#store.get(jobId);
    if (isTerminal(row.state) || row.state === 'paused') return Promise.resolve(toSnapshot(row));
    return new Promise((resolve) => {
      const list = this.#waiters.get(jobId) ?? [];
      list.push(resolve);
      this.#waiters.set(jobId, list);
    });
  }

  /** Resolves when nothing runs here and nothing runnable is left for this process. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.#idleWaiters.push(resolve);
      this.#checkIdle();
    });
  }

  /** Graceful stop: running jobs finish their in-flight items, record them, go back to queued. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#retention?.stop();
    if (this.#resumeTimer) clearTimeout(this.#resumeTimer);
    const runners = [...this.#running.values()];
    for (const runner of runners) runner.stop('release');
    await Promise.all(runners.map((r) => r.done));
    if (this.#filesChangedTimer) clearTimeout(this.#filesChangedTimer);
    this.#emitter.close();
  }

  #poolSize(): number {
    return this.#deps.workerCount ?? poolSize(this.#deps.settings.get().workerCount);
  }

  #undoable(jobId: string): JobRow {
    const original = this.#store.get(jobId);
    if (original.undone_by) throw new LongboxError('JOB_INVALID_STATE', 'This job has already been undone.');
    if (!canUndo({ ...original, undoneBy: original.undone_by })) {
      throw new LongboxError('JOB_INVALID_STATE', 'Only a finished process, rename, normalize, edit or keep-both job that changed files can be undone.');
    }
    // A cancelled or failed undo leaves the job undoable again; one still under way does not.
    if (this.#store.activeUndoOf(jobId)) throw new LongboxError('JOB_INVALID_STATE', 'An undo of this job is already under way.');
    return original;
  }

  #create(spec: JobSpec, extra: { title: string; scope: unknown; parentJobId: string | null; source: ItemSource | null }): JobSnapshot {
    if (this.#closed) throw new LongboxError('INTERNAL', 'Longbox is shutting down.');
    const row = this.#store.create(
      {
        id: randomUUID(),
        kind: spec.kind,
        title: extra.title,
        scope: extra.scope,
        options: spec,
        priority: spec.priority,
        parentJobId: extra.parentJobId,
        now: this.#now(),
      },
      extra.source,
    );
    this.#announce(row);
    this.#mine.add(row.id);
    this.#kick();
    return this.get(row.id);
  }

  #request(jobId: string, event: 'cancel' | 'pause' | 'resume'): JobSnapshot {
    const row = this.#store.request(jobId, event, (r) => this.#runnerAlive(r), this.#now());
    this.#announce(row);
    if (event !== 'resume') this.#running.get(jobId)?.stop(event);
    return toSnapshot(row);
  }

  #runnerAlive(row: JobRow): boolean {
    if (row.lease_owner === this.boot.id) return this.#running.has(row.id);
    return ownerMayBeAlive(row.lease_owner, this.boot, row.heartbeat_at, this.#now());
  }

  #context(spec: JobSpec, row?: JobRow): WorkerContext {
    const ctx: WorkerContext = { settings: this.#deps.settings.get(), journalDir: this.#deps.journalDir, dryRun: false };
    if (spec.kind === 'noop') ctx.noop = spec.noop;
    // Undoable jobs record each file before changing it (exact undo, true before on resume).
    if (row && UNDOABLE_JOB_KINDS.has(spec.kind)) ctx.undoDir = undoDirOf(this.#deps.journalDir, row.id);
    if (row && (JSON.parse(row.scope) as { type?: string }).type === 'retry') ctx.replan = true;
    return ctx;
  }

  /** Claims runnable jobs, best priority first, while fewer than `concurrentJobs` run here. */
  #kick(): void {
    if (this.#closed) return;
    this.#deps.executor.resize(this.#poolSize());
    const limit = this.#deps.settings.get().concurrentJobs;
    for (const row of this.#store.runnable()) {
      if (this.#running.size >= limit) break;
      if (this.#running.has(row.id) || !(this.#runAll || this.#mine.has(row.id))) continue;
      const token = newLeaseToken();
      // Another process may have claimed it since the SELECT; the IMMEDIATE claim decides.
      const claimed = this.#store.claim(row.id, this.boot.id, token, this.#now());
      if (claimed) this.#launch(claimed, token);
    }
    this.#checkIdle();
  }

  #launch(row: JobRow, token: string): void {
    this.#announce(row);
    let runner: JobRunner | ScanRunner | IdentifyRunner;
    try {
      const spec = JobSpecSchema.parse(JSON.parse(row.options));
      runner =
        spec.kind === 'identify'
          ? new IdentifyRunner(
              {
                repo: this.#store,
                items: this.#items,
                index: this.#deps.index,
                locks: this.#deps.locks,
                logger: this.#deps.logger,
                now: this.#now,
                settings: () => this.#deps.settings.get(),
                reviews: this.#identifyDeps().reviews,
                providers: this.#identifyDeps().providers,
                services: { ...this.#identifyDeps().services, runEdit: this.#runEdit },
                onCommitted: (r, items, filesChanged) => this.#committed(r, items, filesChanged),
                settle: (outcomes) => settleOutcomes(outcomes, this.#deps.trash, this.#deps.logger),
              },
              row,
              token,
              spec,
            )
          : spec.kind === 'scan'
          ? new ScanRunner(
              {
                repo: this.#store,
                scan: this.#deps.scan,
                logger: this.#deps.logger,
                now: this.#now,
                onCommitted: (r) => this.#committed(r, [], true),
              },
              row,
              token,
              spec.rootId,
            )
          : new JobRunner(
              {
                repo: this.#store,
                pool: spec.kind === 'delete' ? new TrashPool(this.#deps.trash) : this.#deps.executor,
                locks: this.#deps.locks,
                claims: this.#deps.claims.forJob(row.id),
                items: this.#items,
                index: this.#deps.index,
                logger: this.#deps.logger,
                now: this.#now,
                onCommitted: (r, items, filesChanged) => this.#committed(r, items, filesChanged),
                settle: (outcomes) => settleOutcomes(outcomes, this.#deps.trash, this.#deps.logger),
              },
              row,
              token,
              spec,
              this.#context(spec, row),
            );
    } catch (error) {
      // Options that no longer parse (written by another version): the job cannot run.
      const failed = this.#store.finishRun(row.id, token, 'fail', this.#now(), {
        code: 'INTERNAL',
        message: `The job's options cannot be read: ${(error as Error).message}`,
      });
      if (failed) this.#announce(failed);
      return;
    }
    this.#running.set(row.id, runner);
    logJobStarted(this.#deps.logger, row);
    void runner.done.then((final) => {
      this.#running.delete(row.id);
      if (final && isTerminal(final.state)) logJobEnded(this.#deps.logger, final, jobOutcome(final));
      if (final?.state === 'completed' && final.kind === 'undo' && final.parent_job_id) {
        const undone = this.#store.markUndone(final.parent_job_id, final.id);
        if (undone) this.#announce(undone);
      }
      // Finished or taken over by another process: nothing here claims it again. A paused job
      // stays ours, so resuming it here runs it here.
      if (!final || isTerminal(final.state)) this.#mine.delete(row.id);
      if (final?.state === 'paused' && this.#resumeAfterStop.delete(row.id)) this.resume(row.id);
      if (final?.state === 'paused' && final.resumes_at !== null) this.resumeDue();
      this.#kick();
    });
  }

  #identifyDeps(): IdentifyJobDeps {
    if (!this.#deps.identify) throw new LongboxError('INTERNAL', 'Online identification is not available in this host.');
    return this.#deps.identify;
  }

  /** Identification writes through the `edit` operation on the pool: the one archive write path. */
  readonly #runEdit = async (item: OperationItem, dryRun: boolean) =>
    (await this.#deps.executor.runOne('edit', item, { ...this.#context({ kind: 'edit', fileIds: [item.fileId], patch: item.patch ?? {}, priority: 0 }), dryRun })).outcome;

  #committed(row: JobRow, items: ItemResult[], filesChanged: boolean): void {
    if (items.length) this.#deps.emit('job.items', { jobId: row.id, seq: row.seq, items: items as JobItem[] });
    this.#announce(row);
    if (filesChanged) this.#filesChangedTimer ??= setTimeout(() => {
      this.#filesChangedTimer = null;
      this.#deps.onFilesChanged();
    }, FILES_CHANGED_DELAY_MS);
  }

  /** After a commit: the snapshot event (coalesced while running), and waiters of a job that left. */
  #announce(row: JobRow): void {
    const snapshot = toSnapshot(row);
    const running = row.state === 'running';
    this.#emitter.update(snapshot, !running);
    if (running) return;
    this.#emitter.finish(row.id);
    if (isTerminal(row.state) || row.state === 'paused') {
      const waiters = this.#waiters.get(row.id);
      this.#waiters.delete(row.id);
      for (const resolve of waiters ?? []) resolve(snapshot);
    }
  }

  #checkIdle(): void {
    if (!this.#idleWaiters.length || this.#running.size) return;
    const pending = this.#store.runnable().some((r) => this.#runAll || this.#mine.has(r.id));
    if (pending) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
