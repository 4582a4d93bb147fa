import { useHistory, useJobs } from './stores-context.tsx';
import { formatDate } from './format.ts';
import { JobStatus } from './JobStatus.tsx';

export function JobHistoryList() {
  const { ids, total, openJobId, open, loadMore } = useHistory();
  const cache = useJobs((s) => s.jobs);
  const jobs = ids.flatMap((id) => (cache[id] ? [cache[id]] : []));
  return (
    <nav className="history-list" aria-label="Jobs">
      {jobs.length === 0 && <p className="empty">No jobs yet.</p>}
      <ul>
        {jobs.map((job) => (
          <li key={job.id}>
            <button type="button" aria-current={job.id === openJobId ? 'true' : undefined} onClick={() => open(job.id)}>
              <strong>{job.title}</strong>
              <JobStatus job={job} />
              <span className="muted">
                {job.succeeded} done · {job.skipped} skipped · {job.failed} failed of {job.total}
              </span>
              <span className="muted">{formatDate(job.finishedAt ?? job.createdAt)}</span>
            </button>
          </li>
        ))}
      </ul>
      {ids.length < total && (
        <button type="button" onClick={() => void loadMore()}>
          Load more ({total - ids.length})
        </button>
      )}
    </nav>
  );
}
