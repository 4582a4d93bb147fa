/** Prints for humans, or one JSON object per line with `--json` (docs/behaviour.md §6: a stable interface). */
export interface CliOutput {
  json: boolean;
  line(human: string, record?: Record<string, unknown>): void;
  /**
   * A progress update: in a terminal one line rewritten in place, otherwise a line like any
   * other (so logs and pipes keep every update).
   */
  progress(human: string, record: Record<string, unknown>): void;
  error(message: string, record?: Record<string, unknown>): void;
}

export interface OutputStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * A reader that goes away (`longbox jobs show | head`) makes the next write fail with EPIPE.
 * That is not our error: stop writing to that stream and let the command finish its work
 * (a job keeps running to its end) instead of dying with a stack trace.
 */
function guardedWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    else throw error;
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text);
  };
}

export function createCliOutput(json: boolean, streams: OutputStreams = process): CliOutput {
  const out = guardedWriter(streams.stdout);
  const err = guardedWriter(streams.stderr);
  const tty = streams.stdout.isTTY === true && !json;
  let progressShown = false;
  const endProgress = () => {
    if (progressShown) out('\n');
    progressShown = false;
  };
  return {
    json,
    line(human, record) {
      if (json) {
        if (record) out(`${JSON.stringify(record)}\n`);
        return;
      }
      endProgress();
      out(`${human}\n`);
    },
    progress(human, record) {
      if (json) return out(`${JSON.stringify(record)}\n`);
      if (!tty) return out(`${human}\n`);
      // Carriage return + erase line: the terminal shows one line that updates.
      out(`\r\x1b[K${human}`);
      progressShown = true;
    },
    error(message, record) {
      if (json) return out(`${JSON.stringify({ type: 'error', message, ...record })}\n`);
      endProgress();
      err(`longbox: ${message}\n`);
    },
  };
}

/** Exit codes: 0 success, 1 the work ran but something failed, 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}
