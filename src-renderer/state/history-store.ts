import { create } from 'zustand';
import type { JobItem, JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { call, client, connection } from '../api/client.ts';

export const JOBS_PAGE = 50;
export const ITEMS_PAGE = 200;

interface HistoryState {
  /** Newest first, as loaded so far ("Load more" adds the next page). */
  jobs: JobSnapshot[];
  total: number;
  openJobId: string | null;
  /** Item pages of the open job by page index (ordinal 1 is index 0). */
  itemPages: Record<number, JobItem[]>;
  itemsTotal: number;
  /** Bumped when the open job changes, so late item pages of another job are dropped. */
  generation: number;
  error: string | null;
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
  open(jobId: string | null): void;
  ensureItemsPage(page: number): Promise<void>;
  applyJob(snapshot: JobSnapshot): void;
  applyItems(jobId: string, items: JobItem[]): void;
}

const inFlight = new Set<string>();

export const useHistory = create<HistoryState>()((set, get) => ({
  jobs: [],
  total: 0,
  openJobId: null,
  itemPages: {},
  itemsTotal: 0,
  generation: 0,
  error: null,

  async refresh() {
    try {
      const { total, jobs } = await call('jobs.list', { offset: 0, limit: Math.max(JOBS_PAGE, get().jobs.length) });
      set({ total, jobs, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async loadMore() {
    try {
      const { total, jobs } = await call('jobs.list', { offset: get().jobs.length, limit: JOBS_PAGE });
      const known = new Set(get().jobs.map((j) => j.id));
      set((s) => ({ total, jobs: [...s.jobs, ...jobs.filter((j) => !known.has(j.id))] }));
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  open(jobId) {
    const job = get().jobs.find((j) => j.id === jobId);
    set((s) => ({ openJobId: jobId, itemPages: {}, itemsTotal: job?.total ?? 0, generation: s.generation + 1 }));
    if (jobId) void get().ensureItemsPage(0);
  },

  async ensureItemsPage(page) {
    const { openJobId, generation, itemPages } = get();
    const key = `${generation}:${page}`;
    if (!openJobId || itemPages[page] || inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const result = await call('jobs.items', { jobId: openJobId, offset: page * ITEMS_PAGE, limit: ITEMS_PAGE });
      if (get().generation !== generation) return;
      set((s) => ({ itemsTotal: result.total, itemPages: { ...s.itemPages, [page]: result.items } }));
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      inFlight.delete(key);
    }
  },

  /**
   * Newer snapshots replace held ones. A job we do not hold and newer than our newest was just
   * created, so it goes on top; an older one lives on a page not loaded yet.
   */
  applyJob(snapshot) {
    const { jobs, openJobId } = get();
    const at = jobs.findIndex((j) => j.id === snapshot.id);
    if (at >= 0) {
      if (jobs[at]!.seq >= snapshot.seq) return;
      set({ jobs: jobs.map((j, i) => (i === at ? snapshot : j)) });
    } else if (jobs.length === 0 || snapshot.createdAt >= jobs[0]!.createdAt) {
      set((s) => ({ jobs: [snapshot, ...s.jobs], total: s.total + 1 }));
    }
    if (snapshot.id === openJobId) set((s) => ({ itemsTotal: Math.max(s.itemsTotal, snapshot.total) }));
  },

  /** A committed batch of the open job: replaces the rows it covers in the pages already loaded. */
  applyItems(jobId, items) {
    if (jobId !== get().openJobId) return;
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

client.on('job.updated', (snapshot) => useHistory.getState().applyJob(snapshot));
client.on('job.items', ({ jobId, items }) => useHistory.getState().applyItems(jobId, items));
connection.onReconnect(() => {
  const state = useHistory.getState();
  void state.refresh();
  state.open(state.openJobId);
});
