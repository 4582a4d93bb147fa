import type { JobSnapshot } from '../../src-shared/contract/jobs.ts';
import { isFinished, isShown, isUndoable, useJobs } from '../state/jobs-store.ts';
import { JobStatus } from './JobStatus.tsx';

function eta(job: JobSnapshot, now: number): string | null {
  if (!job.startedAt || job.done === 0 || isFinished(job)) return null;
  const perItem = (now - job.startedAt) / job.done;
  const seconds = Math.round((perItem * (job.total - job.done)) / 1000);
  return seconds < 60 ? `${seconds}s left` : `${Math.round(seconds / 60)} min left`;
}

function rate(job: JobSnapshot, now: number): string | null {
  if (!job.startedAt || job.done === 0) return null;
  const end = job.finishedAt ?? now;
  const perSecond = job.done / Math.max(0.001, (end - job.startedAt) / 1000);
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)} files/s`;
}


export function JobsPanel() {
  const jobs = useJobs((s) => s.jobs);
  const control = useJobs((s) => s.control);
  const shown = Object.values(jobs)
    .filter(isShown)
    .sort((a, b) => a.createdAt - b.createdAt);
  if (shown.length === 0) return null;
  const now = Date.now();
  return (
    <section className="jobs" aria-label="Jobs">
      {shown.map((job) => {
        const finished = isFinished(job);
        const details = [rate(job, now), eta(job, now)].filter(Boolean).join(' · ');
        return (
          <article key={job.id} className={`job job-${job.state}`} aria-label={job.title}>
            <header>
              <strong>{job.title}</strong>
              <JobStatus job={job} />
            </header>
            <div
              role="progressbar"
              aria-label={`${job.title} progress`}
              aria-valuemin={0}
              aria-valuemax={job.total}
              aria-valuenow={job.done}
              className="progress"
            >
              <div className="progress-fill" style={{ width: `${job.total ? (100 * job.done) / job.total : 0}%` }} />
            </div>
            <p className="job-counts">
              {job.done} / {job.total} · {job.succeeded} done · {job.skipped} skipped · {job.failed} failed
              {details && ` · ${details}`}
            </p>
            {job.lastError && <p className="job-error">{job.lastError.message}</p>}
            {job.state === 'paused' && job.resumesAt !== null && (
              <p className="job-resumes">A provider's request quota is spent; resumes at {new Date(job.resumesAt).toLocaleTimeString()}.</p>
            )}
            <div className="job-actions">
              {!finished && job.state !== 'paused' && (
                <button type="button" onClick={() => void control('pause', job.id)}>
                  Pause
                </button>
              )}
              {job.state === 'paused' && (
                <button type="button" onClick={() => void control('resume', job.id)}>
                  Resume
                </button>
              )}
              {!finished && (
                <button type="button" disabled={job.cancelRequested} onClick={() => void control('cancel', job.id)}>
                  Cancel
                </button>
              )}
              {finished && job.failed > 0 && (
                <button type="button" onClick={() => void control('retry', job.id)}>
                  Retry failed
                </button>
              )}
              {isUndoable(job) && (
                <button type="button" onClick={() => void control('undo', job.id)}>
                  Undo
                </button>
              )}
              {finished && (
                <button type="button" onClick={() => void control('acknowledge', job.id)}>
                  Dismiss
                </button>
              )}
            </div>
          </article>
        );
      })}
    </section>
  );
}
