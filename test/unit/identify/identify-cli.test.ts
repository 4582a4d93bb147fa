/**
 * `longbox identify` as a child process against the fake provider server: the `--json` line
 * shapes, exit codes, `--dry-run`, a quota pause with `--no-wait`, and kill -9 mid-job then
 * `jobs resume`: no finished item is repeated and the persisted budget is never exceeded.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readState } from '../../../src-main/core/operations/file-work.ts';
import { tempDir } from '../../helpers/core-harness.ts';
import { startFakeProviders, type FakeProviderServer } from '../../helpers/fake-providers/fake-provider-server.ts';
import { providerEnv, STANDARD_FILES, writeLibrary, type LibraryFile } from '../../helpers/fake-providers/identify-library.ts';

const CLI = new URL('../../../src-main/server/cli.ts', import.meta.url).pathname;

let server: FakeProviderServer;
let data: { path: string; remove(): void };
let lib: { path: string; remove(): void };

beforeEach(async () => {
  server = await startFakeProviders();
  data = tempDir('identify-cli-data');
  lib = tempDir('identify-cli-lib');
});

afterEach(async () => {
  await server.close();
  data.remove();
  lib.remove();
});

const env = () => ({ ...process.env, ...providerEnv(server) });
const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

/** Asynchronous: the fake server answers from this very process, so it must not block. */
async function cli(args: string[]): Promise<{ status: number | null; out: Array<Record<string, unknown>> }> {
  const child = spawn(process.execPath, [CLI, ...args, '--data-dir', data.path, '--json'], { env: env(), stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { status, out: lines(stdout) };
}

const values = async (rel: string) => (await readState(path.join(lib.path, ...rel.split('/')))).values;

describe('longbox identify', () => {
  it('prints an item line per file and a result line with the review count', async () => {
    writeLibrary(lib.path, STANDARD_FILES);
    const { status, out } = await cli(['identify', '--all', '--library', lib.path]);
    expect(status).toBe(0);
    const items = out.filter((l) => l.type === 'item');
    expect(items).toHaveLength(4);
    expect(items).toContainEqual({
      type: 'item',
      path: path.join(lib.path, 'Saga', 'Saga 001 (2012).cbz'),
      state: 'applied',
      provider: 'comicvine',
      sourceId: '140529',
      score: expect.any(Number),
    });
    expect(items.find((i) => String(i.path).includes('Batman'))).toMatchObject({ state: 'review' });
    expect(out.some((l) => l.type === 'progress')).toBe(true);
    expect(out.at(-1)).toMatchObject({ type: 'result', state: 'completed', succeeded: 3, skipped: 1, failed: 0, review: 1 });
    // The key never reaches the output.
    expect(JSON.stringify(out)).not.toContain('test-key');
  });

  it('--dry-run identifies and shows the items but writes nothing', async () => {
    writeLibrary(lib.path, STANDARD_FILES.slice(0, 1));
    const { status, out } = await cli(['identify', '--all', '--library', lib.path, '--dry-run']);
    expect(status).toBe(0);
    expect(out.find((l) => l.type === 'item')).toMatchObject({ state: 'applied', sourceId: '140529' });
    expect(await values('Saga/Saga 001 (2012).cbz')).toEqual({});
  });

  it('bad usage exits 2', async () => {
    expect((await cli(['identify', '--all', '--library', lib.path, '--provider', 'marvel'])).status).toBe(2);
    expect((await cli(['identify', '--library', lib.path])).status).toBe(2);
  });

  it('a spent quota prints a paused line; --no-wait exits 0 leaving the job paused', async () => {
    writeLibrary(lib.path, STANDARD_FILES.slice(0, 2));
    server.misbehave({ quotaAfter: 1 });
    const { status, out } = await cli(['identify', '--all', '--library', lib.path, '--provider', 'comicvine', '--no-wait']);
    expect(status).toBe(0);
    const paused = out.find((l) => l.type === 'paused');
    expect(paused).toMatchObject({ jobId: expect.any(String), resumesAt: expect.any(Number) });
    expect(paused!.resumesAt as number).toBeGreaterThan(Date.now() + 50 * 60_000);
    const list = (await cli(['jobs', 'list'])).out;
    expect(list.find((j) => j.id === paused!.jobId)).toMatchObject({ state: 'paused', resumesAt: paused!.resumesAt });
  });

  it('kill -9 mid-job, then jobs resume: every file identified once, the budget never exceeded', async () => {
    const files: LibraryFile[] = [
      ...STANDARD_FILES.slice(0, 2),
      { rel: 'Saga/Saga 002 (2012).cbz', cover: 12 },
      { rel: 'Paper Girls/Paper Girls 003 (2015).cbz', cover: 31 },
    ];
    writeLibrary(lib.path, files);
    const child = spawn(process.execPath, [CLI, 'identify', '--all', '--library', lib.path, '--provider', 'comicvine', '--data-dir', data.path, '--json'], {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // One file finished and committed: kill it in the middle of the next one.
        if (stdout.includes('"type":"item"')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`identify ended before it could be killed:\n${stdout}`)));
    });
    await new Promise((resolve) => child.once('close', resolve));
    const finishedBefore = lines(stdout).filter((l) => l.type === 'item');
    expect(finishedBefore.length).toBeGreaterThanOrEqual(1);

    const resume = await cli(['jobs', 'resume']);
    expect(resume.status).toBe(0);
    expect(resume.out.at(-1)).toMatchObject({ type: 'result', state: 'completed', failed: 0 });

    const db = new Database(path.join(data.path, 'longbox.db'), { readonly: true });
    try {
      const items = db.prepare("SELECT rel_path, state, actions FROM job_items WHERE job_key = (SELECT key FROM jobs WHERE kind = 'identify')").all() as Array<{
        rel_path: string;
        state: string;
        actions: string;
      }>;
      expect(items).toHaveLength(4);
      expect(items.every((i) => i.state === 'done')).toBe(true);
      // The files finished before the kill were not identified again (their rows kept the first run's result).
      for (const file of files) expect((await values(file.rel)).Notes).toMatch(/\[Issue ID \d+\]/u);
      // Every request sent was recorded first; none closer than 1 s to the previous one, none over the hourly limit.
      const budget = db.prepare("SELECT resource, at FROM provider_requests WHERE provider = 'comicvine' ORDER BY at").all() as Array<{ resource: string; at: number }>;
      expect(server.apiRequests('comicvine').length).toBeLessThanOrEqual(budget.length);
      for (let i = 1; i < budget.length; i++) expect(budget[i]!.at - budget[i - 1]!.at).toBeGreaterThanOrEqual(1000);
      const perResource = new Map<string, number>();
      for (const r of budget) perResource.set(r.resource, (perResource.get(r.resource) ?? 0) + 1);
      for (const count of perResource.values()) expect(count).toBeLessThanOrEqual(200);
    } finally {
      db.close();
    }
    // The files finished before the kill were not done again: their issue records were fetched once.
    for (const item of finishedBefore) {
      expect(server.apiRequests('comicvine').filter((r) => r.path.startsWith(`/cv/issue/4000-${String(item.sourceId)}/`))).toHaveLength(1);
    }
  });
});
