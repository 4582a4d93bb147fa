import { useState } from 'react';
import type { JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { isFinished, isShown, isUndoable, type JobAction } from '../state/jobs-store.ts';
import { JobStatus } from './JobStatus.tsx';
import { jobPace } from './job-pace.ts';
import { useConfirm, useJobs } from './stores-context.tsx';

/** Actions that throw work away or write to many files ask first (docs/ui.md "Confirmations"). */
const CONFIRM: Partial<Record<JobAction, (job: JobSnapshot) => { title: string; body: string; confirmLabel: string }>> = {
  cancel: (job) => ({
    title: `Cancel “${job.title}”?`,
    body: `${job.total - job.done} files not done yet are left as they are; finished files keep their changes (undo them from the history).`,
    confirmLabel: 'Cancel job',
  }),
  undo: (job) => ({
    title: `Undo “${job.title}”?`,
    body: `${job.succeeded} files go back to how they were before this job.`,
    confirmLabel: 'Undo job',
  }),
};

export function useJobControl() {
  const control = useJobs((s) => s.control);
  const ask = useConfirm((s) => s.ask);
  return async (action: JobAction, job: JobSnapshot) => {
    const question = CONFIRM[action]?.(job);
    if (question && !(await ask(question))) return null;
    return control(action, job.id);
  };
}

function ProgressBar({ job }: { job: JobSnapshot }) {
  const percent = job.total ? Math.floor((100 * job.done) / job.total) : 0;
  return (
    <div
      role="progressbar"
      aria-label={`${job.title} progress`}
      aria-valuemin={0}
      aria-valuemax={job.total}
      aria-valuenow={job.done}
      aria-valuetext={`${percent}% (${job.done} of ${job.total})`}
      className="progress"
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

function JobCard({ job }: { job: JobSnapshot }) {
  const run = useJobControl();
  const finished = isFinished(job);
  // A finished job is one line; its counts and actions open on demand.
  const [open, setOpen] = useState(!finished);
  const counts = `${job.done} / ${job.total} · ${job.succeeded} done · ${job.skipped} skipped · ${job.failed} failed`;
  return (
    <article className={`job job-${job.state}${finished && !open ? ' job-line' : ''}`} aria-label={job.title}>
      <header>
        <strong>{job.title}</strong>
        <JobStatus job={job} />
        {finished && !open && <span className="job-counts">{counts}</span>}
        {finished && (
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Less' : 'Details'}
          </button>
        )}
        {finished && (
          <button type="button" onClick={() => void run('acknowledge', job)}>
            Dismiss
          </button>
        )}
      </header>
      <ProgressBar job={job} />
      {open && (
        <>
          <p className="job-counts">
            {counts}
            {!finished && ` · ${jobPace(job, Date.now())}`}
          </p>
          {job.lastError && <p className="job-error">{job.lastError.message}</p>}
          {job.state === 'paused' && job.resumesAt !== null && (
            <p className="job-resumes">A provider's request quota is spent; resumes at {new Date(job.resumesAt).toLocaleTimeString()}.</p>
          )}
          <div className="job-actions">
            {!finished && job.state !== 'paused' && (
              <button type="button" onClick={() => void run('pause', job)}>
                Pause
              </button>
            )}
            {job.state === 'paused' && (
              <button type="button" onClick={() => void run('resume', job)}>
                Resume
              </button>
            )}
            {!finished && (
              <button type="button" disabled={job.cancelRequested} onClick={() => void run('cancel', job)}>
                Cancel
              </button>
            )}
            {finished && job.failed > 0 && (
              <button type="button" onClick={() => void run('retry', job)}>
                Retry failed
              </button>
            )}
            {isUndoable(job) && (
              <button type="button" onClick={() => void run('undo', job)}>
                Undo
              </button>
            )}
          </div>
        </>
      )}
    </article>
  );
}

export function JobsPanel() {
  const jobs = useJobs((s) => s.jobs);
  const shown = Object.values(jobs)
    .filter(isShown)
    .sort((a, b) => a.createdAt - b.createdAt);
  if (shown.length === 0) return null;
  return (
    <section className="jobs" aria-label="Jobs">
      {shown.map((job) => (
        <JobCard key={job.id} job={job} />
      ))}
    </section>
  );
}
