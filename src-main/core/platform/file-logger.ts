import pino from 'pino';
import pinoRoll from 'pino-roll';
import { join } from 'node:path';
import type { Logger } from '../ports.ts';

/**
 * A pino logger writing JSON lines to `<logs>/longbox.N.log`, rotated by size by pino-roll
 * (10 MB, 3 old files kept). Rotation is the library's, never ours.
 */
export async function createFileLogger(logDir: string, level = 'info'): Promise<{ logger: Logger; close(): void }> {
  const stream = await pinoRoll({
    file: join(logDir, 'longbox'),
    extension: '.log',
    size: '10m',
    limit: { count: 3 },
    mkdir: true,
  });
  // A log that cannot be written (the data folder's disk is full, it went read-only) must never
  // take the process down with it: the work matters more than its log. Said once on stderr.
  let reported = false;
  stream.on('error', (error) => {
    if (reported) return;
    reported = true;
    process.stderr.write(`longbox: cannot write the log in ${logDir} (${(error as NodeJS.ErrnoException).code ?? error.message}); going on without it\n`);
  });
  const logger = pino({ level, base: { pid: process.pid } }, stream);
  return {
    logger,
    close: () => {
      logger.flush();
      // Work still settling after close (an async prune, a late listener) must not write into the
      // ended stream: sonic-boom throws on a destroyed stream, which would crash the process.
      logger.level = 'silent';
      stream.end();
    },
  };
}
