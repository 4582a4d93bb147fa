import { createStore } from 'zustand/vanilla';
import type { Filter, LibraryFile, Root, SearchCounts, Sort, WatchMode } from '../../src-shared/contract/library.ts';
import type { RootWatchState } from '../../src-shared/contract/watch.ts';
import type { FolderGroup } from '../../src-shared/contract/library-view.ts';
import type { ScanProgressEvent } from '../../src-shared/contract/root-add.ts';
import { errorText, type StoreDeps } from './store-deps.ts';

export const PAGE_SIZE = 200;

export interface LibraryQueryState {
  filter: Filter;
  search: string;
  sort: Sort;
  direction: 'asc' | 'desc';
  groupByFolder: boolean;
}

export const groupKey = (g: { rootId: number; folder: string }) => `${g.rootId}:${g.folder}`;

export interface LibraryState {
  roots: Root[];
  /** The watcher's live state per folder id (pushed as `watch.state`). */
  watch: Record<number, RootWatchState>;
  /** Counts per status under the current search (the filter buttons' numbers); some may be lower bounds. */
  counts: SearchCounts;
  query: LibraryQueryState;
  /** Files the filter and search match; while `totalExact` is false, at least this many. */
  total: number;
  totalExact: boolean;
  /** The generation `total` was learned in (a lower bound only ever grows within one). */
  totalGeneration: number;
  /** Folder groups of the current result, in list order (only while grouping by folder). */
  groups: FolderGroup[];
  /**
   * The groups are the first page's own (`provisionalGroups`) until the counted ones arrive:
   * the last one's count is not known yet.
   */
  groupsProvisional: boolean;
  /** Keys (groupKey) of folder groups folded shut. */
  collapsed: Set<string>;
  /** Loaded pages by page index; a window fetches only what it shows. */
  pages: Record<number, LibraryFile[]>;
  /** Bumped whenever the result set may have changed, so stale responses are dropped. */
  generation: number;
  lastChangeSeq: number;
  error: string | null;
  busy: string | null;
  /** The running scan of a folder being added (pushed as `library.scanProgress`), else null. */
  scanProgress: ScanProgressEvent | null;
  /** Selected file ids, kept across paging, re-sorting and filtering (ids are stable). */
  selected: Set<number>;
  /** Result index of the last plainly chosen row, the anchor for shift ranges. */
  anchor: number | null;
  select(index: number, file: LibraryFile, mode: 'toggle' | 'range' | 'only'): void;
  clearSelection(): void;
  /** Selects every file the current filter and search match, loaded or not. */
  selectAllMatching(): Promise<void>;
  /** Adds (or removes) every file of one folder group under the current filter and search. */
  selectFolder(group: FolderGroup, on: boolean): Promise<void>;
  /** Ids of the files the current filter and search match, optionally only one folder's. */
  matchingIds(folder?: FolderGroup): Promise<number[]>;
  toggleCollapsed(group: FolderGroup): void;
  setQuery(patch: Partial<LibraryQueryState>): void;
  ensurePage(page: number): Promise<void>;
  refresh(): Promise<void>;
  addRoot(path: string): Promise<boolean>;
  removeRoot(rootId: number): Promise<void>;
  setWatchMode(rootId: number, watchMode: WatchMode, pollMinutes: number): Promise<void>;
  scan(): Promise<void>;
}

const emptyCounts: SearchCounts = { all: 0, unprocessed: 0, processed: 0, duplicate: 0, error: 0, lowerBounds: [] };

type Shown = Pick<LibraryState, 'counts' | 'query' | 'total' | 'totalExact'>;

/**
 * A count as the view writes it: "1000+" while only a lower bound is known (docs/ui.md
 * "Search"). The current filter's count is the total: exact once that is (the end was
 * reached), else the larger of the two lower bounds.
 */
export function countLabel(state: Shown, filter: Filter): string {
  if (filter === state.query.filter) return totalLabel(state);
  return state.counts.lowerBounds.includes(filter) ? `${state.counts[filter]}+` : String(state.counts[filter]);
}

/** The matches of the current filter and search as the view writes them ("1000+" while unknown). */
export function totalLabel(state: Shown): string {
  const { counts, query, total, totalExact } = state;
  if (totalExact) return String(total);
  return `${Math.max(total, counts[query.filter])}+`;
}

export function rowAt(state: Pick<LibraryState, 'pages'>, index: number): LibraryFile | undefined {
  return state.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
}

export function createLibraryStore(deps: StoreDeps) {
  const inFlight = new Set<string>();

  const store = createStore<LibraryState>()((set, get) => {
    /** The filter and search as the core's id and group queries take them. */
    const matching = () => ({ filter: get().query.filter, search: get().query.search, rootId: null });

    return {
      roots: [],
      watch: {},
      counts: emptyCounts,
      query: { filter: 'all', search: '', sort: 'name', direction: 'asc', groupByFolder: true },
      total: 0,
      totalExact: true,
      totalGeneration: 0,
      groups: [],
      groupsProvisional: false,
      collapsed: new Set(),
      pages: {},
      generation: 0,
      lastChangeSeq: 0,
      error: null,
      busy: null,
      scanProgress: null,
      selected: new Set(),
      anchor: null,

      select(index, file, mode) {
        const { anchor, selected } = get();
        const next = new Set(mode === 'only' ? [] : selected);
        if (mode === 'range' && anchor !== null) {
          for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
            const row = rowAt(get(), i);
            if (row) next.add(row.id);
          }
        } else if (mode === 'toggle' && next.has(file.id)) next.delete(file.id);
        else next.add(file.id);
        set({ selected: next, anchor: mode === 'range' && anchor !== null ? anchor : index });
      },

      clearSelection() {
        set({ selected: new Set(), anchor: null });
      },

      async matchingIds(folder) {
        return deps.call('library.ids', { ...matching(), folder: folder ? { rootId: folder.rootId, folder: folder.folder } : null });
      },

      async selectAllMatching() {
        try {
          const ids = await get().matchingIds();
          set((s) => ({ selected: new Set([...s.selected, ...ids]) }));
        } catch (error) {
          set({ error: errorText(error) });
        }
      },

      async selectFolder(group, on) {
        try {
          const ids = await get().matchingIds(group);
          const next = new Set(get().selected);
          for (const id of ids) {
            if (on) next.add(id);
            else next.delete(id);
          }
          set({ selected: next });
        } catch (error) {
          set({ error: errorText(error) });
        }
      },

      toggleCollapsed(group) {
        const next = new Set(get().collapsed);
        const key = groupKey(group);
        if (!next.delete(key)) next.add(key);
        set({ collapsed: next });
      },

      setQuery(patch) {
        // Another query's folder groups would misplace this one's rows until its own arrive.
        set((s) => ({ query: { ...s.query, ...patch }, pages: {}, groups: [], groupsProvisional: false, generation: s.generation + 1 }));
        void get().refresh();
      },

      async ensurePage(page) {
        const { generation, query, pages } = get();
        const key = `${generation}:${page}`;
        if (pages[page] || inFlight.has(key)) return;
        inFlight.add(key);
        try {
          const result = await deps.call('library.query', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
          if (get().generation !== generation) return;
          set((s) => {
            const totals = learnTotal(s, generation, result.total, result.totalExact);
            // A grouped first page before its counted groups: shown under the groups it holds, so
            // the headers stand where the counted ones will, and no row moves when they arrive.
            // Later pages only raise the total the last of those groups spans.
            const pages = { ...s.pages, [page]: result.files };
            const provisional = s.query.groupByFolder && pages[0] && (s.groupsProvisional || (page === 0 && s.groups.length === 0));
            return {
              ...totals,
              pages,
              ...(provisional ? { groups: provisionalGroups(pages[0]!, totals.total ?? s.total), groupsProvisional: true } : {}),
            };
          });
        } catch (error) {
          set({ error: errorText(error) });
        } finally {
          inFlight.delete(key);
        }
      },

      /**
       * Re-reads roots, counts (under the search) and the first page at once; the folder groups
       * follow. A search's groups are counted exactly (they come after its first page on a large
       * library), and with them its total and counts become exact.
       */
      async refresh() {
        set((s) => ({ pages: {}, generation: s.generation + 1 }));
        const generation = get().generation;
        const { search, groupByFolder } = get().query;
        const groups = groupByFolder ? deps.call('library.groups', matching()) : Promise.resolve([]);
        const firstPage = get().ensurePage(0);
        try {
          const [roots, counts, states] = await Promise.all([
            deps.call('library.roots.list'),
            deps.call('library.counts', { rootId: null, search }),
            deps.call('library.watch.states'),
          ]);
          if (get().generation !== generation) return;
          const filter = get().query.filter;
          // An exact count of the current filter is its total, however far the list has counted.
          set((s) => ({
            roots,
            counts,
            watch: Object.fromEntries(states.map((state) => [state.rootId, state])),
            ...(counts.lowerBounds.includes(filter) ? {} : learnTotal(s, generation, counts[filter], true)),
          }));
          const grouped = await groups;
          if (get().generation !== generation) return;
          set((s) => ({ groups: grouped, groupsProvisional: false, ...(groupByFolder ? learnTotal(s, generation, grouped.reduce((n, g) => n + g.count, 0), true) : {}) }));
          if (search.trim() && groupByFolder && get().counts.lowerBounds.length > 0) {
            const exact = await deps.call('library.counts', { rootId: null, search });
            if (get().generation === generation) set({ counts: exact });
          }
        } catch (error) {
          set({ error: errorText(error) });
        }
        await firstPage;
      },

      async addRoot(path) {
        set({ busy: 'Adding and scanning the folder…', error: null });
        try {
          await deps.call('library.roots.add', { path });
          await get().refresh();
          return true;
        } catch (error) {
          set({ error: errorText(error) });
          return false;
        } finally {
          set({ busy: null, scanProgress: null });
        }
      },

      async removeRoot(rootId) {
        await deps.call('library.roots.remove', { rootId }).catch((error: unknown) => set({ error: errorText(error) }));
        await get().refresh();
      },

      async setWatchMode(rootId, watchMode, pollMinutes) {
        await deps.call('library.roots.watchMode', { rootId, watchMode, pollMinutes }).catch((error: unknown) => set({ error: errorText(error) }));
        await get().refresh();
      },

      async scan() {
        set({ busy: 'Scanning…', error: null });
        try {
          await deps.call('library.scan', { rootId: null });
        } catch (error) {
          set({ error: errorText(error) });
        } finally {
          set({ busy: null });
        }
        await get().refresh();
      },
    };
  });

  /** Push, never poll: any library change re-reads counts and the visible pages. */
  deps.client.on('library.changed', (event) => {
    if (event.seq <= store.getState().lastChangeSeq) return;
    store.setState({ lastChangeSeq: event.seq });
    void store.getState().refresh();
  });
  deps.client.on('watch.state', (state) => {
    const known = store.getState().watch[state.rootId];
    if (known && known.seq >= state.seq) return;
    store.setState((s) => ({ watch: { ...s.watch, [state.rootId]: state } }));
  });
  // Only while this window adds a folder: another window's add is not this one's to show.
  deps.client.on('library.scanProgress', (progress) => {
    if (store.getState().busy) store.setState({ scanProgress: progress });
  });
  // A reconnect may mean a restarted server whose event counter began again.
  deps.onReconnect(() => {
    store.setState({ lastChangeSeq: 0 });
    void store.getState().refresh();
  });
  return store;
}

export type LibraryStore = ReturnType<typeof createLibraryStore>;

/**
 * Folder groups as a grouped first page shows them (its rows come in folder order): one per run
 * of rows in one folder, the last holding every row after the page too, so the layout spans the
 * whole result until the counted groups replace these.
 */
export function provisionalGroups(rows: LibraryFile[], total: number): FolderGroup[] {
  const groups: FolderGroup[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.rootId === row.rootId && last.folder === row.folder) last.count += 1;
    else groups.push({ rootId: row.rootId, folder: row.folder, count: 1 });
  }
  const last = groups.at(-1);
  if (last) last.count += Math.max(0, total - rows.length);
  return groups;
}

/**
 * The total after a response of `generation`: an exact one replaces what is known, a lower
 * bound only raises a lower bound of the same generation (pages further on count further).
 */
function learnTotal(s: LibraryState, generation: number, total: number, exact: boolean): Partial<LibraryState> {
  const known = s.totalGeneration === generation;
  if (exact || !known) return { total, totalExact: exact, totalGeneration: generation };
  return s.totalExact ? {} : { total: Math.max(s.total, total) };
}
