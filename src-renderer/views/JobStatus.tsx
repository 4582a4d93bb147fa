import { JOB_OUTCOME_LABELS, type JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { JOB_STATE_LABEL } from './format.ts';

/**
 * A job's state as the user reads it: while it runs, its state; once finished, its outcome —
 * "Finished with errors" in amber, never a green "Completed" when items failed — and whether an
 * undo has restored it since.
 */
export function JobStatus({ job }: { job: JobSnapshot }) {
  const said = job.outcome ? JOB_OUTCOME_LABELS[job.outcome] : null;
  const label = said ? said[0]!.toUpperCase() + said.slice(1) : JOB_STATE_LABEL[job.state];
  return (
    <span className={`job-state state-${job.state}${job.outcome ? ` outcome-${job.outcome}` : ''}`}>
      {label}
      {job.undoneBy && ' · undone'}
    </span>
  );
}
