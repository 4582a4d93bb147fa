import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import type { EventName, EventPayload } from '../../../src-shared/contract/events.ts';
import {
  JobSpecSchema,
  type JobItem,
  type JobItemState,
  type JobSnapshot,
  type JobSpec,
  type JobState,
  type PreviewItem,
} from '../../../src-shared/contract/jobs.ts';
import type { Db } from '../db/open-database.ts';
import type { FileMetadata } from '../library/file-metadata.ts';
import type { RecoveredItem } from '../operations/recover-intents.ts';
import type { Logger } from '../ports.ts';
import type { SettingsRepo } from '../settings/settings-repo.ts';
import { FileLocks } from './file-locks.ts';
import { IndexUpdater } from './index-update.ts';
import { ItemBuilder } from './item-builder.ts';
import { itemSourceFor, retrySource, type ItemSource } from './item-source.ts';
import { JobRepo, toSnapshot, type ItemResult, type JobRow } from './job-repo.ts';
import { isTerminal } from './job-state.ts';
import { jobScope, jobTitle } from './job-titles.ts';
import { newBootId, newLeaseToken, ownerMayBeAlive, type BootId } from './lease.ts';
import { previewPage } from './preview.ts';
import { ProgressEmitter } from './progress-emitter.ts';
import { recoverJobs } from './recovery.ts';
import { startRetention } from './retention.ts';
import { JobRunner } from './runner.ts';
import { ScanRunner, type ScanFn } from './scan-runner.ts';
import { WorkerPool } from './worker-pool.ts';
import { settleOutcomes } from './settle-outcomes.ts';
import type { WorkerContext } from './worker-protocol.ts';
import { IdentifyRunner } from '../identify/identify-runner.ts';
import { previewIdentify } from '../identify/identify-preview.ts';
import type { IdentifyJobDeps } from '../identify/identification.ts';
import type { OperationItem } from '../operations/operation-types.ts';

const UNDOABLE = new Set(['process', 'rename', 'normalize', 'edit', 'identify']);
/** A timed pause is re-checked at least this often (the clock may be changed under us). */
const RESUME_CHECK_MAX_MS = 60_000;
/** `workerCount: 'auto'`: one thread per core, but no more than this. */
const AUTO_WORKERS_MAX = 4;
const FILES_CHANGED_DELAY_MS = 250;

export interface JobEngineDeps {
  db: Db;
  settings: SettingsRepo;
  logger: Logger;
  now: () => number;
  journalDir: string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  scan: ScanFn;
  /** Files changed status/path/metadata (coalesced): the library view refreshes its counts. */
  onFilesChanged: () => void;
  /** The OS trash, for originals a CBR→CBZ conversion replaced. */
  trash: (path: string) => Promise<void>;
  /** The operations' start-up reconciliation of journals and rename intents. */
  reconcileFiles?: () => Promise<RecoveredItem[]>;
  itemTimeoutMs?: number;
  maxInterruptions?: number;
  /** Pool size when the setting is not what should apply; default: the setting. */
  workerCount?: number;
  /** The pool threads' entry file, when bundled (Electron); default: the TypeScript source. */
  workerScript?: string;
  /** Online identification (the `identify` kind); absent: such jobs fail to start. */
  identify?: IdentifyJobDeps;
}

/**
 * The job system of one process: creates jobs, decides which run (priority, `concurrentJobs`,
 * leases), runs them on a shared worker pool, and announces committed changes as events.
 * Jobs are picked up from the database: those created or resumed here, or — after
 * `resumeAll()` (the app, `serve`, `jobs resume`) — every queued or interrupted job.
 */
export class JobEngine {
  readonly repo: JobRepo;
  readonly boot: BootId = newBootId();
  readonly #deps: JobEngineDeps;
  readonly #pool: WorkerPool;
  /** Context of metadata reads: they write nothing and use no setting. */
  readonly #readContext: WorkerContext;
  readonly #locks = new FileLocks();
  readonly #items: ItemBuilder;
  readonly #index: IndexUpdater;
  readonly #emitter: ProgressEmitter;
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
    this.repo = new JobRepo(deps.db);
    this.#items = new ItemBuilder(deps.db);
    this.#index = new IndexUpdater(deps.db);
    this.#pool = new WorkerPool({
      size: this.#poolSize(),
      itemTimeoutMs: deps.itemTimeoutMs ?? 10 * 60_000,
      ...(deps.workerScript ? { script: deps.workerScript } : {}),
    });
    this.#readContext = { settings: deps.settings.get(), journalDir: deps.journalDir, dryRun: true };
    this.#emitter = new ProgressEmitter((snapshot) => deps.emit('job.updated', snapshot));
  }

  /** Start-up: reconcile files and crashed jobs, then start retention. Call before anything runs. */
  async recover(): Promise<void> {
    const { interrupted, ended } = await recoverJobs({
      repo: this.repo,
      db: this.#deps.db,
      index: this.#index,
      logger: this.#deps.logger,
      now: this.#deps.now,
      runnerAlive: (row) => this.#runnerAlive(row),
      reconcileFiles: this.#deps.reconcileFiles ?? (async () => []),
      maxInterruptions: this.#deps.maxInterruptions,
    });
    for (const row of [...interrupted, ...ended]) this.#announce(row);
    this.#retention = startRetention({ repo: this.repo, settings: this.#deps.settings, now: this.#deps.now, logger: this.#deps.logger });
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
    const now = this.#deps.now();
    let next: number | null = null;
    for (const { id, resumes_at } of this.repo.timedPauses()) {
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
    const original = this.repo.get(jobId);
    if (!isTerminal(original.state) || (original.failed === 0 && original.state !== 'failed') || original.kind === 'scan') {
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

  async preview(spec: JobSpec, offset: number, limit: number): Promise<{ total: number; offset: number; items: PreviewItem[] }> {
    if (spec.kind === 'undo') this.#undoable(spec.jobId);
    if (spec.kind === 'identify') {
      return previewIdentify(
        { repo: this.repo, items: this.#items, identify: this.#identifyDeps(), runEdit: this.#runEdit, settings: this.#deps.settings.get() },
        spec,
        offset,
        limit,
      );
    }
    return previewPage({ repo: this.repo, pool: this.#pool, items: this.#items }, spec, this.#context(spec), offset, limit);
  }

  get(jobId: string): JobSnapshot {
    return toSnapshot(this.repo.get(jobId));
  }

  list(states: JobState[] | undefined, offset: number, limit: number) {
    return this.repo.list(states, offset, limit);
  }

  items(jobId: string, states: JobItemState[] | undefined, offset: number, limit: number) {
    return this.repo.items(jobId, states, offset, limit);
  }

  active() {
    return this.repo.active();
  }

  cancel(jobId: string): JobSnapshot {
    return this.#request(jobId, 'cancel');
  }

  pause(jobId: string): JobSnapshot {
    return this.#request(jobId, 'pause');
  }

  resume(jobId: string): JobSnapshot {
    const runner = this.#running.get(jobId);
    const row = this.repo.get(jobId);
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
    const row = this.repo.acknowledge(jobId);
    this.#announce(row);
    return toSnapshot(row);
  }

  /** Resolves with the job's snapshot once it has left the running/queued states here. */
  waitFor(jobId: string): Promise<JobSnapshot> {
    const row = this.repo.get(jobId);
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
    await this.#pool.close();
  }

  #poolSize(): number {
    if (this.#deps.workerCount) return this.#deps.workerCount;
    const setting = this.#deps.settings.get().workerCount;
    const cores = availableParallelism();
    return setting === 'auto' ? Math.min(AUTO_WORKERS_MAX, cores) : Math.min(setting, cores * 2);
  }

  #undoable(jobId: string): JobRow {
    const original = this.repo.get(jobId);
    if (!UNDOABLE.has(original.kind) || !isTerminal(original.state)) {
      throw new LongboxError('JOB_INVALID_STATE', 'Only a finished process, rename, normalize or edit job can be undone.');
    }
    return original;
  }

  #create(spec: JobSpec, extra: { title: string; scope: unknown; parentJobId: string | null; source: ItemSource | null }): JobSnapshot {
    if (this.#closed) throw new LongboxError('INTERNAL', 'Longbox is shutting down.');
    const row = this.repo.create(
      {
        id: randomUUID(),
        kind: spec.kind,
        title: extra.title,
        scope: extra.scope,
        options: spec,
        priority: spec.priority,
        parentJobId: extra.parentJobId,
        now: this.#deps.now(),
      },
      extra.source,
    );
    this.#announce(row);
    this.#mine.add(row.id);
    this.#kick();
    return this.get(row.id);
  }

  #request(jobId: string, event: 'cancel' | 'pause' | 'resume'): JobSnapshot {
    const row = this.repo.request(jobId, event, (r) => this.#runnerAlive(r), this.#deps.now());
    this.#announce(row);
    if (event !== 'resume') this.#running.get(jobId)?.stop(event);
    return toSnapshot(row);
  }

  #runnerAlive(row: JobRow): boolean {
    if (row.lease_owner === this.boot.id) return this.#running.has(row.id);
    return ownerMayBeAlive(row.lease_owner, this.boot, row.heartbeat_at, this.#deps.now());
  }

  #context(spec: JobSpec): WorkerContext {
    const ctx: WorkerContext = { settings: this.#deps.settings.get(), journalDir: this.#deps.journalDir, dryRun: false };
    if (spec.kind === 'noop') ctx.noop = spec.noop;
    return ctx;
  }

  /** Claims runnable jobs, best priority first, while fewer than `concurrentJobs` run here. */
  #kick(): void {
    if (this.#closed) return;
    this.#pool.resize(this.#poolSize());
    const limit = this.#deps.settings.get().concurrentJobs;
    for (const row of this.repo.runnable()) {
      if (this.#running.size >= limit) break;
      if (this.#running.has(row.id) || !(this.#runAll || this.#mine.has(row.id))) continue;
      const token = newLeaseToken();
      // Another process may have claimed it since the SELECT; the IMMEDIATE claim decides.
      const claimed = this.repo.claim(row.id, this.boot.id, token, this.#deps.now());
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
                repo: this.repo,
                items: this.#items,
                index: this.#index,
                locks: this.#locks,
                logger: this.#deps.logger,
                now: this.#deps.now,
                settings: () => this.#deps.settings.get(),
                ...this.#identifyDeps(),
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
                repo: this.repo,
                scan: (rootId, options) => this.scanExclusive(rootId, options),
                logger: this.#deps.logger,
                now: this.#deps.now,
                onCommitted: (r) => this.#committed(r, [], true),
              },
              row,
              token,
              spec.rootId,
            )
          : new JobRunner(
              {
                repo: this.repo,
                pool: this.#pool,
                locks: this.#locks,
                items: this.#items,
                index: this.#index,
                logger: this.#deps.logger,
                now: this.#deps.now,
                onCommitted: (r, items, filesChanged) => this.#committed(r, items, filesChanged),
                settle: (outcomes) => settleOutcomes(outcomes, this.#deps.trash, this.#deps.logger),
              },
              row,
              token,
              spec,
              this.#context(spec),
            );
    } catch (error) {
      // Options that no longer parse (written by another version): the job cannot run.
      const failed = this.repo.finishRun(row.id, token, 'fail', this.#deps.now(), {
        code: 'INTERNAL',
        message: `The job's options cannot be read: ${(error as Error).message}`,
      });
      if (failed) this.#announce(failed);
      return;
    }
    this.#running.set(row.id, runner);
    void runner.done.then((final) => {
      this.#running.delete(row.id);
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
    (await this.#pool.runOne('edit', item, { ...this.#context({ kind: 'edit', fileIds: [item.fileId], patch: item.patch ?? {}, priority: 0 }), dryRun })).outcome;

  /**
   * Reads one archive's metadata on the worker pool: scans call this for every new or changed
   * file, and CBR decoding (synchronous WASM) must not stall the main thread's IPC and commits.
   */
  async readMetadata(absPath: string): Promise<FileMetadata> {
    const item = { fileId: 0, rootPath: dirname(absPath), relPath: basename(absPath), expected: { size: -1, mtimeMs: -1 } };
    const { outcome } = await this.#pool.runOne('read-metadata', item, this.#readContext);
    if (outcome.state !== 'done' || !outcome.metadata) {
      throw new LongboxError(outcome.code ?? 'INTERNAL', outcome.message ?? `${absPath}: unreadable`);
    }
    return outcome.metadata;
  }

  /**
   * A scan rewrites the file rows items are built from (path, size, mtime) and deletes those of
   * vanished files, so it runs only once no item of its root is in flight, and item jobs wait
   * for it to end before they start another item there (SPEC §4: files in flight in one job
   * are not touched by another). Waiting for the root keeps the claimed scan `running` at 0.
   * The `library.scan` command scans through here too.
   */
  async scanExclusive(rootId: number | null, options: Parameters<ScanFn>[1]): ReturnType<ScanFn> {
    const release = await this.#locks.lockRoot(rootId, options.signal);
    try {
      return await this.#deps.scan(rootId, options);
    } finally {
      // Before the waiting runners wake: the file columns of the pages they hold are stale.
      this.#index.invalidate();
      release();
    }
  }

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
    const pending = this.repo.runnable().some((r) => this.#runAll || this.#mine.has(r.id));
    if (pending) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
