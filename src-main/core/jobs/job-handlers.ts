import type { JOB_COMMANDS } from '../../../src-shared/contract/jobs.ts';
import type { Handlers } from '../contract/dispatcher.ts';
import type { JobEngine } from './job-engine.ts';

type JobHandlers = Pick<Handlers, keyof typeof JOB_COMMANDS>;

/** The `jobs.*` contract commands, each a thin call into the engine. */
export function jobHandlers(engine: JobEngine): JobHandlers {
  return {
    'jobs.start': (spec) => engine.start(spec),
    'jobs.preview': ({ spec, filter, offset, limit }) => engine.preview(spec, offset, limit, filter),
    'jobs.get': ({ jobId }) => engine.get(jobId),
    'jobs.list': ({ states, offset, limit }) => engine.list(states, offset, limit),
    'jobs.items': ({ jobId, states, codes, offset, limit }) => engine.items(jobId, states, offset, limit, codes),
    'jobs.active': () => engine.active(),
    'jobs.cancel': ({ jobId }) => engine.cancel(jobId),
    'jobs.pause': ({ jobId }) => engine.pause(jobId),
    'jobs.resume': ({ jobId }) => engine.resume(jobId),
    'jobs.retry': ({ jobId }) => engine.retry(jobId),
    'jobs.undo': ({ jobId, priority }) => engine.undo(jobId, priority),
    'jobs.acknowledge': ({ jobId }) => engine.acknowledge(jobId),
  };
}
