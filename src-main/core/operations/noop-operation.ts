import type { NoopOptions } from '../../../src-shared/contract/jobs.ts';
import type { OperationItem, OperationOutcome } from '../operations/operation-types.ts';

/**
 * The `noop` kind (engine tests and `bench/job-engine.ts` only): touches nothing, so what is
 * measured or tested is the engine itself — item rows, batching, leases, events.
 */
export async function runNoop(item: OperationItem, options: NoopOptions | undefined): Promise<OperationOutcome> {
  // When it started and ended (this thread's clock, not the main thread's batched bookkeeping),
  // so tests can check overlap exactly: no two jobs on one file, several items per thread.
  const startedAt = performance.timeOrigin + performance.now();
  if (options?.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  if (options?.failEvery && item.fileId % options.failEvery === 0) {
    return { state: 'failed', code: 'INTERNAL', message: `noop failure for file ${item.fileId}` };
  }
  const endedAt = performance.timeOrigin + performance.now();
  return { state: 'done', actions: ['noop', `started:${startedAt}`, `ended:${endedAt}`] };
}
