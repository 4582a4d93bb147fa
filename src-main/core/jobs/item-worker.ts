import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { OperationOutcome, RunOperation } from '../operations/operation-types.ts';
import { runNoop } from './noop-operation.ts';
import type { FromWorker, TaskMessage, TaskReply, ToWorker, WorkerContext } from './worker-protocol.ts';

/**
 * One pool thread. Loads no native module (SQLite stays on the main thread): it runs per-file
 * operations one after another and posts the outcomes back. The main thread keeps tasks
 * queued here so the thread never idles through a message round trip.
 */
const port = parentPort;
if (!port) throw new Error('item-worker.ts must run in a worker thread');

const contexts = new Map<number, WorkerContext>();
let queue: TaskMessage[] = [];
let busy = false;
let operations: Promise<RunOperation> | null = null;
let replies: TaskReply[] = [];
let lastPostAt = 0;
/** Replies are batched like tasks, but never held longer than this (progress latency). */
const REPLY_MAX_DELAY_MS = 5;

/** The real operations load lazily, so engine-only runs (noop) never pay for archive code. */
function loadOperations(): Promise<RunOperation> {
  operations ??= import('../operations/run-operation.ts').then((m) => m.runOperation);
  return operations;
}

async function run(task: TaskMessage): Promise<OperationOutcome> {
  try {
    const ctx = contexts.get(task.ctxId);
    if (!ctx) throw new Error(`unknown context ${task.ctxId}`);
    if (task.kind === 'noop') return await runNoop(task.item, ctx.noop);
    return await (await loadOperations())(task.kind, task.item, ctx);
  } catch (error) {
    // An operation must not crash the thread: the item fails, the job goes on.
    const info = toErrorInfo(error);
    return { state: 'failed', code: info.code, message: info.message };
  }
}

function post(): void {
  if (!replies.length) return;
  port!.postMessage({ replies } satisfies FromWorker);
  replies = [];
  lastPostAt = performance.now();
}

async function drain(): Promise<void> {
  busy = true;
  for (let task = queue.shift(); task; task = queue.shift()) {
    const outcome = await run(task);
    replies.push({ id: task.id, outcome, finishedAt: performance.timeOrigin + performance.now() });
    if (!queue.length || performance.now() - lastPostAt >= REPLY_MAX_DELAY_MS) post();
  }
  busy = false;
}

port.on('message', (message: ToWorker) => {
  if (message.t === 'ctx') contexts.set(message.id, message.ctx);
  else if (message.t === 'drop') {
    for (const task of queue) if (task.ctxId === message.ctxId) replies.push({ id: task.id, dropped: true });
    queue = queue.filter((task) => task.ctxId !== message.ctxId);
    if (!busy) post();
  } else {
    queue.push(...message.tasks);
    if (!busy) void drain();
  }
});
