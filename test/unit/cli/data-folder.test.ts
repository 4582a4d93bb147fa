/**
 * A data folder that fails under the CLI: a log that cannot be written never crashes the
 * process, and a database on a full disk gives a message naming the folder. /dev/full is a
 * real device that answers every write with ENOSPC.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../src-main/core/platform/file-logger.ts';
import { buildZip, pages } from '../../helpers/archives.ts';

const CLI = new URL('../../../src-main/server/cli.ts', import.meta.url).pathname;
const base = mkdtempSync(join(tmpdir(), 'longbox-datafolder-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const SLOW = 180_000;

function library(name: string): string {
  const dir = join(base, name, 'lib', 'Saga');
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= 3; i++) writeFileSync(join(dir, `Saga ${i}.cbz`), buildZip(pages(2)));
  return join(base, name, 'lib');
}

describe.runIf(existsSync('/dev/full'))('a data folder on a full disk', () => {
  it('a log that cannot be written never throws into the process', async () => {
    const logs = join(base, 'log', 'logs');
    mkdirSync(logs, { recursive: true });
    symlinkSync('/dev/full', join(logs, 'longbox.1.log'));
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const { logger, close } = await createFileLogger(logs);
      for (let i = 0; i < 2000; i++) logger.info({ i, pad: 'x'.repeat(200) }, 'a line the disk will refuse');
      await new Promise((resolve) => setTimeout(resolve, 500));
      close();
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.stderr.write = write;
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
    expect(written.join('')).toContain(`cannot write the log in ${logs} (ENOSPC)`);
  }, SLOW);

  it('a database that cannot be written: a clear message naming the folder, exit 1', () => {
    const lib = library('db');
    const dataDir = join(base, 'db', 'data');
    mkdirSync(dataDir, { recursive: true });
    symlinkSync('/dev/full', join(dataDir, 'longbox.db'));
    const r = spawnSync(process.execPath, [CLI, 'scan', '--library', lib, '--data-dir', dataDir], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot use the data folder ${dataDir}: the disk is full`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, SLOW);
});
