/** Why a file could not be locked: another job holds it, or a scan has (or awaits) its root. */
export type LockResult = 'locked' | 'file-busy' | 'root-busy';

interface RootClaim {
  /** null: every root. */
  rootId: number | null;
  granted: boolean;
  grant: () => void;
}

const overlaps = (a: number | null, b: number | null) => a === null || b === null || a === b;

/**
 * Files in flight, across all jobs of this process: two jobs never work on one file at once,
 * and no item job works in a root while a scan of it runs (docs/behaviour.md §4) — the scan rewrites the
 * very rows items are built from (path, size, mtime) and removes rows of vanished files.
 * Across processes, `file-claims.ts` keeps files apart (docs/concurrency.md). Runners refused a lock are woken by `onRelease`
 * instead of polling, and only then: an uncontended release (the normal case, once per item)
 * wakes nobody.
 */
export class FileLocks {
  readonly #files = new Map<number, string>();
  /** Files held per root, so a scan knows when its root has drained. */
  readonly #perRoot = new Map<number, number>();
  /** Scans' root claims in request order; a claim is granted when nothing before it overlaps and its root drained. */
  #claims: RootClaim[] = [];
  /** Someone was refused since the last wake-up. */
  #contended = false;
  readonly #listeners = new Set<() => void>();

  tryLock(fileId: number, rootId: number, jobId: string): LockResult {
    // A waiting claim already refuses new locks: item jobs streaming through a root must not
    // keep a scan of it waiting forever.
    if (this.#claims.some((c) => overlaps(c.rootId, rootId))) {
      this.#contended = true;
      return 'root-busy';
    }
    const holder = this.#files.get(fileId);
    if (holder !== undefined) {
      if (holder === jobId) return 'locked';
      this.#contended = true;
      return 'file-busy';
    }
    this.#files.set(fileId, jobId);
    this.#perRoot.set(rootId, (this.#perRoot.get(rootId) ?? 0) + 1);
    return 'locked';
  }

  unlock(fileId: number, rootId: number, jobId: string): void {
    if (this.#files.get(fileId) !== jobId) return;
    this.#files.delete(fileId);
    const left = this.#perRoot.get(rootId)! - 1;
    if (left) this.#perRoot.set(rootId, left);
    else {
      this.#perRoot.delete(rootId);
      this.#grant();
    }
    this.#wake();
  }

  /**
   * Claims a root (null: every root) for a scan: from now on no file in it can be locked.
   * Resolves, with the function that ends the claim, once the files held there are released
   * and no earlier claim overlaps; rejects if `signal` aborts first.
   */
  lockRoot(rootId: number | null, signal: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const claim: RootClaim = {
        rootId,
        granted: false,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(() => this.#end(claim));
        },
      };
      const onAbort = () => {
        this.#end(claim);
        reject(signal.reason as Error);
      };
      if (signal.aborted) return reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#claims.push(claim);
      this.#grant();
    });
  }

  /** Runs `work` holding the claim of a root (null: every root), as a scan does. */
  async withRoot<T>(rootId: number | null, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    const release = await this.lockRoot(rootId, signal);
    try {
      return await work();
    } finally {
      release();
    }
  }

  onRelease(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #end(claim: RootClaim): void {
    const before = this.#claims.length;
    this.#claims = this.#claims.filter((c) => c !== claim);
    if (this.#claims.length === before) return;
    this.#grant();
    this.#wake();
  }

  #grant(): void {
    for (const [i, claim] of this.#claims.entries()) {
      if (claim.granted) continue;
      const held = claim.rootId === null ? this.#files.size : (this.#perRoot.get(claim.rootId) ?? 0);
      if (held || this.#claims.slice(0, i).some((c) => overlaps(c.rootId, claim.rootId))) continue;
      claim.granted = true;
      claim.grant();
    }
  }

  #wake(): void {
    if (!this.#contended) return;
    this.#contended = false;
    for (const listener of this.#listeners) listener();
  }
}
