import type { FileStamp } from './watch-port.ts';

interface Pending {
  stamp: FileStamp | null;
  /** When the stamp was last seen to change. */
  since: number;
}

export const sameStamp = (a: FileStamp | null, b: FileStamp | null): boolean =>
  a === b || (a !== null && b !== null && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino);

/**
 * Paths seen changing, each with the last stamp seen and since when it has held. A path is
 * stable once a fresh stat shows the same stamp a whole window after it last changed; a file
 * still being copied keeps changing and is re-checked later, never dropped. A path that is
 * gone stays gone (null stamps compare equal), so a file created and deleted at once settles
 * as "nothing there".
 */
export class StabilityWindow {
  readonly #pending = new Map<string, Pending>();
  readonly #windowMs: () => number;

  constructor(windowMs: () => number) {
    this.#windowMs = windowMs;
  }

  get size(): number {
    return this.#pending.size;
  }

  has(key: string): boolean {
    return this.#pending.has(key);
  }

  /** A change was noticed (event or rescan) and this is the path's stamp now. */
  note(key: string, stamp: FileStamp | null, now: number): void {
    const known = this.#pending.get(key);
    if (!known || !sameStamp(known.stamp, stamp)) this.#pending.set(key, { stamp, since: now });
  }

  /** When the next path may be stable; null when nothing is pending. */
  nextDue(): number | null {
    let first: number | null = null;
    for (const { since } of this.#pending.values()) first = first === null ? since : Math.min(first, since);
    return first === null ? null : first + this.#windowMs();
  }

  /** Paths whose window has passed: each needs a fresh stat, given to `check`. */
  due(now: number): string[] {
    const window = this.#windowMs();
    return [...this.#pending].filter(([, p]) => now - p.since >= window).map(([key]) => key);
  }

  /** With a fresh stamp: 'stable' (and forgotten) when unchanged for a whole window, else waits again. */
  check(key: string, stamp: FileStamp | null, now: number): 'stable' | 'waiting' {
    const known = this.#pending.get(key);
    if (known && sameStamp(known.stamp, stamp) && now - known.since >= this.#windowMs()) {
      this.#pending.delete(key);
      return 'stable';
    }
    this.note(key, stamp, now);
    return 'waiting';
  }

  clear(): void {
    this.#pending.clear();
  }
}
