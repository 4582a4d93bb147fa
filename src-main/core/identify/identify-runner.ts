/**
 * Runs one claimed `identify` job (docs/identify.md). Items go one at a time: each is bound by
 * its provider's request budget (Comic Vine: one request a second), so running several at once
 * would only queue them on the budget. Each finished item is committed at once, fenced by the
 * lease like every runner's writes, together with its files-index update and its review-queue
 * row, so after a crash (kill -9) a resumed job repeats no finished item.
 *
 * A spent quota does not fail anything: the item in hand stays pending and the job is paused
 * with the time it may resume (`resumes_at`), which the engine honours even after a restart.
 */
import type { JobSpec } from '../../../src-shared/contract/jobs.ts';
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import type { OperationOutcome } from '../operations/operation-types.ts';
import { absPathOf } from '../operations/file-work.ts';
import type { Logger } from '../ports.ts';
import type { JobIndex, JobStore, Locks } from '../jobs/engine-ports.ts';
import { Heartbeat } from '../jobs/heartbeat.ts';
import { isOperationItem, type ItemBuilder } from '../jobs/item-builder.ts';
import { LeaseLostError, type ItemResult, type JobRef, type JobRow, type PendingItem } from '../jobs/job-repo.ts';
import { identifyItem, type IdentifyOutcome, type ItemServices } from './identify-item.ts';
import { QuotaSpentError } from './provider-http.ts';
import type { Provider } from './provider-types.ts';
import type { ReviewRepo } from './review-repo.ts';

type IdentifySpec = Extract<JobSpec, { kind: 'identify' }>;
type StopReason = 'release' | 'pause' | 'cancel' | 'lease-lost';

export interface IdentifyRunnerDeps {
  repo: JobStore;
  items: ItemBuilder;
  index: JobIndex;
  locks: Locks;
  reviews: ReviewRepo;
  logger: Logger;
  now: () => number;
  services: ItemServices;
  /** Read when the job starts: credentials and base URLs as they are now. */
  providers: () => Provider[];
  settings: () => Settings;
  onCommitted: (row: JobRow, items: ItemResult[], filesChanged: boolean) => void;
  settle: (outcomes: OperationOutcome[]) => void;
}

export class IdentifyRunner {
  readonly jobId: string;
  readonly done: Promise<JobRow | null>;
  readonly #deps: IdentifyRunnerDeps;
  readonly #job: JobRef;
  readonly #token: string;
  readonly #spec: IdentifySpec;
  #stop: StopReason | null = null;
  #wakeLock: (() => void) | null = null;

  constructor(deps: IdentifyRunnerDeps, row: JobRow, token: string, spec: IdentifySpec) {
    this.jobId = row.id;
    this.#deps = deps;
    this.#job = { key: row.key, id: row.id };
    this.#token = token;
    this.#spec = spec;
    this.done = this.#run();
  }

  stop(reason: StopReason): void {
    if (this.#stop === 'lease-lost' || this.#stop === 'cancel') return;
    this.#stop = reason;
    this.#wakeLock?.();
  }

  async #run(): Promise<JobRow | null> {
    const deps = this.#deps;
    const heartbeat = new Heartbeat(deps.repo, this.jobId, this.#token, deps.now, (beat) => {
      if (!beat) this.stop('lease-lost');
      else this.#honour(beat);
    });
    const next = (after: number) => deps.repo.pendingPage(this.#job, after, 1)[0];
    const settings = deps.settings();
    const providers = deps.providers();
    let resumesAt: number | null = null;
    let cursor = 0;
    try {
      for (let row = next(cursor); row && !this.#stop; row = next(cursor)) {
        cursor = row.ordinal;
        // Before the item starts: recovery then knows it may have been in flight.
        if (!deps.repo.takePage(this.#job, this.#token, row.ordinal)) {
          this.stop('lease-lost');
          break;
        }
        let result: IdentifyOutcome;
        try {
          result = await this.#one(row, providers, settings);
        } catch (error) {
          if (!(error instanceof QuotaSpentError)) throw error;
          resumesAt = error.resumesAt;
          deps.logger.info({ jobId: this.jobId, provider: error.provider, resumesAt }, 'provider quota spent; job paused');
          this.stop('pause');
          break;
        }
        if (this.#stop === 'lease-lost') break;
        const written = this.#commit(row, result);
        heartbeat.wrote(deps.now());
        this.#honour(written);
      }
    } catch (error) {
      heartbeat.stop();
      return this.#finish('fail', error);
    }
    heartbeat.stop();
    if (this.#stop === 'lease-lost') return null;
    const event = this.#stop === 'cancel' ? 'cancel' : this.#stop === 'pause' ? 'stop' : this.#stop === 'release' ? 'release' : 'complete';
    return this.#finish(event, null, resumesAt);
  }

  async #one(row: PendingItem, providers: Provider[], settings: Settings): Promise<IdentifyOutcome> {
    const item = this.#deps.items.build(row.file_id, null, this.#spec);
    if (!isOperationItem(item)) return { outcome: { state: 'failed', code: item.code, message: item.message }, review: null, resolved: false };
    const release = await this.#lock(item.fileId, this.#deps.index.file(item.fileId)!.root_id);
    try {
      return await identifyItem(item, absPathOf(item), this.#deps.services, {
        providers,
        requested: this.#spec.provider,
        choice: this.#spec.choices.find((c) => c.fileId === item.fileId),
        threshold: settings.identifyThreshold,
        merge: settings.identifyMerge,
        dryRun: false,
      });
    } catch (error) {
      if (error instanceof QuotaSpentError) throw error;
      const info = toErrorInfo(error);
      return { outcome: { state: 'failed', code: info.code, message: info.message }, review: null, resolved: false };
    } finally {
      release();
    }
  }

  /** Another job may hold the file (or a scan its root): wait for a release, then try again. */
  async #lock(fileId: number, rootId: number): Promise<() => void> {
    const { locks } = this.#deps;
    while (locks.tryLock(fileId, rootId, this.jobId) !== 'locked') {
      await new Promise<void>((resolve) => {
        const off = locks.onRelease(() => {
          off();
          resolve();
        });
        this.#wakeLock = () => {
          off();
          resolve();
        };
      });
      this.#wakeLock = null;
      if (this.#stop) throw new StoppedError();
    }
    return () => locks.unlock(fileId, rootId, this.jobId);
  }

  #commit(row: PendingItem, { outcome, review, resolved }: IdentifyOutcome): JobRow {
    const deps = this.#deps;
    const now = deps.now();
    const result: ItemResult = {
      ordinal: row.ordinal,
      fileId: row.file_id,
      relPath: row.item_path,
      state: outcome.state,
      error: outcome.code && outcome.state === 'failed' ? { code: outcome.code, message: outcome.message ?? '' } : null,
      before: outcome.before ?? null,
      after: outcome.after ?? null,
      actions: outcome.actions ?? [],
      finishedAt: Date.now(),
    };
    let filesChanged = false;
    let written: JobRow;
    try {
      written = deps.repo.flush(this.#job, this.#token, now, [result], () => {
        if (row.file_id === null) return;
        if (review) deps.reviews.put({ fileId: row.file_id, relPath: row.item_path, jobId: this.jobId, query: review.query, candidates: review.candidates }, now);
        if (resolved) deps.reviews.removeFile(row.file_id);
        if (outcome.fileStatus || outcome.newRelPath || outcome.metadata || outcome.after) {
          filesChanged = true;
          deps.index.apply(row.file_id, outcome, now);
        }
      });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.stop('lease-lost');
        return deps.repo.get(this.jobId);
      }
      throw error;
    }
    deps.settle([outcome]);
    deps.onCommitted(written, [result], filesChanged);
    return written;
  }

  #honour(row: JobRow): void {
    if (row.cancel_requested) this.stop('cancel');
    else if (row.pause_requested) this.stop('pause');
  }

  #finish(event: 'complete' | 'cancel' | 'stop' | 'release' | 'fail', error: unknown, resumesAt: number | null = null): JobRow | null {
    if (event === 'fail' && error instanceof StoppedError) return this.#finish(this.#stop === 'cancel' ? 'cancel' : this.#stop === 'pause' ? 'stop' : 'release', null);
    if (event === 'fail') this.#deps.logger.error({ err: error, jobId: this.jobId }, 'identify job failed');
    const row = this.#deps.repo.finishRun(this.jobId, this.#token, event, this.#deps.now(), event === 'fail' ? toErrorInfo(error) : null, resumesAt);
    if (row) this.#deps.onCommitted(row, [], false);
    return row;
  }
}

/** The runner was stopped while waiting for a file lock. */
class StoppedError extends Error {}
