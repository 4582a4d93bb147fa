/**
 * After a crash or a takeover, the old runner may still be alive (a stalled process, a paused
 * VM) and try to write. Every fenced statement of the job repo is tried here with its stale
 * token on a real SQLite file: each one changes nothing (docs/mutations.md: dropping the
 * fence from any of them fails this test).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open-database.ts';
import { JobRepo, LeaseLostError, type ItemResult, type JobRow } from '../../../src-main/core/jobs/job-repo.ts';
import { seedFiles } from '../../helpers/job-harness.ts';

describe('a runner whose lease was taken over changes nothing', () => {
  let dir: string;
  let db: Db;
  let repo: JobRepo;
  let job: JobRow;
  const STALE = 'token-of-the-crashed-runner';
  const LIVE = 'token-of-the-new-runner';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'longbox-fence-'));
    db = openDatabase(join(dir, 'longbox.db'));
    repo = new JobRepo(db);
    seedFiles(db, 5);
    const created = repo.create(
      { id: randomUUID(), kind: 'noop', title: 'fenced', scope: { type: 'all' }, options: {}, priority: 0, parentJobId: null, now: 1 },
      { sql: "SELECT id AS file_id, rel_path, NULL AS input, id AS o1, 0 AS o2, 0 AS o3 FROM files", params: [] },
    );
    // The first runner claims the job, then its process is declared dead and a second claims it.
    expect(repo.claim(created.id, 'process-a', STALE, 10)).not.toBeNull();
    expect(repo.recoverInterrupted(() => false, 3, 20).interrupted).toHaveLength(1);
    job = repo.claim(created.id, 'process-b', LIVE, 30)!;
    expect(job).toMatchObject({ state: 'running', lease_token: LIVE, total: 5 });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ref = () => ({ id: job.id, key: job.key });
  const rows = () => ({
    job: repo.get(job.id),
    items: db.prepare('SELECT ordinal, state, error_code FROM job_items WHERE job_key = ? ORDER BY ordinal').all(job.key),
  });
  const result = (ordinal: number): ItemResult => ({
    ordinal, fileId: ordinal, relPath: `f${ordinal}.cbz`, state: 'done', error: null, before: null, after: null, actions: [], finishedAt: 40,
  });

  it('takePage', () => {
    const before = rows();
    expect(repo.takePage(ref(), STALE, 5)).toBe(false);
    expect(rows()).toEqual(before);
    expect(repo.takePage(ref(), LIVE, 5)).toBe(true);
    expect(repo.get(job.id).dispatched).toBe(5);
  });

  it('heartbeat', () => {
    const before = rows();
    expect(repo.heartbeat(job.id, STALE, 999)).toBeNull();
    expect(rows()).toEqual(before);
    expect(repo.heartbeat(job.id, LIVE, 999)?.heartbeat_at).toBe(999);
  });

  it('progress', () => {
    const before = rows();
    expect(repo.progress(job.id, STALE, 50, { total: 5, done: 4, failed: 1 })).toBeNull();
    expect(rows()).toEqual(before);
    expect(repo.progress(job.id, LIVE, 50, { total: 5, done: 4, failed: 1 })).toMatchObject({ done: 4 });
  });

  it('flush (counters, items and whatever else the batch writes roll back together)', () => {
    const before = rows();
    let alsoRan = false;
    expect(() =>
      repo.flush(ref(), STALE, 60, [result(1), result(2)], () => {
        alsoRan = true;
      }),
    ).toThrow(LeaseLostError);
    expect(alsoRan).toBe(false);
    expect(rows()).toEqual(before);
    repo.flush(ref(), LIVE, 60, [result(1), result(2)], () => undefined);
    expect(repo.get(job.id)).toMatchObject({ done: 2, succeeded: 2 });
  });

  it.each(['complete', 'cancel', 'stop', 'release', 'fail', 'crash'] as const)('finishRun(%s)', (event) => {
    const before = rows();
    expect(repo.finishRun(job.id, STALE, event, 70)).toBeNull();
    expect(rows()).toEqual(before);
    expect(repo.get(job.id)).toMatchObject({ state: 'running', lease_token: LIVE });
  });

  it('claim: a running job cannot be claimed again, whatever the token', () => {
    const before = rows();
    expect(repo.claim(job.id, 'process-a', STALE, 80)).toBeNull();
    expect(rows()).toEqual(before);
  });
});
