import type { ScanResult } from '../../../src-shared/contract/library.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import type { TaskOwner, TaskResult } from '../exec/worker-pool.ts';
import type { JobClaims } from '../exec/file-claims.ts';
import type { LockResult } from '../exec/file-locks.ts';
import type { WorkerContext } from '../exec/worker-protocol.ts';
import type { FileRow, InFlightRow } from '../library/index/library-index.ts';
import type { ScanOptions } from '../library/library-scanner.ts';
import type { OperationItem, OperationKind, OperationOutcome } from '../operations/operation-types.ts';
import type { JobRepo } from './job-repo.ts';

/**
 * The ports the job engine is written against (docs/architecture.md). The engine decides what
 * runs when; these do the work: the store persists jobs and items (SQLite in the app), the
 * executor runs items off the main thread, the locks keep two jobs (or a job and a scan) off
 * one file, and the index is the library's `files` table. Scheduling is tested with fakes of
 * all of them as well as end to end.
 */
export type JobStore = Pick<
  JobRepo,
  | 'find'
  | 'get'
  | 'create'
  | 'sourcePage'
  | 'list'
  | 'items'
  | 'active'
  | 'runnable'
  | 'claim'
  | 'flush'
  | 'takePage'
  | 'pendingPage'
  | 'running'
  | 'finishRun'
  | 'progress'
  | 'heartbeat'
  | 'request'
  | 'acknowledge'
  | 'recoverInterrupted'
  | 'pruneFinishedBefore'
  | 'timedPauses'
  | 'markUndone'
  | 'activeUndoOf'
>;

export interface Executor {
  /** How many items a job may usefully have in flight. */
  readonly capacity: number;
  run<T>(kind: OperationKind, item: OperationItem, ctx: WorkerContext, owner: TaskOwner<T>, tag: T): void;
  runOne(kind: OperationKind, item: OperationItem, ctx: WorkerContext): Promise<TaskResult>;
  /** Forget the not-yet-started items of one job (cancel, pause). */
  dropQueued(ctx: WorkerContext): void;
  resize(size: number): void;
}

export interface Locks {
  tryLock(fileId: number, rootId: number, jobId: string): LockResult;
  unlock(fileId: number, rootId: number, jobId: string): void;
  /** Called when a lock someone was refused may be free now. */
  onRelease(listener: () => void): () => void;
}

/** Cross-process file claims (SQLite in the app), one owner per job. */
export interface Claims {
  forJob(jobId: string): JobClaims;
}

export interface JobIndex {
  /** Moves whenever the index changes: file rows read earlier may be stale. */
  readonly version: number;
  file(id: number): FileRow | undefined;
  files(ids: number[]): Map<number, FileRow>;
  rootPaths(): Map<number, string>;
  apply(fileId: number, outcome: OperationOutcome, now: number): void;
  inFlightFiles(jobId: string): InFlightRow[];
  setStat(fileId: number, size: number, mtimeMs: number): void;
  rootPathOf(fileId: number): string | undefined;
}

/** The library scan, run as the `scan` job kind (it takes its root's claim itself). */
export type ScanFn = (rootId: number | null, options: Required<ScanOptions>) => Promise<ScanResult>;

/** The settings the engine reads (pool size, concurrency, retention, per-job context). */
export interface SettingsSource {
  get(): Settings;
}
