import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { OperationKind, RunOperation } from '../operations/operation-types.ts';
import { runNoop } from '../operations/noop-operation.ts';
import type { FromWorker, TaskMessage, TaskReply, ToWorker, WorkerContext, WorkerInit } from './worker-protocol.ts';
import { isReadKind, type ReadKind } from './worker-tasks.ts';

/**
 * One pool thread. Loads no native module (SQLite stays on the main thread): it runs tasks —
 * per-file operations and reads — one after another and posts the results back in batches.
 * The main thread keeps tasks queued here so the thread never idles through a message round
 * trip. docs/architecture.md: no code reached from here may import `db/` or better-sqlite3.
 */
const port = parentPort;
if (!port) throw new Error('item-worker.ts must run in a worker thread');
const running = new Int32Array((workerData as WorkerInit).running);

const contexts = new Map<number, WorkerContext>();
let queue: TaskMessage[] = [];
let busy = false;
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

async function drain(): Promise<void> {
  busy = true;
  for (let task = queue.shift(); task; task = queue.shift()) {
    // Items that never yield (CPU-bound) keep the timer from firing: the delay is checked here too.
    if (replies.length && performance.now() - firstReplyAt >= REPLY_MAX_DELAY_MS) post();
    // Published before the item starts: if it never ends, the pool fails exactly this task.
    Atomics.store(running, 0, task.id);
    const startedAt = performance.now();
    const result = await run(task);
    const endedAt = performance.now();
    Atomics.store(running, 0, 0);
    reply({ id: task.id, ...result, finishedAt: performance.timeOrigin + endedAt, ms: endedAt - startedAt });
  }
  busy = false;
  post();
}

port.on('message', (message: ToWorker) => {
  if (message.t === 'ctx') contexts.set(message.id, message.ctx);
  else if (message.t === 'drop') {
    for (const task of queue) if (task.ctxId === message.ctxId) reply({ id: task.id, dropped: true });
    queue = queue.filter((task) => task.ctxId !== message.ctxId);
    if (!busy) post();
  } else {
    queue.push(...message.tasks);
    if (!busy) void drain();
  }
});
