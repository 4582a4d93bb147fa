import type { AppCore } from '../../../src-main/core/app-core.ts';
import type { ChangeFeed, WatchTimers } from '../../../src-main/core/watch/watch-port.ts';

/** Time that moves only when a test says so; due callbacks run in order, each followed by the I/O it started. */
export class ManualTimers implements WatchTimers {
  #now = 1_700_000_000_000;
  #timers: Array<{ at: number; fn: () => void }> = [];

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): () => void {
    const entry = { at: this.#now + ms, fn };
    this.#timers.push(entry);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== entry);
    };
  }

  /** Moves time forward by `ms`, firing what falls due and letting the core finish each step. */
  async advance(ms: number, core: AppCore): Promise<void> {
    const target = this.#now + ms;
    await core.watch.idle();
    for (;;) {
      const next = this.#timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.at;
      next.fn();
      await core.watch.idle();
    }
    this.#now = target;
  }
}

/** A stand-in for @parcel/watcher where the test decides which events arrive, or that it fails. */
export class ManualFeed implements ChangeFeed {
  subscribers: Array<{ folder: string; onPaths: (paths: string[]) => void; onError: (error: Error) => void }> = [];
  failSubscribe: Error | null = null;

  async subscribe(folder: string, onPaths: (paths: string[]) => void, onError: (error: Error) => void) {
    if (this.failSubscribe) throw this.failSubscribe;
    const entry = { folder, onPaths, onError };
    this.subscribers.push(entry);
    return {
      close: async () => {
        this.subscribers = this.subscribers.filter((s) => s !== entry);
      },
    };
  }

  emit(paths: string[]): void {
    for (const s of this.subscribers) s.onPaths(paths);
  }

  fail(error: Error): void {
    for (const s of this.subscribers) s.onError(error);
  }
}
