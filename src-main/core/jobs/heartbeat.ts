import type { JobStore } from './engine-ports.ts';
import type { JobRow } from './job-repo.ts';
import { HEARTBEAT_MS } from './lease.ts';

/**
 * Keeps a runner's lease alive between flushes (a long item, a scan still listing folders) and
 * lets it hear requests from other processes. Flushes count as heartbeats (`wrote`), so a busy
 * runner writes nothing extra. `onRow(null)` means the lease is gone.
 */
export class Heartbeat {
  #lastWriteAt: number;
  readonly #timer: NodeJS.Timeout;

  constructor(repo: Pick<JobStore, 'heartbeat'>, jobId: string, token: string, now: () => number, onRow: (row: JobRow | null) => void) {
    this.#lastWriteAt = now();
    this.#timer = setInterval(() => {
      if (now() - this.#lastWriteAt < HEARTBEAT_MS / 2) return;
      const row = repo.heartbeat(jobId, token, now());
      if (row) this.#lastWriteAt = now();
      onRow(row);
    }, HEARTBEAT_MS);
    // The pool's threads keep a working process alive; this timer alone must not.
    this.#timer.unref();
  }

  wrote(at: number): void {
    this.#lastWriteAt = at;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
