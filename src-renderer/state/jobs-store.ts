import { createStore } from 'zustand/vanilla';
import { isTerminal } from '../../src-shared/contract/job-policies.ts';
import { JOB_OUTCOME_LABELS, type JobSnapshot, type JobSpecInput } from '../../src-shared/contract/jobs.ts';
import { errorText, type StoreDeps } from './store-deps.ts';

export const isFinished = (job: JobSnapshot) => isTerminal(job.state);
/** The jobs panel shows what runs or waits, and finished jobs until their summary was seen. */
export const isShown = (job: JobSnapshot) => !isFinished(job) || !job.seen;
/** The core's own rule (the contract's job policies): the button is offered exactly when undo is allowed. */
export { canUndo as isUndoable } from '../../src-shared/contract/job-policies.ts';

export type JobAction = 'cancel' | 'pause' | 'resume' | 'retry' | 'undo' | 'acknowledge';

export interface JobsState {
  /** The one cache of job snapshots, by id: the jobs panel and the history both read it. */
  jobs: Record<string, JobSnapshot>;
  /** True once the first `jobs.active` answer has been applied after (re)load. */
  restored: boolean;
  error: string | null;
  apply(snapshot: JobSnapshot): void;
  restore(): Promise<void>;
  start(spec: JobSpecInput): Promise<JobSnapshot | null>;
  /** Returns the job's new snapshot, or the new job's for retry and undo. */
  control(action: JobAction, jobId: string): Promise<JobSnapshot | null>;
}

/** "Process unprocessed files completed: 598 done, 2 skipped, 0 failed." */
/** The announced end says the outcome ("finished with errors"), never a plain "completed" when items failed. */
export function endSentence(job: JobSnapshot): string {
  const said = job.outcome ? JOB_OUTCOME_LABELS[job.outcome] : job.state;
  return `${job.title} ${said}: ${job.succeeded} done, ${job.skipped} skipped, ${job.failed} failed.`;
}

export function createJobsStore(deps: StoreDeps, announce: (text: string) => void = () => {}) {
  const store = createStore<JobsState>()((set, get) => ({
    jobs: {},
    restored: false,
    error: null,

    /** Applies a snapshot only if it is newer than what we hold: events may race the restore. */
    apply(snapshot) {
      const held = get().jobs[snapshot.id];
      if (held && held.seq >= snapshot.seq) return;
      set((s) => ({ jobs: { ...s.jobs, [snapshot.id]: snapshot } }));
      // Announce an end we watched happen, not every finished job a restore brings back.
      if (held && !isFinished(held) && isFinished(snapshot)) announce(endSentence(snapshot));
    },

    async restore() {
      try {
        const { active, unseen } = await deps.call('jobs.active');
        for (const job of [...active, ...unseen]) get().apply(job);
        set({ restored: true, error: null });
      } catch (error) {
        set({ error: errorText(error) });
      }
    },

    async start(spec) {
      try {
        const job = await deps.call('jobs.start', spec);
        get().apply(job);
        return job;
      } catch (error) {
        set({ error: errorText(error) });
        return null;
      }
    },

    async control(action, jobId) {
      try {
        const job = await deps.call(`jobs.${action}`, { jobId });
        get().apply(job);
        return job;
      } catch (error) {
        set({ error: errorText(error) });
        return null;
      }
    },
  }));
  // Subscribe before anyone asks for the active jobs, so nothing committed in between is
  // missed; `apply` drops whatever the restore answer already covers (seq).
  deps.client.on('job.updated', (snapshot) => store.getState().apply(snapshot));
  deps.onReconnect(() => void store.getState().restore());
  return store;
}

export type JobsStore = ReturnType<typeof createJobsStore>;
