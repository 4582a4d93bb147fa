import type { JobOutcome, JobState } from '../../../src-shared/contract/jobs.ts';

/**
 * How a finished job ended, as the user reads it (docs/undo-and-results.md): a completed job with
 * failed items "finished with errors" — the jobs panel, history, notifications and the CLI all
 * say so instead of showing a plain success.
 */
export function jobOutcome(row: { state: JobState; failed: number }): JobOutcome | null {
  switch (row.state) {
    case 'completed':
      return row.failed > 0 ? 'finished-with-errors' : 'succeeded';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return null;
  }
}
