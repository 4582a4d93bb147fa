import type { RootWatchState } from '../../../src-shared/contract/watch.ts';
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import { isInside, relPathOf } from '../library/library-paths.ts';
import { ARCHIVE_EXTENSION, isIgnoredName } from '../library/library-walker.ts';
import type { Logger } from '../ports.ts';
import { StabilityWindow } from './stability-window.ts';
import { changedPaths } from './tree-diff.ts';
import type { ChangeFeed, FileChange, FileStamp, WatchedRoot, WatchLibrary, WatchTimers } from './watch-port.ts';

export type RootStateView = Omit<RootWatchState, 'seq'>;

export interface RootWatcherDeps {
  library: WatchLibrary;
  feed: ChangeFeed;
  timers: WatchTimers;
  logger: Logger;
  /** The stability window (a setting, read at each use). */
  stableMs: () => number;
  /** The folder is on a network share: `auto` polls it. */
  network: boolean;
  onState: (state: RootStateView) => void;
  /** The index followed these settled changes. */
  onChanges: (root: WatchedRoot, changes: FileChange[]) => void;
}

/** An events root that cannot subscribe (or is offline) tries again this often. */
const RETRY_MS = 60_000;
/** Pending-count updates of the live state go out at most this often. */
const STATE_COALESCE_MS = 250;

/**
 * Watches one library folder (docs/watcher.md). Every way of noticing a change — an event, the
 * catch-up rescan at start, a rescan after lost events, a poll — only *notes* paths in the
 * stability window; a path is indexed once it held still for a whole window. So a file still
 * being copied is never read half-written, and one code path decides what reaches the index.
 * Our own writes settle as "nothing changed": a job commits the file's new size, mtime and
 * inode to the index (a rename keeps the inode), and while a job still holds a file it is
 * looked at again a window later.
 */
export class RootWatcher {
  readonly root: WatchedRoot;
  readonly #deps: RootWatcherDeps;
  readonly #window: StabilityWindow;
  #subscription: { close(): Promise<void> } | null = null;
  #subscribeError: string | null = null;
  #offline: string | null = null;
  /** Why a rescan is running now; null when none is. */
  #rescanReason: string | null = null;
  #rescanning: Promise<void> | null = null;
  #rescanAgain: string | null = null;
  #cancelTick: (() => void) | null = null;
  #cancelRepeat: (() => void) | null = null;
  #cancelStateFlush: (() => void) | null = null;
  /** Settling runs one at a time: its refresh may wait for jobs to leave the root. */
  #settling: Promise<void> = Promise.resolve();
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Catch-ups waiting for their paths to settle. */
  #waiters: Array<{ keys: Set<string>; resolve: () => void }> = [];
  #lastState = '';
  #closed = false;

  constructor(root: WatchedRoot, deps: RootWatcherDeps) {
    this.root = root;
    this.#deps = deps;
    this.#window = new StabilityWindow(deps.stableMs);
  }

  get via(): 'events' | 'poll' {
    const { watchMode } = this.root;
    return watchMode === 'poll' || (watchMode === 'auto' && this.#deps.network) ? 'poll' : 'events';
  }

  /** First scan when the root never finished one, subscription, catch-up; resolves once caught up. */
  async start(): Promise<void> {
    this.#rescanReason = 'start';
    this.#emit();
    // A root whose first scan never finished: what is there now is pre-existing, not new.
    if (!this.root.scanned) await this.#track(this.#deps.library.scan(this.root.id));
    if (this.via === 'events') await this.#subscribe();
    await this.rescan('start');
  }

  state(): RootStateView {
    const via = this.via === 'events' && this.#subscription ? 'events' : 'poll';
    const failure = this.#offline ?? this.#subscribeError;
    let state: RootStateView['state'];
    let reason: string | null = null;
    if (this.#rescanReason !== null && this.#rescanReason !== 'poll') [state, reason] = ['catching-up', this.#rescanReason];
    else if (failure) [state, reason] = ['failed', failure];
    else state = via === 'events' ? 'watching' : 'polling';
    return { rootId: this.root.id, state, via, network: this.#deps.network, pending: this.#window.size, reason };
  }

  /**
   * Compares the whole root with the index and notes every difference; resolves once those
   * paths settled. Requests during a rescan fold into one more run after it.
   */
  rescan(reason: string): Promise<void> {
    if (this.#rescanning) {
      this.#rescanAgain = reason;
      return this.#rescanning;
    }
    this.#rescanning = (async () => {
      for (let next: string | null = reason; next !== null && !this.#closed; next = this.#rescanAgain) {
        this.#rescanAgain = null;
        this.#rescanReason = next;
        this.#emit();
        await this.#settled((await this.#track(this.#noteDifferences())) ?? []);
      }
    })().finally(() => {
      this.#rescanning = null;
      this.#rescanReason = null;
      this.#emit();
    });
    return this.#rescanning;
  }

  /** Resolves when no I/O is in progress (waiting for a window to pass is not work). */
  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelTick?.();
    this.#cancelRepeat?.();
    this.#cancelStateFlush?.();
    for (const waiter of this.#waiters) waiter.resolve();
    this.#waiters = [];
    await this.#subscription?.close().catch(() => {});
    this.#subscription = null;
    await this.idle();
  }

  async #subscribe(): Promise<void> {
    try {
      this.#subscription = await this.#deps.feed.subscribe(
        this.root.path,
        (paths) => void this.#track(this.#noteEvents(paths)),
        (error) => {
          this.#deps.logger.warn({ root: this.root.path, err: error }, 'watcher lost events; rescanning the folder');
          void this.rescan(`lost events (${error.message})`);
        },
      );
      this.#subscribeError = null;
    } catch (error) {
      this.#subscribeError = `cannot watch for events (${toErrorInfo(error).message}); rescanning every ${this.root.pollMinutes} min`;
      this.#deps.logger.warn({ root: this.root.path, err: error }, 'watcher subscription failed; polling instead');
    }
  }

  /** Notes every path where the root and the index disagree; returns those paths. */
  async #noteDifferences(): Promise<string[]> {
    const { library } = this.#deps;
    let keys: string[] = [];
    try {
      const onDisk = await library.onDisk(this.root.path, '');
      this.#offline = null;
      const now = this.#deps.timers.now();
      const changed = changedPaths(onDisk, library.indexed(this.root.id, ''));
      for (const [key, stamp] of changed) this.#window.note(key, stamp, now);
      keys = changed.map(([key]) => key);
    } catch (error) {
      // Unmounted share or removed drive: the index keeps every file (nothing is "deleted").
      this.#offline = `folder offline (${toErrorInfo(error).message})`;
    }
    this.#schedule();
    this.#repeat();
    this.#emit();
    return keys;
  }

  /** Poll roots rescan every `pollMinutes`; events roots that failed or are offline retry. */
  #repeat(): void {
    if (this.#closed || this.#cancelRepeat) return;
    const polls = this.via === 'poll' || this.#subscribeError !== null;
    const ms = polls ? this.root.pollMinutes * 60_000 : RETRY_MS;
    if (!polls && !this.#offline) return;
    this.#cancelRepeat = this.#deps.timers.after(ms, () => {
      this.#cancelRepeat = null;
      void (async () => {
        if (this.via === 'events' && !this.#subscription) await this.#track(this.#subscribe());
        await this.rescan(this.#offline ? 'retrying an offline folder' : 'poll');
      })();
    });
  }

  async #noteEvents(absPaths: string[]): Promise<void> {
    const { library, timers } = this.#deps;
    for (const abs of absPaths) {
      if (this.#closed) return;
      if (!isInside(this.root.path, abs)) continue;
      const relPath = relPathOf(this.root.path, abs);
      if (relPath.split('/').some(isIgnoredName)) continue;
      const stamp = await library.stat(this.root.path, relPath);
      if (ARCHIVE_EXTENSION.test(relPath) && stamp !== 'dir') {
        this.#window.note(relPath, stamp, timers.now());
        continue;
      }
      // A folder moved in, out or deleted arrives as one event: compare its whole subtree.
      if (stamp !== 'dir' && stamp !== null) continue;
      const onDisk = stamp === 'dir' ? await library.onDisk(this.root.path, relPath).catch(() => new Map<string, FileStamp>()) : new Map<string, FileStamp>();
      const now = timers.now();
      for (const [key, s] of changedPaths(onDisk, library.indexed(this.root.id, relPath))) this.#window.note(key, s, now);
    }
    this.#schedule();
    this.#emit();
  }

  #schedule(): void {
    this.#cancelTick?.();
    this.#cancelTick = null;
    const due = this.#window.nextDue();
    if (due === null || this.#closed) return;
    const { timers } = this.#deps;
    this.#cancelTick = timers.after(Math.max(0, due - timers.now()), () => {
      this.#cancelTick = null;
      this.#settling = this.#track(this.#settling.then(() => this.#settle()));
    });
  }

  /** Re-stats the paths whose window passed; indexes those that held still. */
  async #settle(): Promise<void> {
    if (this.#closed) return;
    const { library, timers } = this.#deps;
    const now = timers.now();
    const stable: Array<[string, FileStamp | null]> = [];
    let inFlight: ReturnType<WatchLibrary['inFlight']> | null = null;
    for (const key of this.#window.due(now)) {
      const s = await library.stat(this.root.path, key);
      const stamp = s === 'dir' ? null : s;
      if (this.#window.check(key, stamp, now) !== 'stable') continue;
      // A job is writing or renaming it: that is ours, and the index will say so once the
      // job commits. Look again a window later rather than index a file in flight.
      inFlight ??= library.inFlight(this.root.id);
      if (inFlight(key, stamp)) this.#window.note(key, stamp, now);
      else stable.push([key, stamp]);
    }
    if (stable.length) {
      try {
        const changes = await library.refresh(this.root.id, stable.map(([key]) => key));
        if (changes.length) this.#deps.onChanges(this.root, changes);
      } catch (error) {
        // Never dropped: the paths wait another window and are tried again.
        this.#deps.logger.warn({ root: this.root.path, err: error }, 'watcher could not index settled files; retrying');
        for (const [key, stamp] of stable) this.#window.note(key, stamp, timers.now());
      }
    }
    this.#waiters = this.#waiters.filter((w) => {
      const done = ![...w.keys].some((k) => this.#window.has(k));
      if (done) w.resolve();
      return !done;
    });
    this.#schedule();
    this.#emit();
  }

  #settled(keys: string[]): Promise<void> {
    const pending = new Set(keys.filter((k) => this.#window.has(k)));
    if (!pending.size || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ keys: pending, resolve }));
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    const tracked = promise.catch((error: unknown) => {
      this.#deps.logger.error({ root: this.root.path, err: error }, 'watcher step failed');
    }) as Promise<T>;
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
    return tracked;
  }

  /** Pushes the live state when it changed; a changed pending count alone is coalesced. */
  #emit(): void {
    if (this.#closed) return;
    const view = this.state();
    const key = JSON.stringify({ ...view, pending: view.pending > 0 });
    if (key !== this.#lastState) {
      this.#lastState = key;
      this.#cancelStateFlush?.();
      this.#cancelStateFlush = null;
      this.#deps.onState(view);
      return;
    }
    this.#cancelStateFlush ??= this.#deps.timers.after(STATE_COALESCE_MS, () => {
      this.#cancelStateFlush = null;
      if (!this.#closed) this.#deps.onState(this.state());
    });
  }
}
