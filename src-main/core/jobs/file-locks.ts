/**
 * Files in flight, across all jobs of this process: two jobs never work on one file at once
 * (SPEC §4). Across processes the job lease is the guard. Runners blocked on a lock are woken
 * by `onRelease` instead of polling.
 */
export class FileLocks {
  readonly #held = new Map<number, string>();
  readonly #listeners = new Set<() => void>();

  tryLock(fileId: number, jobId: string): boolean {
    const holder = this.#held.get(fileId);
    if (holder !== undefined) return holder === jobId;
    this.#held.set(fileId, jobId);
    return true;
  }

  unlock(fileId: number, jobId: string): void {
    if (this.#held.get(fileId) !== jobId) return;
    this.#held.delete(fileId);
    for (const listener of this.#listeners) listener();
  }

  onRelease(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
