import { createStore } from 'zustand/vanilla';
import type { ErrorCode } from '../../src-shared/contract/errors.ts';
import type { JobItem, JobItemState } from '../../src-shared/contract/jobs.ts';
import type { JobsStore } from './jobs-store.ts';
import { errorText, type StoreDeps } from './store-deps.ts';

export const JOBS_PAGE = 50;
export const ITEMS_PAGE = 200;

/**
 * The history's item filters: every item, only those that ended one way, or the duplicates
 * (items whose target name was taken: skipped with TARGET_EXISTS).
 */
export const ITEM_FILTERS = ['all', 'failed', 'skipped', 'done', 'duplicate'] as const;
export type ItemFilter = (typeof ITEM_FILTERS)[number];

/** The `jobs.items` query of a filter. */
const ITEM_QUERY: Record<ItemFilter, { states?: JobItemState[]; codes?: ErrorCode[] }> = {
  all: {},
  failed: { states: ['failed'] },
  skipped: { states: ['skipped'] },
  done: { states: ['done'] },
  duplicate: { codes: ['TARGET_EXISTS'] },
};

/** Whether an item belongs under a filter (a committed batch may add rows to the shown page). */
function matchesFilter(item: JobItem, filter: ItemFilter): boolean {
  const { states, codes } = ITEM_QUERY[filter];
  return (!states || states.includes(item.state)) && (!codes || (!!item.error && codes.includes(item.error.code)));
}

export interface HistoryState {
  /** Job ids newest first, as loaded so far; the snapshots live in the jobs store's cache. */
  ids: string[];
  total: number;
  openJobId: string | null;
  itemFilter: ItemFilter;
  /** Item pages of the open job (under the filter) by page index. */
  itemPages: Record<number, JobItem[]>;
  itemsTotal: number;
  /** Bumped when the open job or filter changes, so late item pages are dropped. */
  generation: number;
  error: string | null;
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
  open(jobId: string | null): void;
  setItemFilter(filter: ItemFilter): void;
  ensureItemsPage(page: number): Promise<void>;
  applyItems(jobId: string, items: JobItem[]): void;
}

export function createHistoryStore(deps: StoreDeps, jobsStore: JobsStore) {
  const inFlight = new Set<string>();

  const store = createStore<HistoryState>()((set, get) => ({
    ids: [],
    total: 0,
    openJobId: null,
    itemFilter: 'all',
    itemPages: {},
    itemsTotal: 0,
    generation: 0,
    error: null,

    async refresh() {
      try {
        const { total, jobs } = await deps.call('jobs.list', { offset: 0, limit: Math.max(JOBS_PAGE, get().ids.length) });
        for (const job of jobs) jobsStore.getState().apply(job);
        set({ total, ids: jobs.map((j) => j.id), error: null });
      } catch (error) {
        set({ error: errorText(error) });
      }
    },

    async loadMore() {
      try {
        const { total, jobs } = await deps.call('jobs.list', { offset: get().ids.length, limit: JOBS_PAGE });
        for (const job of jobs) jobsStore.getState().apply(job);
        const known = new Set(get().ids);
        set((s) => ({ total, ids: [...s.ids, ...jobs.map((j) => j.id).filter((id) => !known.has(id))] }));
      } catch (error) {
        set({ error: errorText(error) });
      }
    },

    open(jobId) {
      set((s) => ({ openJobId: jobId, itemPages: {}, itemsTotal: 0, generation: s.generation + 1 }));
      if (jobId) void get().ensureItemsPage(0);
    },

    setItemFilter(itemFilter) {
      set((s) => ({ itemFilter, itemPages: {}, itemsTotal: 0, generation: s.generation + 1 }));
      void get().ensureItemsPage(0);
    },

    async ensureItemsPage(page) {
      const { openJobId, generation, itemPages, itemFilter } = get();
      const key = `${generation}:${page}`;
      if (!openJobId || itemPages[page] || inFlight.has(key)) return;
      inFlight.add(key);
      try {
        const result = await deps.call('jobs.items', {
          jobId: openJobId,
          ...ITEM_QUERY[itemFilter],
          offset: page * ITEMS_PAGE,
          limit: ITEMS_PAGE,
        });
        if (get().generation !== generation) return;
        set((s) => ({ itemsTotal: result.total, itemPages: { ...s.itemPages, [page]: result.items } }));
      } catch (error) {
        set({ error: errorText(error) });
      } finally {
        inFlight.delete(key);
      }
    },

    /**
     * A committed batch of the open job. Unfiltered, it replaces the rows it covers in place; a
     * filtered view may gain rows, so it is re-read instead.
     */
    applyItems(jobId, items) {
      if (jobId !== get().openJobId) return;
      if (get().itemFilter !== 'all') {
        if (items.some((item) => matchesFilter(item, get().itemFilter))) get().setItemFilter(get().itemFilter);
        return;
      }
      const pages = { ...get().itemPages };
      for (const item of items) {
        const index = Math.floor((item.ordinal - 1) / ITEMS_PAGE);
        const page = pages[index];
        const at = page?.findIndex((held) => held.ordinal === item.ordinal) ?? -1;
        if (page && at >= 0) pages[index] = page.map((held, i) => (i === at ? item : held));
      }
      set({ itemPages: pages });
    },
  }));

  /**
   * A job we do not list and newer than our newest was just created, so it goes on top; an
   * older one lives on a page not loaded yet. The open job's item count follows its total.
   */
  deps.client.on('job.updated', (snapshot) => {
    const { ids, openJobId, itemFilter } = store.getState();
    const newest = ids[0] ? jobsStore.getState().jobs[ids[0]] : undefined;
    if (!ids.includes(snapshot.id) && (!newest || snapshot.createdAt >= newest.createdAt)) {
      store.setState((s) => ({ ids: [snapshot.id, ...s.ids], total: s.total + 1 }));
    }
    if (snapshot.id === openJobId && itemFilter === 'all') store.setState((s) => ({ itemsTotal: Math.max(s.itemsTotal, snapshot.total) }));
  });
  deps.client.on('job.items', ({ jobId, items }) => store.getState().applyItems(jobId, items));
  deps.onReconnect(() => {
    void store.getState().refresh();
    store.getState().open(store.getState().openJobId);
  });
  return store;
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
