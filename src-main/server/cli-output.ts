/** Prints for humans, or one JSON object per line with `--json` (SPEC §6: a stable interface). */
export interface CliOutput {
  json: boolean;
  line(human: string, record?: Record<string, unknown>): void;
  error(message: string, record?: Record<string, unknown>): void;
}

export function createCliOutput(json: boolean): CliOutput {
  return {
    json,
    line(human, record) {
      if (json) {
        if (record) process.stdout.write(`${JSON.stringify(record)}\n`);
      } else process.stdout.write(`${human}\n`);
    },
    error(message, record) {
      if (json) process.stdout.write(`${JSON.stringify({ type: 'error', message, ...record })}\n`);
      else process.stderr.write(`longbox: ${message}\n`);
    },
  };
}

/** Exit codes: 0 success, 1 the work ran but something failed, 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}
