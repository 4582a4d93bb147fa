import type { JobSnapshot } from '../../../src-shared/contract/jobs.ts';

/** ≤ 10 snapshots per second per job (docs/behaviour.md §4): enough for a smooth bar, cheap for IPC. */
export const MIN_UPDATE_INTERVAL_MS = 100;

interface PerJob {
  lastAt: number;
  lastSeq: number;
  pending: JobSnapshot | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Coalesces `job.updated` per job: the first change goes out at once, later ones within the
 * interval collapse into the newest snapshot, sent when the interval ends. State changes are
 * urgent. Callers emit only committed rows, so every event describes the database.
 */
export class ProgressEmitter {
  readonly #jobs = new Map<string, PerJob>();
  readonly #emit: (snapshot: JobSnapshot) => void;
  readonly #now: () => number;

  constructor(emit: (snapshot: JobSnapshot) => void, now: () => number = () => performance.now()) {
    this.#emit = emit;
    this.#now = now;
  }

  update(snapshot: JobSnapshot, urgent = false): void {
    let job = this.#jobs.get(snapshot.id);
    if (!job) {
      job = { lastAt: -Infinity, lastSeq: -1, pending: null, timer: null };
      this.#jobs.set(snapshot.id, job);
    }
    if (snapshot.seq <= job.lastSeq) return;
    const wait = job.lastAt + MIN_UPDATE_INTERVAL_MS - this.#now();
    if (urgent || wait <= 0) {
      this.#send(job, snapshot);
      return;
    }
    job.pending = snapshot;
    job.timer ??= setTimeout(() => {
      job.timer = null;
      if (job.pending) this.#send(job, job.pending);
    }, wait);
  }

  /** A job that left this process (finished or released): send what is pending, forget it. */
  finish(jobId: string): void {
    const job = this.#jobs.get(jobId);
    if (!job) return;
    if (job.timer) clearTimeout(job.timer);
    if (job.pending) this.#send(job, job.pending);
    this.#jobs.delete(jobId);
  }

  close(): void {
    for (const id of [...this.#jobs.keys()]) this.finish(id);
  }

  #send(job: PerJob, snapshot: JobSnapshot): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    job.pending = null;
    if (snapshot.seq <= job.lastSeq) return;
    job.lastAt = this.#now();
    job.lastSeq = snapshot.seq;
    this.#emit(snapshot);
  }
}
