import { create } from 'zustand';
import type { JobSnapshot, JobSpecInput } from '../../src-shared/contract/jobs.ts';
import { call, client, connection } from '../api/client.ts';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
export const isFinished = (job: JobSnapshot) => TERMINAL.has(job.state);
/** The jobs panel shows what runs or waits, and finished jobs until their summary was seen. */
export const isShown = (job: JobSnapshot) => !isFinished(job) || !job.seen;
const UNDOABLE_KINDS = new Set(['process', 'rename', 'normalize', 'edit', 'keep-both', 'identify']);
/** The core undoes finished process/rename/normalize/edit jobs that changed something, once. */
export const isUndoable = (job: JobSnapshot) =>
  isFinished(job) && UNDOABLE_KINDS.has(job.kind) && (job.succeeded > 0 || job.failed > 0) && !job.undoneBy;

interface JobsState {
  jobs: Record<string, JobSnapshot>;
  /** True once the first `jobs.active` answer has been applied after (re)load. */
  restored: boolean;
  error: string | null;
  apply(snapshot: JobSnapshot): void;
  restore(): Promise<void>;
  start(spec: JobSpecInput): Promise<JobSnapshot | null>;
  /** Returns the job's new snapshot, or the new job's for retry and undo. */
  control(action: 'cancel' | 'pause' | 'resume' | 'retry' | 'undo' | 'acknowledge', jobId: string): Promise<JobSnapshot | null>;
}

export const useJobs = create<JobsState>()((set, get) => ({
  jobs: {},
  restored: false,
  error: null,

  /** Applies a snapshot only if it is newer than what we hold: events may race the restore. */
  apply(snapshot) {
    const held = get().jobs[snapshot.id];
    if (held && held.seq >= snapshot.seq) return;
    set((s) => ({ jobs: { ...s.jobs, [snapshot.id]: snapshot } }));
  },

  async restore() {
    try {
      const { active, unseen } = await call('jobs.active');
      for (const job of [...active, ...unseen]) get().apply(job);
      set({ restored: true });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async start(spec) {
    try {
      const job = await call('jobs.start', spec);
      get().apply(job);
      return job;
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    }
  },

  async control(action, jobId) {
    try {
      const job = await call(`jobs.${action}`, { jobId });
      get().apply(job);
      return job;
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    }
  },
}));

// Subscribe before asking for the active jobs, so nothing committed in between is missed;
// `apply` drops whatever the restore answer already covers (seq).
client.on('job.updated', (snapshot) => useJobs.getState().apply(snapshot));
void useJobs.getState().restore();
connection.onReconnect(() => void useJobs.getState().restore());
