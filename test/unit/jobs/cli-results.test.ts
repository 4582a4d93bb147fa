import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCbz } from '../../../src-main/core/demo/sample-library.ts';

const CLI = new URL('../../../src-main/server/cli.ts', import.meta.url).pathname;
/** Each test starts the CLI (Node start-up, scan, job) two or three times. */
const CLI_TEST_TIMEOUT_MS = 240_000;
const base = mkdtempSync(join(tmpdir(), 'longbox-cli-results-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

async function library(name: string, files: string[]): Promise<{ lib: string; data: string }> {
  const lib = join(base, name, 'lib');
  for (const [i, rel] of files.entries()) {
    mkdirSync(join(lib, rel, '..'), { recursive: true });
    writeFileSync(join(lib, rel), await buildCbz({ pages: 2 }, i));
  }
  return { lib, data: join(base, name, 'data') };
}

describe('longbox CLI results', () => {
  it('--dry-run prints every row with "would write / would rename" and the totals, collisions in the batch included', async () => {
    const { lib, data } = await library('dry', ['Saga/Saga #012.cbz', 'Saga/Saga 012 (Webrip).cbz', 'Saga/Saga 013.cbz', 'Saga/Saga.cbz']);
    const json = cli(['run', 'process', '--all', '--library', lib, '--data-dir', data, '--dry-run', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const result = lines.at(-1)!;
    expect(result).toEqual({ type: 'result', previewed: 4, totals: { write: 1, rename: 1, skip: 1, fail: 0, collide: 2 } });
    const collided = lines.filter((l) => (l.outcomes as string[] | undefined)?.includes('collide')).map((l) => l.collidesWith);
    expect(collided.sort()).toEqual(['Saga/Saga #012.cbz', 'Saga/Saga 012 (Webrip).cbz']);

    const human = cli(['run', 'process', '--all', '--library', lib, '--data-dir', data, '--dry-run']);
    expect(human.stdout).toContain('would write + would rename: Saga/Saga 013.cbz → Saga/Saga - Chapter 0013.cbz');
    expect(human.stdout).toContain('4 files previewed: 1 would write, 1 would rename, 1 would skip, 0 would fail, 2 would collide. Nothing was written.');
    // Nothing was written.
    expect(readdirSync(join(lib, 'Saga')).sort()).toEqual(['Saga #012.cbz', 'Saga 012 (Webrip).cbz', 'Saga 013.cbz', 'Saga.cbz']);
  }, CLI_TEST_TIMEOUT_MS);

  it('a run with failed items says "finished with errors", names the failed file and exits 1', async () => {
    const { lib, data } = await library('errors', ['Saga/Saga 012.cbz', 'Saga/Saga 013.cbz']);
    expect(cli(['scan', '--library', lib, '--data-dir', data]).status).toBe(0);
    writeFileSync(join(lib, 'Saga/Saga 013.cbz'), 'not a zip at all');
    const run = cli(['run', 'normalize', '--all', '--library', lib, '--data-dir', data]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/failed {2}Saga\/Saga 013\.cbz {2}\[ARCHIVE_BAD_MAGIC\]/);
    expect(run.stdout).toMatch(/Normalize all files: finished with errors — 1 succeeded, 0 skipped, 1 failed/);
    // The log keeps what a user needs later: start, end, and the failed file with its code.
    const logs = readdirSync(join(data, 'logs')).map((f) => readFileSync(join(data, 'logs', f), 'utf8')).join('');
    const records = logs.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number; file?: string; code?: string });
    expect(records.some((r) => r.msg === 'job started: Normalize all files')).toBe(true);
    expect(records.find((r) => r.file === 'Saga/Saga 013.cbz')).toMatchObject({ code: 'ARCHIVE_BAD_MAGIC', level: 40 });
    expect(records.find((r) => r.msg.startsWith('job finished with errors: Normalize all files'))).toMatchObject({ level: 40 });
  }, CLI_TEST_TIMEOUT_MS);

  it('delete moves the files to the OS trash as a job', async () => {
    const { lib, data } = await library('delete', ['Saga/Saga 012.cbz', 'Saga/Saga 013.cbz']);
    const trash = join(base, 'delete', 'xdg');
    const run = cli(['delete', '--files', join(lib, 'Saga/Saga 012.cbz'), '--library', lib, '--data-dir', data, '--json'], { XDG_DATA_HOME: trash });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ type: 'result', state: 'completed', outcome: 'succeeded', succeeded: 1 });
    expect(existsSync(join(lib, 'Saga/Saga 012.cbz'))).toBe(false);
    expect(readdirSync(join(trash, 'Trash', 'files'))).toEqual(['Saga 012.cbz']);
    expect(readdirSync(join(lib, 'Saga'))).toEqual(['Saga 013.cbz']);
    // Bad usage exits 2.
    expect(cli(['delete', '--library', lib, '--data-dir', data]).status).toBe(2);
  }, CLI_TEST_TIMEOUT_MS);
});
