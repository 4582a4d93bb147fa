import type { JobSnapshot } from '../../../src-shared/contract/jobs.ts';
import type { AutoProcess } from '../../../src-shared/contract/settings.ts';
import type { RootWatchState } from '../../../src-shared/contract/watch.ts';
import type { Logger } from '../ports.ts';
import { RootWatcher, type RootStateView } from './root-watcher.ts';
import type { ChangeFeed, FileChange, WatchedRoot, WatchLibrary, WatchTimers } from './watch-port.ts';

/** What the watcher did, for hosts that report it (`longbox watch`). */
export type WatchActivity = { type: 'file'; change: FileChange } | { type: 'job'; job: JobSnapshot };

export interface WatchServiceDeps {
  library: WatchLibrary;
  feed: ChangeFeed;
  timers: WatchTimers;
  logger: Logger;
  settings: () => { watcher: boolean; autoProcess: AutoProcess; watchStableSeconds: number };
  isNetworkFolder: (path: string) => Promise<boolean>;
  emitState: (state: RootWatchState) => void;
}

export interface WatchStartOptions {
  /** Watch even with the `watcher` setting off (`longbox watch` was asked to). */
  always?: boolean;
  /** Overrides the `autoProcess` setting for this run. */
  autoProcess?: AutoProcess;
}

/**
 * The watchers of all library folders of one process: one RootWatcher per root, started,
 * stopped and restarted as roots, their watch modes and the `watcher` setting change, and the
 * auto-process decision for new files (docs/watcher.md).
 */
export class WatchService {
  readonly #deps: WatchServiceDeps;
  readonly #watchers = new Map<number, { watcher: RootWatcher; started: Promise<void>; key: string }>();
  readonly #listeners = new Set<(activity: WatchActivity) => void>();
  #options: WatchStartOptions | null = null;
  #seq = 0;
  #syncing: Promise<void> = Promise.resolve();

  constructor(deps: WatchServiceDeps) {
    this.#deps = deps;
  }

  /** Starts watching every root; resolves once each finished its first scan and catch-up. */
  async start(options: WatchStartOptions = {}): Promise<void> {
    this.#options = options;
    await this.sync();
    await Promise.all([...this.#watchers.values()].map((w) => w.started));
  }

  /**
   * Brings the watchers in line with the roots and settings: new roots start, removed ones
   * stop, a changed watch mode restarts its root. Resolves once that is done (not once the
   * started ones caught up: a command that adds a root must not wait for a stability window).
   */
  sync(): Promise<void> {
    this.#syncing = this.#syncing
      .then(() => this.#sync())
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'watcher could not follow the library folders'));
    return this.#syncing;
  }

  states(): RootWatchState[] {
    return [...this.#watchers.values()].map(({ watcher }) => ({ ...watcher.state(), seq: this.#seq }));
  }

  onActivity(listener: (activity: WatchActivity) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when no watcher has work in progress. */
  async idle(): Promise<void> {
    await this.#syncing;
    await Promise.all([...this.#watchers.values()].map(({ watcher }) => watcher.idle()));
  }

  async close(): Promise<void> {
    this.#options = null;
    await this.sync();
  }

  async #sync(): Promise<void> {
    const enabled = this.#options !== null && (this.#options.always === true || this.#deps.settings().watcher);
    const wanted = new Map<number, WatchedRoot>(enabled ? this.#deps.library.roots().map((r) => [r.id, r]) : []);
    const stops: Array<Promise<void>> = [];
    for (const [id, entry] of this.#watchers) {
      const root = wanted.get(id);
      if (root && keyOf(root) === entry.key) continue;
      this.#watchers.delete(id);
      stops.push(entry.watcher.close());
      if (!root) this.#deps.emitState({ ...offState(entry.watcher.state()), seq: ++this.#seq });
    }
    await Promise.all(stops);
    for (const root of wanted.values()) {
      if (this.#watchers.has(root.id)) continue;
      const watcher = new RootWatcher(root, {
        library: this.#deps.library,
        feed: this.#deps.feed,
        timers: this.#deps.timers,
        logger: this.#deps.logger,
        stableMs: () => this.#deps.settings().watchStableSeconds * 1000,
        network: await this.#deps.isNetworkFolder(root.path),
        onState: (state) => this.#emitState(state),
        onChanges: (r, changes) => this.#onChanges(r, changes),
      });
      this.#watchers.set(root.id, { watcher, started: watcher.start(), key: keyOf(root) });
    }
  }

  #emitState(state: RootStateView): void {
    this.#deps.emitState({ ...state, seq: ++this.#seq });
  }

  /**
   * Files first seen after their root's first scan are new: only those are auto-processed.
   * The job gets them by id, so a file renamed or changed meanwhile is refused by the job's
   * own checks rather than processed blindly.
   */
  #onChanges(_root: WatchedRoot, changes: FileChange[]): void {
    this.#deps.library.changed();
    for (const change of changes) this.#announce({ type: 'file', change });
    const mode = this.#options?.autoProcess ?? this.#deps.settings().autoProcess;
    const added = changes.filter((c) => c.change === 'added').map((c) => c.fileId);
    if (mode === 'off' || !added.length) return;
    try {
      this.#announce({ type: 'job', job: this.#deps.library.autoProcess(mode, added) });
    } catch (error) {
      this.#deps.logger.error({ err: error, files: added.length }, 'auto-process job could not start');
    }
  }

  #announce(activity: WatchActivity): void {
    for (const listener of this.#listeners) {
      try {
        listener(activity);
      } catch (error) {
        this.#deps.logger.error({ err: error }, 'watch listener failed');
      }
    }
  }
}

/** What a root's watcher depends on: a change restarts it. */
const keyOf = (root: WatchedRoot) => `${root.path}|${root.watchMode}|${root.pollMinutes}`;

const offState = (state: RootStateView): RootStateView => ({ ...state, state: 'off', pending: 0, reason: null });
