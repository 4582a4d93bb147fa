import type { JOB_HOSTING_COMMANDS } from '../../../src-shared/contract/job-hosting.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import type { Handlers } from './dispatcher.ts';

/** `jobs.resumeAll` and `jobs.idle`: what hosts ask of the engine, over the contract like a window. */
export function jobHostingHandlers(engine: Pick<JobEngine, 'resumeAll' | 'idle'>): Pick<Handlers, keyof typeof JOB_HOSTING_COMMANDS> {
  return {
    'jobs.resumeAll': () => {
      engine.resumeAll();
      return null;
    },
    'jobs.idle': async () => {
      await engine.idle();
      return null;
    },
  };
}
