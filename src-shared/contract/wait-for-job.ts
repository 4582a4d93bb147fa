import type { ContractClient } from './client.ts';
import { LongboxError } from './errors.ts';
import { isTerminal } from './job-policies.ts';
import type { JobSnapshot } from './jobs.ts';

/** Where a job rests until someone acts: ended, or paused (by a user or a spent provider quota). */
export function isSettled(job: Pick<JobSnapshot, 'state'>): boolean {
  return isTerminal(job.state) || job.state === 'paused';
}

/**
 * The job's snapshot once it is settled, waited for over the `job.updated` subscription, so
 * any host waits the same way over any transport. Subscribed before asking, so a job that
 * settles in between is not missed. Rejects with the command's error (unknown job, say).
 */
export function waitForJob(client: ContractClient, jobId: string): Promise<JobSnapshot> {
  return new Promise((resolve, reject) => {
    let done = false;
    const settle = (job: JobSnapshot) => {
      if (done || !isSettled(job)) return;
      done = true;
      off();
      resolve(job);
    };
    const off = client.on('job.updated', (job) => {
      if (job.id === jobId) settle(job);
    });
    void client.invoke('jobs.get', { jobId }).then((result) => {
      if (result.ok) return settle(result.value);
      done = true;
      off();
      reject(new LongboxError(result.error.code, result.error.message));
    });
  });
}
