import { TERMINAL_JOB_STATES, type JobKind, type JobSnapshot, type JobState } from './jobs.ts';

/**
 * What may be done with a job, decided once for every side: the core enforces these rules,
 * the renderer offers only the actions they allow, hosts (CLI, tray presence) wait for and
 * report on the same "ended" states. A UI that offered what the core refuses would show an
 * error for a button the user was invited to press.
 */

/** Ended for good: nothing moves a job out of these states again. */
export function isTerminal(state: JobState): boolean {
  return TERMINAL_JOB_STATES.includes(state);
}

/** Kinds whose every change is recorded per file before it is made, so an undo job can revert it. */
export const UNDOABLE_JOB_KINDS: ReadonlySet<JobKind> = new Set(['process', 'rename', 'normalize', 'edit', 'keep-both', 'identify']);

type PolicyFacts = Pick<JobSnapshot, 'kind' | 'state' | 'succeeded' | 'failed' | 'undoneBy'>;

/**
 * Undo: an ended job of an undoable kind that changed (or tried to change) something, and was
 * not undone yet. The core also refuses while an undo of it is under way.
 */
export function canUndo(job: PolicyFacts): boolean {
  return isTerminal(job.state) && UNDOABLE_JOB_KINDS.has(job.kind) && (job.succeeded > 0 || job.failed > 0) && !job.undoneBy;
}

/** Retry (a new job over the failed items): an ended item job with failed items, or that failed as a whole. */
export function canRetry(job: Pick<JobSnapshot, 'kind' | 'state' | 'failed'>): boolean {
  return isTerminal(job.state) && job.kind !== 'scan' && (job.failed > 0 || job.state === 'failed');
}
