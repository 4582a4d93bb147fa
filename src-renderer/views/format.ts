import type { JobSnapshot } from '../../src-shared/contract/jobs.ts';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const JOB_STATE_LABEL: Record<JobSnapshot['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  interrupted: 'Interrupted — resuming',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
