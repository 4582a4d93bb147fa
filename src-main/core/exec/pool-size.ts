import { availableParallelism } from 'node:os';
import type { Settings } from '../../../src-shared/contract/settings.ts';

/** `workerCount: 'auto'`: one thread per core, but no more than this. */
const AUTO_WORKERS_MAX = 4;

/** How many pool threads the `workerCount` setting asks for on this machine. */
export function poolSize(setting: Settings['workerCount']): number {
  const cores = availableParallelism();
  return setting === 'auto' ? Math.min(AUTO_WORKERS_MAX, cores) : Math.min(setting, cores * 2);
}
