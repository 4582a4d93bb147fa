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
  const logger = pino({ level, base: { pid: process.pid } }, stream);
  return {
    logger,
    close: () => {
      logger.flush();
      stream.end();
    },
  };
}
