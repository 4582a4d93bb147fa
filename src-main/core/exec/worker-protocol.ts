import type { ErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { NoopOptions } from '../../../src-shared/contract/jobs.ts';
import type { OperationContext } from '../operations/operation-types.ts';
import type { TaskKind } from './worker-tasks.ts';

/** What a worker needs besides the item: shared by all items of a job, so sent once per thread. */
export interface WorkerContext extends OperationContext {
  noop?: NoopOptions;
}

export interface TaskMessage {
  id: number;
  kind: TaskKind;
  /** 0: the task needs no context (reads). */
  ctxId: number;
  payload: unknown;
}

/** Tasks travel in arrays: one message per pump, not per item (postMessage dominates no-op items). */
export type ToWorker =
  | { t: 'ctx'; id: number; ctx: WorkerContext }
  | { t: 'run'; tasks: TaskMessage[] }
  /** Forget queued (not started) tasks of this context: the job was cancelled or paused. */
  | { t: 'drop'; ctxId: number };

/**
 * `finishedAt` is epoch ms measured in the worker, for the progress-latency figure; `ms` is how
 * long the task ran there, which sizes how many tasks the pool keeps queued per thread.
 * Operations never throw (a failure is an outcome); a read that throws answers `error`.
 */
export type TaskReply =
  | { id: number; value: unknown; finishedAt: number; ms: number }
  | { id: number; error: ErrorInfo; finishedAt: number; ms: number }
  | { id: number; dropped: true };

/** Replies travel in arrays too, like tasks. */
export interface FromWorker {
  replies: TaskReply[];
}

/**
 * How many tasks a pool thread runs at once. An archive write waits on several fsyncs (undo
 * record, journal, archive, journal clear; docs/architecture.md, "The write path"); run one
 * item at a time and a thread spends most of its life waiting on the disk, one flush after
 * another. With several
 * items in flight their fsyncs reach the file system together and one journal commit covers
 * them all (group commit), while every item keeps its own fsyncs in its own order.
 */
export const TASKS_PER_THREAD = 8;

/**
 * `workerData` of a pool thread: a shared Int32Array of TASKS_PER_THREAD slots, the ids of the
 * tasks the thread is running (0 = free slot), written by the thread and read by the pool's
 * timeout sweep. Replies are batched, so the pool cannot tell the running tasks from the
 * replies it has seen; this tells it without any message.
 */
export interface WorkerInit {
  running: SharedArrayBuffer;
}
