import { Worker } from 'node:worker_threads';
import type { OperationItem, OperationKind, OperationOutcome } from '../operations/operation-types.ts';
import type { FromWorker, TaskMessage, TaskReply, ToWorker, WorkerContext } from './worker-protocol.ts';

export interface TaskResult {
  outcome: OperationOutcome;
  /** Epoch ms (fractional) when the worker finished the item. */
  finishedAt: number;
}

interface Task {
  id: number;
  kind: OperationKind;
  item: OperationItem;
  ctx: WorkerContext;
  resolve: (result: TaskResult) => void;
  reject: (error: Error) => void;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  /** Posted to this thread, in the order it runs them; the first is running. */
  tasks: Task[];
  headStartedAt: number;
  contexts: Set<number>;
}

/**
 * Tasks posted per thread: one running, the rest waiting there, so a thread never idles through
 * a message round trip and no-op items travel in batches. Waiting tasks can still be dropped.
 */
const DEPTH = 8;

export class TaskAbortedError extends Error {
  constructor() {
    super('task dropped before it started');
  }
}

export interface WorkerPoolOptions {
  size: number;
  /** An item running longer than this is failed (ITEM_TIMEOUT) and its thread replaced. */
  itemTimeoutMs: number;
}

/**
 * A set of `worker_threads` shared by all jobs of this process. Tasks queue FIFO; tasks of a
 * job that have not started can be dropped (cancel stops new items at once). A task that runs
 * past the timeout, or whose thread dies, fails alone: the thread is terminated and replaced,
 * the tasks queued behind it go back to the front of the queue, the job goes on.
 */
export class WorkerPool {
  readonly #slots: Slot[] = [];
  #queue: Task[] = [];
  #head = 0;
  #nextId = 1;
  #size: number;
  readonly #timeoutMs: number;
  readonly #contextIds = new WeakMap<WorkerContext, number>();
  #nextContextId = 1;
  readonly #sweeper: NodeJS.Timeout;
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    this.#size = options.size;
    this.#timeoutMs = options.itemTimeoutMs;
    // One sweeping timer instead of a timer per item: 20k items/s would mean 20k timers/s.
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(10, Math.min(1000, this.#timeoutMs / 4)));
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#size;
  }

  /** How many tasks a job may usefully have in flight. */
  get capacity(): number {
    return this.#size * DEPTH;
  }

  /** A new size applies as threads free up; extra threads are stopped when idle. */
  resize(size: number): void {
    this.#size = size;
    this.#pump();
  }

  /** `ctx` is shared by all tasks of one job: it is sent once per thread and names the group. */
  run(kind: OperationKind, item: OperationItem, ctx: WorkerContext): Promise<TaskResult> {
    if (this.#closed) return Promise.reject(new Error('worker pool closed'));
    return new Promise<TaskResult>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, kind, item, ctx, resolve, reject, settled: false });
      this.#pump();
    });
  }

  /** Rejects (TaskAbortedError) every task of this group that has not started yet. */
  dropQueued(ctx: WorkerContext): void {
    for (let i = this.#head; i < this.#queue.length; i++) {
      const task = this.#queue[i]!;
      if (task.ctx === ctx) this.#settle(task, null, new TaskAbortedError());
    }
    const ctxId = this.#contextIds.get(ctx);
    if (ctxId === undefined) return;
    for (const slot of this.#slots) {
      // The thread answers `dropped` for each waiting task of the group it had not begun.
      if (slot.tasks.slice(1).some((t) => t.ctx === ctx)) slot.worker.postMessage({ t: 'drop', ctxId } satisfies ToWorker);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    for (const task of this.#queue.slice(this.#head)) this.#settle(task, null, new Error('worker pool closed'));
    this.#queue = [];
    this.#head = 0;
    const slots = this.#slots.splice(0);
    for (const slot of slots) for (const task of slot.tasks) this.#settle(task, null, new Error('worker pool closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #settle(task: Task, result: TaskResult | null, error: Error | null): void {
    if (task.settled) return;
    task.settled = true;
    if (result) task.resolve(result);
    else task.reject(error ?? new Error('task failed'));
  }

  #dequeue(): Task | undefined {
    while (this.#head < this.#queue.length) {
      const task = this.#queue[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (!task.settled) return task;
    }
    return undefined;
  }

  #pump(): void {
    if (this.#closed) return;
    // Stop idle threads beyond the size (after a workerCount decrease).
    for (let i = this.#slots.length - 1; i >= 0 && this.#slots.length > this.#size; i--) {
      const slot = this.#slots[i]!;
      if (!slot.tasks.length) {
        this.#slots.splice(i, 1);
        void slot.worker.terminate();
      }
    }
    // A new thread whenever work waits and no thread is idle: a slow item never holds up others.
    let idle = this.#slots.filter((s) => !s.tasks.length).length;
    for (; this.#slots.length < this.#size && this.#queued() > idle; idle++) this.#spawn();
    // Spread waiting tasks over the threads, least loaded first, one message per thread.
    const slots = [...this.#slots].sort((a, b) => a.tasks.length - b.tasks.length);
    for (const [i, slot] of slots.entries()) {
      const share = Math.min(DEPTH - slot.tasks.length, Math.ceil(this.#queued() / (slots.length - i)));
      const batch: TaskMessage[] = [];
      for (let n = 0; n < share; n++) {
        const task = this.#dequeue();
        if (!task) break;
        batch.push(this.#assign(slot, task));
      }
      if (batch.length) slot.worker.postMessage({ t: 'run', tasks: batch } satisfies ToWorker);
    }
  }

  #queued(): number {
    return this.#queue.length - this.#head;
  }

  #spawn(): Slot {
    const worker = new Worker(new URL('./item-worker.ts', import.meta.url));
    const slot: Slot = { worker, tasks: [], headStartedAt: 0, contexts: new Set() };
    worker.on('message', (message: FromWorker) => this.#reply(slot, message));
    worker.on('error', (error) => this.#replace(slot, `the worker thread crashed: ${error.message}`, 'INTERNAL'));
    worker.on('exit', () => this.#replace(slot, 'the worker thread exited', 'INTERNAL'));
    this.#slots.push(slot);
    return slot;
  }

  #assign(slot: Slot, task: Task): TaskMessage {
    if (!slot.tasks.length) slot.headStartedAt = performance.now();
    slot.tasks.push(task);
    let ctxId = this.#contextIds.get(task.ctx);
    if (ctxId === undefined) {
      ctxId = this.#nextContextId++;
      this.#contextIds.set(task.ctx, ctxId);
    }
    if (!slot.contexts.has(ctxId)) {
      slot.contexts.add(ctxId);
      slot.worker.postMessage({ t: 'ctx', id: ctxId, ctx: task.ctx } satisfies ToWorker);
    }
    return { id: task.id, kind: task.kind, ctxId, item: task.item };
  }

  #reply(slot: Slot, message: FromWorker): void {
    for (const reply of message.replies) this.#settleReply(slot, reply);
    this.#pump();
  }

  #settleReply(slot: Slot, reply: TaskReply): void {
    const index = slot.tasks.findIndex((t) => t.id === reply.id);
    if (index === -1) return;
    const [task] = slot.tasks.splice(index, 1);
    // The thread runs its tasks in order: the next one starts now (for the timeout clock).
    if (index === 0) slot.headStartedAt = performance.now();
    if ('dropped' in reply) this.#settle(task!, null, new TaskAbortedError());
    else this.#settle(task!, { outcome: reply.outcome, finishedAt: reply.finishedAt }, null);
  }

  #sweep(): void {
    const now = performance.now();
    for (const slot of [...this.#slots]) {
      if (slot.tasks.length && now - slot.headStartedAt > this.#timeoutMs) {
        this.#replace(slot, `the item took longer than ${Math.round(this.#timeoutMs / 1000)} s`, 'ITEM_TIMEOUT');
      }
    }
  }

  /**
   * The thread is stuck or gone: its running item fails with `code`, the thread is dropped
   * (terminate is the only way to stop synchronous work), and the tasks waiting behind it go
   * back to the front of the queue for a fresh thread.
   */
  #replace(slot: Slot, message: string, code: 'ITEM_TIMEOUT' | 'INTERNAL'): void {
    const index = this.#slots.indexOf(slot);
    if (index === -1) return;
    this.#slots.splice(index, 1);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    const [running, ...waiting] = slot.tasks;
    slot.tasks = [];
    if (running) {
      this.#settle(running, { outcome: { state: 'failed', code, message }, finishedAt: performance.timeOrigin + performance.now() }, null);
    }
    this.#queue.splice(this.#head, 0, ...waiting.filter((t) => !t.settled));
    this.#pump();
  }
}
