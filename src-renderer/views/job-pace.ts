import type { JobSnapshot } from '../../src-shared/contract/jobs.ts';

/**
 * "37% · 42 files/s · 1 min left", or "37% · paused" (an ETA means nothing while paused).
 * Rate over the job's running time so far; no ETA before the first file is done.
 */
export function jobPace(job: JobSnapshot, now: number): string {
  const percent = `${job.total ? Math.floor((100 * job.done) / job.total) : 0}%`;
  if (job.state === 'paused') return `${percent} · paused`;
  if (!job.startedAt || job.done === 0) return `${percent} · starting`;
  const seconds = Math.max(0.001, ((job.finishedAt ?? now) - job.startedAt) / 1000);
  const perSecond = job.done / seconds;
  const rate = `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)} files/s`;
  const left = Math.round((job.total - job.done) / perSecond);
  const eta = left < 60 ? `${left}s left` : `${Math.round(left / 60)} min left`;
  return `${percent} · ${rate} · ${eta}`;
}
