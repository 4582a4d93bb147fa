import type { NoopOptions } from '../../../src-shared/contract/jobs.ts';
import type { OperationItem, OperationOutcome } from '../operations/operation-types.ts';

/**
 * The `noop` kind (engine tests and `bench/job-engine.ts` only): touches nothing, so what is
 * measured or tested is the engine itself — item rows, batching, leases, events.
 */
export async function runNoop(item: OperationItem, options: NoopOptions | undefined): Promise<OperationOutcome> {
  // When it started, so tests can check that no two jobs overlap on one file.
  const startedAt = performance.timeOrigin + performance.now();
  if (options?.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  if (options?.failEvery && item.fileId % options.failEvery === 0) {
    return { state: 'failed', code: 'INTERNAL', message: `noop failure for file ${item.fileId}` };
  }
  return { state: 'done', actions: ['noop', `started:${startedAt}`] };
}
