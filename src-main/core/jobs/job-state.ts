import type { JobState } from '../../../src-shared/contract/jobs.ts';

/**
 * What can happen to a job. `claim` = a runner took the lease; `crash` = recovery found the
 * lease of a dead runner; `release` = a runner stopped cleanly without finishing (shutdown);
 * `stop` = a runner honoured a pause request.
 */
export type JobEvent = 'claim' | 'pause' | 'stop' | 'resume' | 'cancel' | 'complete' | 'fail' | 'crash' | 'release';

const TABLE: Record<JobState, Partial<Record<JobEvent, JobState>>> = {
  queued: { claim: 'running', pause: 'paused', cancel: 'cancelled', fail: 'failed' },
  running: { stop: 'paused', cancel: 'cancelled', complete: 'completed', fail: 'failed', crash: 'interrupted', release: 'queued' },
  paused: { resume: 'queued', cancel: 'cancelled' },
  interrupted: { claim: 'running', pause: 'paused', cancel: 'cancelled', fail: 'failed' },
  // Terminal: nothing moves a finished job again — in particular a late "complete" never
  // overwrites "cancelled" (the original app's bug: a late progress write turned a cancelled job back into a running one).
  completed: {},
  failed: {},
  cancelled: {},
};

/** The one place job states change: the next state, or null when the event is not allowed. */
export function transition(state: JobState, event: JobEvent): JobState | null {
  return TABLE[state][event] ?? null;
}
