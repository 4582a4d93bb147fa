/**
 * Acceptance of online identification against a local fake provider server: real archives on
 * disk, a real SQLite data folder, the real worker pool, real HTTP on 127.0.0.1. The clock is
 * injected (and jumps instead of waiting) so budget spacing and quota windows cost no time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readState } from '../../../src-main/core/operations/file-work.ts';
import { parseResult } from '../../../src-main/core/identify/item-result.ts';
import type { JobSnapshot } from '../../../src-shared/contract/jobs.ts';
import { waitForJob } from '../../../src-shared/contract/wait-for-job.ts';
import { startTestCore, tempDir, type TestCore } from '../../helpers/core-harness.ts';
import { startFakeProviders, type FakeProviderServer } from '../../helpers/fake-providers/fake-provider-server.ts';
import { providerEnv, STANDARD_FILES, writeLibrary } from '../../helpers/fake-providers/identify-library.ts';

interface Harness {
  core: TestCore;
  clock: { t: number };
}

let server: FakeProviderServer;
let data: { path: string; remove(): void };
let lib: { path: string; remove(): void };
const clock = { t: Date.UTC(2026, 0, 1) };
const cores: TestCore[] = [];

async function open(options: { autoResume?: boolean; timeoutMs?: number } = {}): Promise<Harness> {
  const core = await startTestCore(data.path, {
    ports: { logger: { debug() {}, info() {}, warn() {}, error() {} }, clock: { now: () => clock.t } },
    autoResumeJobs: options.autoResume ?? false,
    identify: {
      env: providerEnv(server),
      timeoutMs: options.timeoutMs ?? 5000,
      sleep: async (ms) => {
        clock.t += ms;
      },
    },
  });
  cores.push(core);
  return { core, clock };
}

async function call<T>(core: TestCore, name: string, input: unknown): Promise<T> {
  const res = await core.dispatch(name as never, input as never);
  if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}

async function addLibrary(core: TestCore): Promise<void> {
  await call(core, 'library.roots.add', { path: lib.path });
}

async function identifyAll(core: TestCore, extra: object = {}): Promise<JobSnapshot> {
  const job = await call<JobSnapshot>(core, 'jobs.start', { kind: 'identify', scope: { type: 'all' }, ...extra });
  return waitForJob(core.client, job.id);
}

async function results(core: TestCore, jobId: string) {
  const { items } = await call<{ items: Array<{ relPath: string; state: 'done' | 'skipped' | 'failed'; actions: string[]; error: { code: string } | null }> }>(
    core,
    'jobs.items',
    { jobId, limit: 100 },
  );
  return Object.fromEntries(items.map((i) => [i.relPath, { ...parseResult(i.actions, i.state), error: i.error?.code ?? null }]));
}

/** A file's id by its path: the scan's order of insertion is not the order of STANDARD_FILES. */
const idOf = (core: TestCore, rel: string) =>
  core.sqlite.prepare<[string], { id: number }>('SELECT id FROM files WHERE rel_path = ?').get(rel)!.id;

const values = async (rel: string) => (await readState(path.join(lib.path, ...rel.split('/')))).values;

beforeEach(async () => {
  server = await startFakeProviders();
  data = tempDir('identify-data');
  lib = tempDir('identify-lib');
});

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  await server.close();
  data.remove();
  lib.remove();
});

describe('identify job', () => {
  it('applies clear matches, rejects wrong years, lets the cover decide, queues the ambiguous, and writes the source ID', async () => {
    writeLibrary(lib.path, STANDARD_FILES);
    const { core } = await open();
    await addLibrary(core);
    const job = await identifyAll(core);
    expect(job.state).toBe('completed');
    const byFile = await results(core, job.id);

    // Exact match: Saga (2012) #1; the 1990 "Saga" #1 is more than a year off and never competes.
    expect(byFile['Saga/Saga 001 (2012).cbz']).toMatchObject({ state: 'applied', provider: 'comicvine', sourceId: '140529' });
    const saga = await values('Saga/Saga 001 (2012).cbz');
    expect(saga).toMatchObject({
      Series: 'Saga',
      Number: '1',
      Volume: '2012',
      Title: 'Chapter One',
      Year: '2012',
      Month: '3',
      Day: '14',
      Publisher: 'Image',
      Writer: 'Brian K. Vaughan',
      Penciller: 'Fiona Staples',
      Inker: 'Fiona Staples',
      CoverArtist: 'Fiona Staples',
      Letterer: 'Fonografiks',
      Editor: 'Eric Stephenson',
      Summary: 'Chapter One: the story begins.',
      Web: 'https://comicvine.gamespot.com/saga-1/4000-140529/',
    });
    expect(saga.Notes).toContain('[Issue ID 140529]');

    // Two same-named series, same number and year: the cover hash picks the reprint.
    expect(byFile['Paper Girls/Paper Girls 003.cbz']).toMatchObject({ state: 'applied', sourceId: '8002' });
    expect((await values('Paper Girls/Paper Girls 003.cbz')).Publisher).toBe('Image Reprints');

    // Batman #1 with a cover like neither candidate: ambiguous, so review, file unchanged.
    expect(byFile['Batman/Batman 001.cbz']!.state).toBe('review');
    expect(await values('Batman/Batman 001.cbz')).toEqual({});
    const { reviews } = await call<{ reviews: Array<{ relPath: string; candidates: Array<{ issueId: string; score: number }> }> }>(core, 'identify.reviews.list', {});
    expect(reviews.map((r) => r.relPath)).toEqual(['Batman/Batman 001.cbz']);
    expect(reviews[0]!.candidates.map((c) => c.issueId).sort()).toEqual(['7001', '7001', '7002', '7002']);

    // Manga: AniList first; the chapter number is the file's own.
    expect(byFile['One Piece/One Piece c001.cbz']).toMatchObject({ state: 'applied', provider: 'anilist', sourceId: '30013' });
    expect(await values('One Piece/One Piece c001.cbz')).toMatchObject({ Series: 'One Piece', Number: '1', Volume: '1997', Writer: 'Eiichiro Oda', Web: 'https://anilist.co/manga/30013' });

    // The API key travels only to the provider: every Comic Vine request carried it, nothing else did.
    expect(server.apiRequests('comicvine').every((r) => r.apiKey !== null)).toBe(true);
  });

  it('a second run sends no request at all: stored IDs and cached responses', async () => {
    writeLibrary(lib.path, STANDARD_FILES);
    const { core } = await open();
    await addLibrary(core);
    await identifyAll(core);
    const before = server.requests.length;
    const again = await identifyAll(core);
    expect(again.state).toBe('completed');
    expect(server.requests.length).toBe(before);
    const byFile = await results(core, again.id);
    expect(byFile['Saga/Saga 001 (2012).cbz']).toMatchObject({ state: 'applied', sourceId: '140529' });
    expect(byFile['Batman/Batman 001.cbz']!.state).toBe('review');
  });

  it('undo restores the identified files', async () => {
    writeLibrary(lib.path, STANDARD_FILES.slice(0, 1));
    const { core } = await open();
    await addLibrary(core);
    const job = await identifyAll(core);
    expect((await values('Saga/Saga 001 (2012).cbz')).Series).toBe('Saga');
    const undo = await call<JobSnapshot>(core, 'jobs.undo', { jobId: job.id });
    expect((await waitForJob(core.client, undo.id)).succeeded).toBe(1);
    expect(await values('Saga/Saga 001 (2012).cbz')).toEqual({});
  });

  it('a review choice applies as a job, and the review leaves the queue', async () => {
    writeLibrary(lib.path, STANDARD_FILES.slice(2, 3));
    const { core } = await open();
    await addLibrary(core);
    await identifyAll(core);
    const { reviews } = await call<{ reviews: Array<{ id: number; fileId: number }> }>(core, 'identify.reviews.list', {});
    const review = reviews[0]!;
    // Search again by hand with a year: only the 2016 issue survives.
    const searched = await call<{ candidates: Array<{ issueId: string; provider: string }> }>(core, 'identify.reviews.search', {
      reviewId: review.id,
      query: { series: 'Batman', number: '1', year: 2016 },
    });
    expect(new Set(searched.candidates.map((c) => c.issueId))).toEqual(new Set(['7002']));
    const apply = await call<JobSnapshot>(core, 'jobs.start', {
      kind: 'identify',
      scope: { type: 'selected', fileIds: [review.fileId] },
      choices: [{ fileId: review.fileId, provider: 'comicvine', issueId: '7002', reviewId: review.id }],
    });
    expect((await waitForJob(core.client, apply.id)).succeeded).toBe(1);
    expect(await values('Batman/Batman 001.cbz')).toMatchObject({ Series: 'Batman', Volume: '2016', Title: 'I Am Gotham', Writer: 'Tom King' });
    expect((await call<{ total: number }>(core, 'identify.reviews.list', {})).total).toBe(0);
  });

  it('retries server errors with backoff, fails an item whose provider keeps failing, and goes on', async () => {
    writeLibrary(lib.path, STANDARD_FILES.slice(0, 2));
    const { core } = await open();
    await addLibrary(core);
    // Two 502s, then answers: the first request succeeds on its third attempt.
    server.misbehave({ failNext: { count: 2, status: 502 } });
    const recovered = await identifyAll(core, { scope: { type: 'selected', fileIds: [idOf(core, 'Saga/Saga 001 (2012).cbz')] } });
    expect((await results(core, recovered.id))['Saga/Saga 001 (2012).cbz']!.state).toBe('applied');
    // Three 503s: the first file's search fails all its attempts; the second file still gets done.
    server.misbehave({ failNext: { count: 3, status: 503 } });
    const job = await identifyAll(core, {
      scope: { type: 'selected', fileIds: [idOf(core, 'Paper Girls/Paper Girls 003.cbz'), idOf(core, 'Saga/Saga 001 (2012).cbz')] },
    });
    const byFile = await results(core, job.id);
    expect(job.state).toBe('completed');
    expect(job.failed).toBe(1);
    expect(byFile['Paper Girls/Paper Girls 003.cbz']).toMatchObject({ state: 'failed', error: 'PROVIDER_UNAVAILABLE' });
    expect(byFile['Saga/Saga 001 (2012).cbz']!.state).toBe('applied');
  });

  it('a provider that does not answer in time fails the item with PROVIDER_UNAVAILABLE', async () => {
    writeLibrary(lib.path, STANDARD_FILES.slice(1, 2));
    const { core } = await open({ timeoutMs: 200 });
    await addLibrary(core);
    server.misbehave({ delayMs: 1500 });
    const job = await identifyAll(core, { provider: 'comicvine' });
    const byFile = await results(core, job.id);
    expect(byFile['Paper Girls/Paper Girls 003.cbz']).toMatchObject({ state: 'failed', error: 'PROVIDER_UNAVAILABLE' });
    expect(server.apiRequests('comicvine')).toHaveLength(3);
  });

  it('a spent quota pauses the job with its resume time, across a restart, and it resumes after the window', async () => {
    writeLibrary(lib.path, STANDARD_FILES.slice(0, 3));
    let { core } = await open();
    await addLibrary(core);
    // Comic Vine answers status 107 from the third request on.
    server.misbehave({ quotaAfter: 2 });
    const paused = await identifyAll(core, { provider: 'comicvine' });
    expect(paused.state).toBe('paused');
    expect(paused.resumesAt).toBeGreaterThan(clock.t);
    const resumesAt = paused.resumesAt!;
    const doneBefore = paused.done;
    const sentBefore = server.apiRequests().length;

    // A restart before the window ends: still paused, nothing sent.
    await core.close();
    cores.length = 0;
    ({ core } = await open({ autoResume: true }));
    expect(await call(core, 'jobs.get', { jobId: paused.id })).toMatchObject({ state: 'paused', resumesAt });
    expect(server.apiRequests().length).toBe(sentBefore);

    // After the window: the job resumes by itself and finishes the remaining items.
    server.misbehave({});
    clock.t = resumesAt + 1;
    // What the engine's timer does when the window ends (the clock here jumps instead of waiting):
    // resuming all runnable jobs resumes the timed pauses that are due.
    await call(core, 'jobs.resumeAll', {});
    const finished = await waitForJob(core.client, paused.id);
    expect(finished.state).toBe('completed');
    expect(finished.done).toBe(3);
    expect(finished.done).toBeGreaterThan(doneBefore);
    expect(finished.resumesAt).toBeNull();
  });

  it('keeps credentials out of every answer and stores them owner-only', async () => {
    const { core } = await open();
    await call(core, 'identify.credentials.set', { provider: 'metron', user: 'someone', password: 'hunter2-secret' });
    const stored = fs.statSync(path.join(data.path, 'credentials.json'));
    expect(stored.mode & 0o777).toBe(0o600);
    const statuses = await call<unknown[]>(core, 'identify.providers', {});
    expect(JSON.stringify(statuses)).not.toContain('hunter2-secret');
    expect(JSON.stringify(statuses)).not.toContain('test-key');
    expect(statuses).toContainEqual(expect.objectContaining({ name: 'comicvine', configured: true, baseUrl: server.urls.comicvine }));
  });
});
