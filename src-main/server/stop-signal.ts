/**
 * Resolves on the first SIGINT or SIGTERM. Call it before announcing readiness (`serving`,
 * `ready`): a supervisor may send SIGTERM the instant it reads that line, and a signal that
 * arrives before a listener exists takes the default action — the process dies without
 * closing the index or removing the demo's temp library.
 */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
}
