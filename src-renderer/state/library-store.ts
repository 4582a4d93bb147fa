import { create } from 'zustand';
import type { Filter, LibraryFile, Root, Sort, StatusCounts, WatchMode } from '../../src-shared/contract/library.ts';
import type { RootWatchState } from '../../src-shared/contract/watch.ts';
import { call, client, connection } from '../api/client.ts';

export const PAGE_SIZE = 200;

export interface LibraryQueryState {
  filter: Filter;
  search: string;
  sort: Sort;
  direction: 'asc' | 'desc';
  groupByFolder: boolean;
}

interface LibraryState {
  roots: Root[];
  /** The watcher's live state per folder id (pushed as `watch.state`). */
  watch: Record<number, RootWatchState>;
  counts: StatusCounts;
  query: LibraryQueryState;
  total: number;
  /** Loaded pages by page index; a window fetches only what it shows. */
  pages: Record<number, LibraryFile[]>;
  /** Bumped whenever the result set may have changed, so stale responses are dropped. */
  generation: number;
  lastChangeSeq: number;
  error: string | null;
  busy: string | null;
  /** Selected file ids, kept across paging and re-sorting (ids are stable). */
  selected: Set<number>;
  /** Index of the last plainly clicked row, the anchor for shift-click ranges. */
  anchor: number | null;
  select(index: number, file: LibraryFile, mode: 'toggle' | 'range' | 'only'): void;
  clearSelection(): void;
  setQuery(patch: Partial<LibraryQueryState>): void;
  ensurePage(page: number): Promise<void>;
  refresh(): Promise<void>;
  addRoot(path: string): Promise<boolean>;
  removeRoot(rootId: number): Promise<void>;
  scan(): Promise<void>;
  setWatchMode(rootId: number, watchMode: WatchMode, pollMinutes: number): Promise<void>;
}

const emptyCounts: StatusCounts = { all: 0, unprocessed: 0, processed: 0, duplicate: 0, error: 0 };
const inFlight = new Set<string>();

export const useLibrary = create<LibraryState>()((set, get) => ({
  roots: [],
  watch: {},
  counts: emptyCounts,
  query: { filter: 'all', search: '', sort: 'name', direction: 'asc', groupByFolder: true },
  total: 0,
  pages: {},
  generation: 0,
  lastChangeSeq: 0,
  error: null,
  busy: null,
  selected: new Set(),
  anchor: null,

  select(index, file, mode) {
    const next = new Set(mode === 'only' ? [] : get().selected);
    if (mode === 'range' && get().anchor !== null) {
      const [from, to] = [Math.min(get().anchor!, index), Math.max(get().anchor!, index)];
      for (let i = from; i <= to; i++) {
        const row = get().pages[Math.floor(i / PAGE_SIZE)]?.[i % PAGE_SIZE];
        if (row) next.add(row.id);
      }
    } else if (next.has(file.id) && mode === 'toggle') next.delete(file.id);
    else next.add(file.id);
    set({ selected: next, anchor: mode === 'range' ? get().anchor : index });
  },

  clearSelection() {
    set({ selected: new Set(), anchor: null });
  },

  setQuery(patch) {
    set((s) => ({ query: { ...s.query, ...patch }, pages: {}, generation: s.generation + 1 }));
    void get().ensurePage(0);
  },

  async ensurePage(page) {
    const { generation, query, pages } = get();
    const key = `${generation}:${page}`;
    if (pages[page] || inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const result = await call('library.query', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (get().generation !== generation) return;
      set((s) => ({ total: result.total, pages: { ...s.pages, [page]: result.files } }));
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      inFlight.delete(key);
    }
  },

  async refresh() {
    const [roots, counts, states] = await Promise.all([call('library.roots.list'), call('library.counts'), call('library.watch.states')]);
    const watch = Object.fromEntries(states.map((state) => [state.rootId, state]));
    set((s) => ({ roots, counts, watch, pages: {}, generation: s.generation + 1 }));
    await get().ensurePage(0);
  },

  async addRoot(path) {
    set({ busy: 'Adding and scanning…', error: null });
    try {
      await call('library.roots.add', { path });
      await get().refresh();
      return true;
    } catch (error) {
      set({ error: (error as Error).message });
      return false;
    } finally {
      set({ busy: null });
    }
  },

  async removeRoot(rootId) {
    await call('library.roots.remove', { rootId }).catch((error: Error) => set({ error: error.message }));
    await get().refresh();
  },

  async setWatchMode(rootId, watchMode, pollMinutes) {
    await call('library.roots.watchMode', { rootId, watchMode, pollMinutes }).catch((error: Error) => set({ error: error.message }));
    await get().refresh();
  },

  async scan() {
    set({ busy: 'Scanning…', error: null });
    try {
      await call('library.scan', { rootId: null });
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      set({ busy: null });
    }
    await get().refresh();
  },
}));

/** Push, never poll: any library change re-reads counts and the visible pages. */
client.on('library.changed', (event) => {
  const state = useLibrary.getState();
  if (event.seq <= state.lastChangeSeq) return;
  useLibrary.setState({ lastChangeSeq: event.seq, counts: event.counts });
  void state.refresh();
});
client.on('watch.state', (state) => {
  const known = useLibrary.getState().watch[state.rootId];
  if (known && known.seq >= state.seq) return;
  useLibrary.setState((s) => ({ watch: { ...s.watch, [state.rootId]: state } }));
});
// A reconnect may mean a restarted server whose event counter began again.
connection.onReconnect(() => {
  useLibrary.setState({ lastChangeSeq: 0 });
  void useLibrary.getState().refresh();
});
