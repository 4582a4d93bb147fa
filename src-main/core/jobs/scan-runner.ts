import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { ScanProgress } from '../library/library-scanner.ts';
import type { Logger } from '../ports.ts';
import type { JobStore, ScanFn } from './engine-ports.ts';
import { Heartbeat } from './heartbeat.ts';
import type { JobRow } from './job-repo.ts';
import { MIN_UPDATE_INTERVAL_MS } from './progress-emitter.ts';

export interface ScanRunnerDeps {
  repo: JobStore;
  scan: ScanFn;
  logger: Logger;
  now: () => number;
  onCommitted: (row: JobRow) => void;
}

type StopReason = 'release' | 'pause' | 'cancel' | 'lease-lost';

/**
 * The `scan` kind: the library scan (`library/library-scanner.ts`) wrapped as a job, so it shows
 * progress and can be cancelled like any other. It has no item rows; a scan is incremental, so
 * a paused or interrupted scan simply starts over.
 */
export class ScanRunner {
  readonly jobId: string;
  readonly done: Promise<JobRow | null>;
  readonly #abort = new AbortController();
  #stop: StopReason | null = null;

  constructor(deps: ScanRunnerDeps, row: JobRow, token: string, rootId: number | null) {
    this.jobId = row.id;
    const heartbeat = new Heartbeat(deps.repo, row.id, token, deps.now, (beat) => {
      if (!beat) this.stop('lease-lost');
      else if (beat.cancel_requested) this.stop('cancel');
      else if (beat.pause_requested) this.stop('pause');
    });
    let lastAt = 0;
    const onProgress = (p: ScanProgress) => {
      const now = deps.now();
      if (p.phase !== 'reading' || now - lastAt < MIN_UPDATE_INTERVAL_MS) return;
      lastAt = now;
      const written = deps.repo.progress(row.id, token, now, { total: p.total, done: p.done, failed: 0 });
      if (!written) return this.stop('lease-lost');
      heartbeat.wrote(now);
      deps.onCommitted(written);
      if (written.cancel_requested) this.stop('cancel');
    };
    this.done = deps.scan(rootId, { signal: this.#abort.signal, onProgress }).then(
      (result) => {
        heartbeat.stop();
        if (this.#stop) return this.#finish(deps, token, null);
        const written = deps.repo.progress(row.id, token, deps.now(), { total: result.files, done: result.files, failed: result.failed });
        if (!written) return null;
        return this.#finish(deps, token, null);
      },
      (error: unknown) => {
        heartbeat.stop();
        if (this.#stop) return this.#finish(deps, token, null);
        deps.logger.error({ err: error, jobId: row.id }, 'scan job failed');
        return this.#finish(deps, token, error);
      },
    );
  }

  stop(reason: StopReason): void {
    if (this.#stop === 'lease-lost' || this.#stop === 'cancel') return;
    this.#stop = reason;
    this.#abort.abort();
  }

  #finish(deps: ScanRunnerDeps, token: string, error: unknown): JobRow | null {
    if (this.#stop === 'lease-lost') return null;
    const event =
      error !== null ? 'fail' : this.#stop === 'cancel' ? 'cancel' : this.#stop === 'pause' ? 'stop' : this.#stop === 'release' ? 'release' : 'complete';
    const row = deps.repo.finishRun(this.jobId, token, event, deps.now(), error === null ? null : toErrorInfo(error));
    if (row) deps.onCommitted(row);
    return row;
  }
}
