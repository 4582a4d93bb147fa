import type { JobSnapshot } from '../../src-shared/contract/jobs.ts';
import type { CliOutput } from './cli-output.ts';

/** "1m05s", "12s": short enough for one terminal line. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * One progress line: counts, percent, rate and ETA. The rate is measured from the first
 * update this process saw (a resumed job's earlier items were not done at this speed).
 */
export function progressText(s: Pick<JobSnapshot, 'title' | 'done' | 'total' | 'failed'>, first: { atMs: number; done: number }, nowMs: number): string {
  const percent = s.total > 0 ? Math.floor((s.done / s.total) * 100) : 100;
  const seconds = (nowMs - first.atMs) / 1000;
  const rate = seconds > 0 ? (s.done - first.done) / seconds : 0;
  const eta = rate > 0 && s.done < s.total ? ` · ETA ${formatDuration((s.total - s.done) / rate)}` : '';
  const failed = s.failed ? ` (${s.failed} failed)` : '';
  return `${s.title}: ${s.done}/${s.total}${failed} · ${percent}% · ${rate.toFixed(1)} files/s${eta}`;
}

/** Prints progress for any number of jobs: the same lines for `run` and `jobs resume`. */
export function createProgressPrinter(out: CliOutput, now: () => number = Date.now) {
  const firstSeen = new Map<string, { atMs: number; done: number }>();
  const lastKey = new Map<string, string>();
  return (s: JobSnapshot) => {
    const key = `${s.done}/${s.total}/${s.failed}`;
    if (lastKey.get(s.id) === key) return;
    lastKey.set(s.id, key);
    if (!firstSeen.has(s.id)) firstSeen.set(s.id, { atMs: now(), done: s.done });
    out.progress(progressText(s, firstSeen.get(s.id)!, now()), { type: 'progress', jobId: s.id, done: s.done, total: s.total, failed: s.failed });
  };
}
