import type { ScanProgressEvent } from '../../../src-shared/contract/root-add.ts';
import type { ScanProgress } from './library-scanner.ts';

/** Reading progress goes out at most this often; a phase change and the last file go out at once. */
const MIN_INTERVAL_MS = 100;

/**
 * The scanner's `onProgress` for a scan a window waits on (adding a folder, "Scan library"),
 * turned into `library.scanProgress` events for the progress bar (docs/ui.md "Adding a folder").
 */
export function scanProgressReporter(path: string, now: () => number, emit: (event: ScanProgressEvent) => void): (p: ScanProgress) => void {
  let lastAt = -Infinity;
  let lastPhase: ScanProgress['phase'] | null = null;
  return (p) => {
    const at = now();
    if (p.phase === lastPhase && p.done < p.total && at - lastAt < MIN_INTERVAL_MS) return;
    lastAt = at;
    lastPhase = p.phase;
    emit({ path, phase: p.phase, done: p.done, total: p.total });
  };
}
