import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { OperationKind, RunOperation } from '../operations/operation-types.ts';
import { runNoop } from '../operations/noop-operation.ts';
import { lowerThreadPriority } from './background-priority.ts';
import { TASKS_PER_THREAD, type FromWorker, type TaskMessage, type TaskReply, type ToWorker, type WorkerContext, type WorkerInit } from './worker-protocol.ts';
import { isReadKind, type ReadKind } from './worker-tasks.ts';

/**
 * One pool thread. Loads no native module (SQLite stays on the main thread): it runs tasks —
 * per-file operations and reads — up to TASKS_PER_THREAD at once and posts the results back in
 * batches.
 * The main thread keeps tasks queued here so the thread never idles through a message round
 * trip. docs/architecture.md: no code reached from here may import `db/` or better-sqlite3.
 */
const port = parentPort;
if (!port) throw new Error('item-worker.ts must run in a worker thread');
const running = new Int32Array((workerData as WorkerInit).running);
// Jobs and reads here are background work: the UI and the main thread come first.
lowerThreadPriority();

const contexts = new Map<number, WorkerContext>();
let queue: TaskMessage[] = [];
let operations: Promise<RunOperation> | null = null;
type Reader = (payload: never) => Promise<unknown>;
let readers: Promise<Record<ReadKind, Reader>> | null = null;
let replies: TaskReply[] = [];
let firstReplyAt = 0;
let replyTimer: NodeJS.Timeout | null = null;
/** Replies are batched like tasks, but never held longer than this (progress latency). */
const REPLY_MAX_DELAY_MS = 5;

/** The real operations load lazily, so engine-only runs (noop) never pay for archive code. */
function loadOperations(): Promise<RunOperation> {
  operations ??= import('../operations/run-operation.ts').then((m) => m.runOperation);
  return operations;
}

/** The reads, loaded on first use like the operations. */
function loadReaders(): Promise<Record<ReadKind, Reader>> {
  readers ??= import('./worker-reads.ts').then((m) => m.READERS as Record<ReadKind, Reader>);
  return readers;
}

async function runRead(kind: ReadKind, payload: unknown): Promise<{ value: unknown } | { error: ReturnType<typeof toErrorInfo> }> {
  try {
    return { value: await (await loadReaders())[kind](payload as never) };
  } catch (error) {
    return { error: toErrorInfo(error) };
  }
}

async function run(task: TaskMessage): Promise<{ value: unknown } | { error: ReturnType<typeof toErrorInfo> }> {
  if (isReadKind(task.kind)) return runRead(task.kind, task.payload);
  try {
    const ctx = contexts.get(task.ctxId);
    if (!ctx) throw new Error(`unknown context ${task.ctxId}`);
    const item = task.payload as Parameters<RunOperation>[1];
    if (task.kind === 'noop') return { value: await runNoop(item, ctx.noop) };
    return { value: await (await loadOperations())(task.kind as OperationKind, item, ctx) };
  } catch (error) {
    // An operation must not crash the thread: the item fails, the job goes on.
    const info = toErrorInfo(error);
    return { value: { state: 'failed', code: info.code, message: info.message } };
  }
}


function post(): void {
  if (replyTimer) clearTimeout(replyTimer);
  replyTimer = null;
  if (!replies.length) return;
  port!.postMessage({ replies } satisfies FromWorker);
  replies = [];
}

function reply(message: TaskReply): void {
  if (!replies.length) firstReplyAt = performance.now();
  replies.push(message);
  // While the next item awaits I/O this timer fires, so a finished item's reply never waits for
  // a slow item queued behind it.
  replyTimer ??= setTimeout(post, REPLY_MAX_DELAY_MS);
}

/** Ends of tasks, for `ms`: a task's share of the thread is the time since the previous end. */
let lastEndedAt = 0;
let active = 0;

/**
 * Starts queued tasks while fewer than TASKS_PER_THREAD run (worker-protocol.ts says why several
 * at once). Each running task owns one `running` slot until it ends, so the pool's timeout sweep
 * knows exactly which tasks were in flight if it has to stop this thread.
 */
function pump(): void {
  while (active < TASKS_PER_THREAD && queue.length) {
    // Items that never yield (CPU-bound) keep the timer from firing: the delay is checked here too.
    if (replies.length && performance.now() - firstReplyAt >= REPLY_MAX_DELAY_MS) post();
    const slot = running.indexOf(0);
    const task = queue.shift()!;
    // Published before the task starts: if it never ends, the pool fails exactly the tasks in flight.
    Atomics.store(running, slot, task.id);
    active += 1;
    void start(task, slot);
  }
  if (!active) post();
}

async function start(task: TaskMessage, slot: number): Promise<void> {
  const startedAt = performance.now();
  const result = await run(task);
  const endedAt = performance.now();
  Atomics.store(running, slot, 0);
  active -= 1;
  // Overlapping tasks each take their wall time; what sizes the pool's queue is the thread's
  // throughput, so a task is charged from the later of its start and the previous end.
  const ms = endedAt - Math.max(startedAt, lastEndedAt);
  lastEndedAt = endedAt;
  reply({ id: task.id, ...result, finishedAt: performance.timeOrigin + endedAt, ms });
  pump();
}

port.on('message', (message: ToWorker) => {
  if (message.t === 'ctx') contexts.set(message.id, message.ctx);
  else if (message.t === 'drop') {
    for (const task of queue) if (task.ctxId === message.ctxId) reply({ id: task.id, dropped: true });
    queue = queue.filter((task) => task.ctxId !== message.ctxId);
    if (!active) post();
  } else {
    queue.push(...message.tasks);
    pump();
  }
});
