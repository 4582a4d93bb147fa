import { Worker } from 'node:worker_threads';
import { LongboxError, type ErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { OperationItem, OperationKind, OperationOutcome } from '../operations/operation-types.ts';
import { defaultWorkerScript } from './prebuilt-worker.ts';
import { TASKS_PER_THREAD, type FromWorker, type TaskMessage, type TaskReply, type ToWorker, type WorkerContext, type WorkerInit } from './worker-protocol.ts';
import type { ReadKind, ReadTasks, TaskKind } from './worker-tasks.ts';

export interface TaskResult {
  outcome: OperationOutcome;
  /** Epoch ms (fractional) when the worker finished the item. */
  finishedAt: number;
}

/**
 * Hears how a task ended; `tag` comes back as given. Callbacks instead of a promise per task: no
 * allocation per item, and replies are handled synchronously, so everything the owners
 * dispatch in response leaves in the next single message per thread.
 */
export interface TaskOwner<T> {
  finished(tag: T, result: TaskResult): void;
  /** Dropped before it started (`dropQueued`, pool closed). Always called asynchronously. */
  aborted(tag: T): void;
}

/** A read's promise, settled by the pool (reads have no owner object of their own). */
interface ReadWaiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** How a task ended in its thread (or in the pool: timeout, crashed thread). */
type TaskEnd = { value: unknown; finishedAt: number } | { error: ErrorInfo; finishedAt: number };

interface Task {
  id: number;
  kind: TaskKind;
  payload: unknown;
  /** null: a read, which needs no job context. */
  ctx: WorkerContext | null;
  /** Operations report to their owner; reads settle their promise. */
  owner: TaskOwner<unknown> | null;
  read: ReadWaiter | null;
  tag: unknown;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  /** Posted to this thread, in the order it runs them. */
  tasks: Task[];
  /** `WorkerInit.running`: the ids of the tasks the thread is in right now (0 = free slot). */
  running: Int32Array;
  /** Per running slot: the id the timeout sweep last saw there, and when it first saw it. */
  seenId: number[];
  seenAt: number[];
  contexts: Set<number>;
}

/**
 * Tasks posted per thread: up to TASKS_PER_THREAD running, the rest waiting there, so a thread
 * never idles through a message round trip. Sized so that about `QUEUED_WORK_MS` of work waits
 * per thread: no-op items travel up to 64 to a message (a message costs far more than an item's
 * share of it), slow items never fewer than the thread runs at once (their fsyncs overlap, see
 * worker-protocol.ts), plus 2 waiting. Deeper saves little more and costs latency: when the main
 * thread is the bottleneck, every item in flight is an item whose result waits in its queue.
 */
const MIN_DEPTH = TASKS_PER_THREAD + 2;
const MAX_DEPTH = 64;
const QUEUED_WORK_MS = 4;
/** Task ids live in an Int32Array slot; they wrap long before they could collide in flight. */
const MAX_TASK_ID = 0x7fff_ffff;

export class TaskAbortedError extends Error {
  constructor() {
    super('task dropped before it started');
  }
}

export interface WorkerPoolOptions {
  size: number;
  /** An item running longer than this is failed (ITEM_TIMEOUT) and its thread replaced. */
  itemTimeoutMs: number;
  /**
   * The thread's entry file. Default: the prebuilt worker bundle when it is up to date, else
   * `item-worker.ts` beside this module (`prebuilt-worker.ts`); the CLI and Electron bundles
   * pass their own.
   */
  script?: string | URL;
}

/**
 * A set of `worker_threads` shared by all jobs of this process. Tasks queue FIFO; tasks of a
 * job that have not started can be dropped (cancel stops new items at once). A task that runs
 * past the timeout, or whose thread dies, fails alone: the thread is terminated and replaced,
 * the other tasks it held go back to the front of the queue, the job goes on.
 */
export class WorkerPool {
  readonly #slots: Slot[] = [];
  #queue: Task[] = [];
  #head = 0;
  #nextId = 1;
  #size: number;
  /** Moving average of how long an item runs in a thread: sizes the per-thread depth. */
  #itemMs = QUEUED_WORK_MS / 8;
  #pumpSoon = false;
  readonly #timeoutMs: number;
  readonly #script: string | URL | undefined;
  readonly #contextIds = new WeakMap<WorkerContext, number>();
  #nextContextId = 1;
  readonly #sweeper: NodeJS.Timeout;
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    this.#size = options.size;
    this.#timeoutMs = options.itemTimeoutMs;
    this.#script = options.script;
    // One sweeping timer instead of a timer per item: 20k items/s would mean 20k timers/s.
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(10, Math.min(1000, this.#timeoutMs / 4)));
    this.#sweeper.unref();
  }

  /** Threads the pool runs (or will, as work arrives). */
  get size(): number {
    return this.#size;
  }

  /** How many tasks a job may usefully have in flight: what the threads hold. */
  get capacity(): number {
    return this.#size * this.#depth();
  }

  /**
   * Starts every thread now, idle. A thread spends a fifth of a second or more booting before
   * its first task; a caller that knows work is coming (a scan, which first reads the index on
   * the main thread) lets the two overlap.
   */
  warm(): void {
    while (!this.#closed && this.#slots.length < this.#size) this.#spawn();
  }

  /** A new size applies as threads free up; extra threads are stopped when idle. */
  resize(size: number): void {
    this.#size = size;
    this.#pump();
  }

  /**
   * Queues a task. `ctx` is shared by all tasks of one job: it is sent once per thread and names
   * the group. Tasks queued in one tick go out together (one message per thread).
   */
  run<T>(kind: OperationKind, item: OperationItem, ctx: WorkerContext, owner: TaskOwner<T>, tag: T): void {
    this.#submit({ id: 0, kind, payload: item, ctx, owner: owner as TaskOwner<unknown>, read: null, tag, settled: false });
  }

  /**
   * Runs a read (archive metadata for a scan, details, cover, a settings preview) on a thread:
   * the generic "do this off the main thread" call. Rejects with the read's error, or with
   * TaskAbortedError when the pool closes first.
   */
  read<K extends ReadKind>(kind: K, payload: ReadTasks[K]['payload']): Promise<ReadTasks[K]['result']> {
    return new Promise((resolve, reject) => {
      const read: ReadWaiter = { resolve: resolve as (value: unknown) => void, reject };
      this.#submit({ id: 0, kind, payload, ctx: null, owner: null, read, tag: null, settled: false });
    });
  }

  #submit(task: Task): void {
    task.id = this.#nextId;
    this.#nextId = this.#nextId === MAX_TASK_ID ? 1 : this.#nextId + 1;
    if (this.#closed) {
      this.#abort([task]);
      return;
    }
    this.#queue.push(task);
    if (this.#pumpSoon) return;
    this.#pumpSoon = true;
    queueMicrotask(() => {
      this.#pumpSoon = false;
      this.#pump();
    });
  }

  /** One operation as a promise (previews); rejects with TaskAbortedError when it is dropped. */
  runOne(kind: OperationKind, item: OperationItem, ctx: WorkerContext): Promise<TaskResult> {
    return new Promise((resolve, reject) =>
      this.run(kind, item, ctx, { finished: (_tag, result) => resolve(result), aborted: () => reject(new TaskAbortedError()) }, null),
    );
  }

  /** Aborts every task of this group that has not started yet. */
  dropQueued(ctx: WorkerContext): void {
    const dropped: Task[] = [];
    for (let i = this.#head; i < this.#queue.length; i++) {
      const task = this.#queue[i]!;
      if (task.ctx === ctx && !task.settled) dropped.push(task);
    }
    this.#abort(dropped);
    const ctxId = this.#contextIds.get(ctx);
    if (ctxId === undefined) return;
    for (const slot of this.#slots) {
      // The thread answers `dropped` for each waiting task of the group it had not begun.
      if (slot.tasks.some((t) => t.ctx === ctx)) slot.worker.postMessage({ t: 'drop', ctxId } satisfies ToWorker);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    const pending = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    const slots = this.#slots.splice(0);
    for (const slot of slots) pending.push(...slot.tasks);
    this.#abort(pending);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #depth(): number {
    return Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, Math.ceil(QUEUED_WORK_MS / this.#itemMs)));
  }

  #finish(task: Task, end: TaskEnd): void {
    if (task.settled) return;
    task.settled = true;
    if (task.read) {
      if ('error' in end) task.read.reject(new LongboxError(end.error.code, end.error.message));
      else task.read.resolve(end.value);
      return;
    }
    // Operations never throw in their thread; an error here is the pool's (timeout, dead thread).
    const outcome = 'error' in end ? { state: 'failed' as const, ...end.error } : (end.value as OperationOutcome);
    task.owner!.finished(task.tag, { outcome, finishedAt: end.finishedAt });
  }

  /**
   * Owners hear of aborts in a later microtask: `dropQueued` is called from inside an owner
   * (a runner stopping), which must not be re-entered while it is still deciding to stop.
   */
  #abort(tasks: Task[]): void {
    const live = tasks.filter((t) => !t.settled);
    if (!live.length) return;
    for (const task of live) task.settled = true;
    queueMicrotask(() => {
      for (const task of live) {
        if (task.read) task.read.reject(new TaskAbortedError());
        else task.owner!.aborted(task.tag);
      }
    });
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
    const depth = this.#depth();
    const slots = [...this.#slots].sort((a, b) => a.tasks.length - b.tasks.length);
    for (const [i, slot] of slots.entries()) {
      const share = Math.min(depth - slot.tasks.length, Math.ceil(this.#queued() / (slots.length - i)));
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
    const running = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * TASKS_PER_THREAD);
    // Resolved here, not at import: a bundled main process has no `import.meta.url`.
    const script = this.#script ?? defaultWorkerScript();
    const worker = new Worker(script, { workerData: { running } satisfies WorkerInit });
    const slot: Slot = { worker, tasks: [], running: new Int32Array(running), seenId: [], seenAt: [], contexts: new Set() };
    worker.on('message', (message: FromWorker) => this.#reply(slot, message));
    worker.on('error', (error) => this.#replace(slot, `the worker thread crashed: ${error.message}`, 'INTERNAL'));
    worker.on('exit', () => this.#replace(slot, 'the worker thread exited', 'INTERNAL'));
    this.#slots.push(slot);
    return slot;
  }

  #assign(slot: Slot, task: Task): TaskMessage {
    slot.tasks.push(task);
    if (!task.ctx) return { id: task.id, kind: task.kind, ctxId: 0, payload: task.payload };
    let ctxId = this.#contextIds.get(task.ctx);
    if (ctxId === undefined) {
      ctxId = this.#nextContextId++;
      this.#contextIds.set(task.ctx, ctxId);
    }
    if (!slot.contexts.has(ctxId)) {
      slot.contexts.add(ctxId);
      slot.worker.postMessage({ t: 'ctx', id: ctxId, ctx: task.ctx } satisfies ToWorker);
    }
    return { id: task.id, kind: task.kind, ctxId, payload: task.payload };
  }

  #reply(slot: Slot, message: FromWorker): void {
    for (const reply of message.replies) this.#settleReply(slot, reply);
    // Owners refilled synchronously above: their new tasks leave now, in one message per thread.
    this.#pump();
  }

  #settleReply(slot: Slot, reply: TaskReply): void {
    const index = slot.tasks.findIndex((t) => t.id === reply.id);
    if (index === -1) return;
    const [task] = slot.tasks.splice(index, 1);
    if ('dropped' in reply) {
      this.#abort([task!]);
      return;
    }
    this.#itemMs += (reply.ms - this.#itemMs) / 16;
    this.#finish(task!, reply);
  }

  /**
   * A task times out when the sweep sees the same id in a running slot for longer than the
   * timeout; ids are read from the thread's shared slots, so batched replies do not blur which
   * task it is. The verdict comes between 1× and 1× + two sweep intervals after the task started.
   */
  #sweep(): void {
    const now = performance.now();
    for (const slot of [...this.#slots]) {
      for (let i = 0; i < slot.running.length; i++) {
        const id = Atomics.load(slot.running, i);
        if (id !== slot.seenId[i]) {
          slot.seenId[i] = id;
          slot.seenAt[i] = now;
        } else if (id !== 0 && now - slot.seenAt[i]! > this.#timeoutMs) {
          this.#replace(slot, `the item took longer than ${Math.round(this.#timeoutMs / 1000)} s`, 'ITEM_TIMEOUT', id);
          break;
        }
      }
    }
  }

  /**
   * The thread is stuck or gone: the task that timed out (`culpritId`; for a dead thread, every
   * task it was running, or when it was between tasks the first it holds: a thread that keeps
   * dying must not loop) fails with `code`, the thread is dropped (terminate is the only way to
   * stop synchronous work). Tasks it was running beside the culprit were cut off mid-way — an
   * archive write among them is rolled back from its journal at the next start, never re-run
   * over a half-written file — so they fail too (ITEM_TIMEOUT: transient, retryable). Its other
   * tasks go back to the front of the queue for a fresh thread. Those include tasks it had
   * finished whose batched replies died with it: they run again, and an operation refuses a file
   * that changed since it was dispatched (`expected`), so a rerun never applies twice.
   */
  #replace(slot: Slot, message: string, code: 'ITEM_TIMEOUT' | 'INTERNAL', culpritId?: number): void {
    const index = this.#slots.indexOf(slot);
    if (index === -1) return;
    this.#slots.splice(index, 1);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    const runningIds = new Set(Array.from(slot.running).filter((id) => id !== 0));
    const tasks = slot.tasks;
    slot.tasks = [];
    const cutOff = tasks.filter((t) => runningIds.has(t.id));
    if (!cutOff.length && tasks[0]) cutOff.push(tasks[0]);
    const finishedAt = performance.timeOrigin + performance.now();
    for (const task of cutOff) {
      const culprit = culpritId === undefined || task.id === culpritId;
      const error = culprit ? { code, message } : { code: 'ITEM_TIMEOUT' as const, message: `stopped with its thread: ${message}` };
      this.#finish(task, { error, finishedAt });
    }
    this.#queue.splice(this.#head, 0, ...tasks.filter((t) => !cutOff.includes(t) && !t.settled));
    this.#pump();
  }
}
