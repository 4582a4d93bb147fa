import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The nice value pool threads run at. Jobs are background work: on a 2-core machine two busy
 * pool threads would otherwise take the CPU from the window the user is looking at (a reload
 * while a job runs waited ~0.5 s for its script to run). With nice 10 they still get every
 * idle cycle, and yield when the UI, the main thread or anything else wants the CPU.
 */
export const POOL_THREAD_NICE = 10;

/**
 * Lowers the calling thread's CPU priority (Linux: setpriority on the thread id, which only
 * affects that thread). Elsewhere a thread has no id Node can name, and the process priority is
 * the user's to choose, so nothing changes there. Never throws: a refused priority change
 * (seccomp, containers) must not stop the pool.
 */
export function lowerThreadPriority(nice = POOL_THREAD_NICE): number | null {
  if (process.platform !== 'linux') return null;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return null;
    setPriority(tid, nice);
    return tid;
  } catch {
    return null;
  }
}
