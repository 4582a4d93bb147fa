import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, rmSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobSnapshot, JobSpecInput } from '../../../src-shared/contract/jobs.ts';
import { waitForJob } from '../../../src-shared/contract/wait-for-job.ts';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { buildCbz } from '../../../src-main/core/demo/sample-library.ts';
import { startTestCore, tempDir, value, type TestCore } from '../../helpers/core-harness.ts';
import { comicInfo } from '../operations/helpers.ts';

/**
 * Undo, retry and outcomes through the real core: SQLite file, worker threads, archives on disk
 * (docs/undo-and-results.md).
 */
let dir: { path: string; remove(): void };
let core: TestCore;
let library: string;
const trashed: string[] = [];

function tree(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(library, { recursive: true, encoding: 'utf8' })) {
    const abs = join(library, rel);
    if (statSync(abs).isFile()) out[rel] = createHash('sha256').update(readFileSync(abs)).digest('hex');
  }
  return out;
}

async function put(rel: string, fields?: Record<string, string>, hue = 0): Promise<void> {
  const abs = join(library, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, await buildCbz({ pages: 2, ...(fields ? { comicInfo: comicInfo(fields) } : {}) }, hue));
}

async function open(): Promise<void> {
  core = await startTestCore(join(dir.path, 'data'), {
    ports: { logger: { debug() {}, info() {}, warn() {}, error() {} }, trash: { trash: async (p) => void trashed.push(p) } },
  });
}

async function addLibrary(): Promise<void> {
  const result = await core.dispatch('library.roots.add', { path: library });
  expect(result.ok).toBe(true);
}

async function run(spec: JobSpecInput): Promise<JobSnapshot> {
  const job = await value(core.client.invoke('jobs.start', spec));
  return waitForJob(core.client, job.id);
}

const all = { type: 'all' as const, rootId: null };

/**
 * A folder whose entries cannot be renamed while its files stay writable: read-only permissions,
 * or — as root, who ignores them — the immutable attribute (ext4 and most Linux file systems).
 */
function lockFolder(folder: string, locked: boolean): void {
  if (process.getuid?.() === 0) execFileSync('chattr', [locked ? '+i' : '-i', folder]);
  else chmodSync(folder, locked ? 0o555 : 0o755);
}
const folderLockWorks = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'longbox-lock-'));
  try {
    lockFolder(probe, true);
    lockFolder(probe, false);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

beforeEach(async () => {
  dir = tempDir('undo');
  library = join(dir.path, 'lib');
  mkdirSync(library);
  trashed.length = 0;
  await open();
});
afterEach(async () => {
  await core.close();
  dir.remove();
});

describe('exact undo', () => {
  it('restores every archive byte-for-byte and at its name: created ComicInfo removed, tail writes reversed, statuses back', async () => {
    await put('Saga/Saga 012.cbz');
    await put('Saga/Saga 013.cbz', { Series: 'Saga', Number: '13', Writer: 'BKV' }, 3);
    await put('Saga/Saga 014.cbz', { Series: 'Saga' }, 6);
    await addLibrary();
    const original = tree();
    const job = await run({ kind: 'process', scope: all });
    expect(job).toMatchObject({ state: 'completed', outcome: 'succeeded', succeeded: 3 });
    expect(tree()).not.toEqual(original);
    const undo = await run({ kind: 'undo', jobId: job.id });
    expect(undo).toMatchObject({ state: 'completed', outcome: 'succeeded', succeeded: 3, failed: 0 });
    expect(tree()).toEqual(original);
    expect((await readArchiveSummary(join(library, 'Saga/Saga 012.cbz'))).comicInfoXml).toBeNull();
    const statuses = core.sqlite.prepare('SELECT status FROM files').all() as Array<{ status: string }>;
    expect(statuses.map((s) => s.status)).toEqual(['unprocessed', 'unprocessed', 'unprocessed']);
    // Marked undone, and no second undo.
    expect((await value(core.client.invoke('jobs.get', { jobId: job.id }))).undoneBy).toBe(undo.id);
    expect(await core.client.invoke('jobs.undo', { jobId: job.id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already been undone/) } });
  });

  it('a rebuilt archive (hard-linked) gets its old ComicInfo.xml back, unknown elements included', async () => {
    await put('Saga/Saga 012.cbz', { Series: 'Saga', Number: '12', Custom: 'kept' });
    linkSync(join(library, 'Saga/Saga 012.cbz'), join(dir.path, 'seed-copy.cbz'));
    await addLibrary();
    const oldXml = (await readArchiveSummary(join(library, 'Saga/Saga 012.cbz'))).comicInfoXml;
    const job = await run({ kind: 'normalize', scope: all });
    expect(job.succeeded).toBe(1);
    await run({ kind: 'undo', jobId: job.id });
    const after = await readArchiveSummary(join(library, 'Saga/Saga 012.cbz'));
    expect(after.comicInfoXml).toContain('<Custom>kept</Custom>');
    expect(after.comicInfoXml).not.toContain('<Title>');
    expect(after.comicInfoXml?.replace(/\s+/g, '')).toBe(oldXml?.replace(/\s+/g, ''));
  });

  it('after a cancelled undo: restored files are skipped as done, the rest restored, nothing fails', async () => {
    for (let i = 1; i <= 12; i++) await put(`Saga/Saga ${String(i).padStart(3, '0')}.cbz`, undefined, i);
    await addLibrary();
    const original = tree();
    const job = await run({ kind: 'process', scope: all });
    const processed = Object.keys(tree()).sort().map((rel) => ({ rel, bytes: readFileSync(join(library, rel)), mtime: statSync(join(library, rel)).mtime }));
    const first = await run({ kind: 'undo', jobId: job.id });
    expect(tree()).toEqual(original);
    // As if that undo had been cancelled after 6 files: the other 6 are still as the job left
    // them (same bytes, names and mtimes), and the job is undoable again.
    core.sqlite.prepare("UPDATE jobs SET state = 'cancelled' WHERE id = ?").run(first.id);
    core.sqlite.prepare('UPDATE jobs SET undone_by = NULL WHERE id = ?').run(job.id);
    for (const p of processed.slice(6)) {
      const number = /(\d+)\.cbz$/.exec(p.rel)![1]!.slice(1);
      unlinkSync(join(library, `Saga/Saga ${number}.cbz`));
      writeFileSync(join(library, p.rel), p.bytes);
      utimesSync(join(library, p.rel), p.mtime, p.mtime);
      // utimes keeps less precision than the file system's mtime: record what it set.
      core.sqlite
        .prepare("UPDATE job_items SET after = json_set(after, '$.mtimeMs', ?) WHERE json_extract(after, '$.relPath') = ?")
        .run(statSync(join(library, p.rel)).mtimeMs, p.rel);
    }
    const again = await run({ kind: 'undo', jobId: job.id });
    expect(again).toMatchObject({ state: 'completed', failed: 0, skipped: 6, succeeded: 6 });
    const { items } = await value(core.client.invoke('jobs.items', { jobId: again.id, offset: 0, limit: 100 }));
    expect(items.filter((i) => i.actions.includes('already restored'))).toHaveLength(6);
    expect(tree()).toEqual(original);
    expect((await value(core.client.invoke('jobs.get', { jobId: job.id }))).undoneBy).toBe(again.id);
  });

  it('a file changed by someone else since the job is skipped with the reason, not restored', async () => {
    await put('Saga/Saga 012.cbz');
    await put('Saga/Saga 013.cbz', undefined, 2);
    await addLibrary();
    const job = await run({ kind: 'normalize', scope: all });
    writeFileSync(join(library, 'Saga/Saga 013.cbz'), await buildCbz({ pages: 3 }, 9));
    const changed = tree()['Saga/Saga 013.cbz'];
    const undo = await run({ kind: 'undo', jobId: job.id });
    const { items } = await value(core.client.invoke('jobs.items', { jobId: undo.id, offset: 0, limit: 10 }));
    expect(items.find((i) => i.relPath.endsWith('013.cbz'))?.error?.code).toBe('FILE_CHANGED_SINCE_JOB');
    expect(tree()['Saga/Saga 013.cbz']).toBe(changed);
  });
});

describe('outcomes and retry', () => {
  it('a completed job with failures is "finished with errors"; retry re-plans the repaired file', async () => {
    await put('Saga/Saga 012.cbz');
    await addLibrary();
    // Truncated after the scan: the index still has the good file's size and mtime.
    const abs = join(library, 'Saga/Saga 012.cbz');
    const good = readFileSync(abs);
    writeFileSync(abs, good.subarray(0, good.length - 30));
    const job = await run({ kind: 'process', scope: all });
    expect(job).toMatchObject({ state: 'completed', failed: 1, outcome: 'finished-with-errors' });
    // The user puts a good copy back (new mtime, new size): retry plans it afresh.
    writeFileSync(abs, good);
    const retry = await value(core.client.invoke('jobs.retry', { jobId: job.id }));
    const final = await waitForJob(core.client, retry.id);
    expect(final).toMatchObject({ state: 'completed', failed: 0, succeeded: 1, outcome: 'succeeded' });
    expect(Object.keys(tree())).toEqual(['Saga/Saga - Chapter 0012.cbz']);
  });

  it.runIf(folderLockWorks)('a file written and then refused its rename is applied-with-error, and undo restores it', async () => {
    await put('Saga/Saga 012.cbz');
    await addLibrary();
    const original = tree();
    const folder = join(library, 'Saga');
    lockFolder(folder, true);
    let job: JobSnapshot;
    try {
      job = await run({ kind: 'process', scope: all });
    } finally {
      lockFolder(folder, false);
    }
    const [item] = (await value(core.client.invoke('jobs.items', { jobId: job.id, offset: 0, limit: 10 }))).items;
    expect(item).toMatchObject({ state: 'failed', error: { code: 'PERMISSION_DENIED' } });
    expect(item?.after).not.toBeNull();
    expect(item?.actions).toContain('changed before the error');
    expect(job).toMatchObject({ outcome: 'finished-with-errors' });
    const undo = await run({ kind: 'undo', jobId: job.id });
    expect(undo).toMatchObject({ succeeded: 1, failed: 0 });
    expect(tree()).toEqual(original);
  });
});

describe('delete', () => {
  it('moves the selected files to the OS trash as a job and drops them from the index', async () => {
    await put('Saga/Saga 012.cbz');
    await put('Saga/Saga 013.cbz', undefined, 2);
    await addLibrary();
    const ids = (core.sqlite.prepare('SELECT id FROM files ORDER BY rel_path').all() as Array<{ id: number }>).map((r) => r.id);
    const preview = await value(core.client.invoke('jobs.preview', { spec: { kind: 'delete', fileIds: [ids[0]!] }, offset: 0, limit: 10 }));
    expect(preview.items[0]?.actions).toEqual(['moved to the OS trash']);
    expect(trashed).toEqual([]);
    const job = await run({ kind: 'delete', fileIds: [ids[0]!] });
    expect(job).toMatchObject({ state: 'completed', succeeded: 1, outcome: 'succeeded' });
    expect(trashed).toEqual([join(library, 'Saga/Saga 012.cbz')]);
    expect(core.sqlite.prepare('SELECT rel_path FROM files').all()).toEqual([{ rel_path: 'Saga/Saga 013.cbz' }]);
  });
});

describe('duplicates', () => {
  async function collide(): Promise<{ duplicate: number; original: number }> {
    await put('Saga/Saga #012.cbz');
    await put('Saga/Saga 012 (Webrip).cbz', undefined, 4);
    await addLibrary();
    await run({ kind: 'process', scope: all });
    const rows = core.sqlite.prepare('SELECT id, rel_path, status FROM files ORDER BY id').all() as Array<{ id: number; rel_path: string; status: string }>;
    const duplicate = rows.find((r) => r.status === 'duplicate')!;
    const original = rows.find((r) => r.rel_path === 'Saga/Saga - Chapter 0012.cbz')!;
    return { duplicate: duplicate.id, original: original.id };
  }

  it('a duplicate records the file it collides with; "keep both" renames it with a counter, undoably', async () => {
    const { duplicate, original } = await collide();
    const details = await core.dispatch('library.file.get', { fileId: duplicate });
    expect(details).toMatchObject({ ok: true, value: { duplicateOf: original, file: { status: 'duplicate' } } });
    const before = tree();
    const job = await run({ kind: 'keep-both', fileIds: [duplicate] });
    expect(job).toMatchObject({ outcome: 'succeeded', succeeded: 1 });
    expect(Object.keys(tree()).sort()).toEqual(['Saga/Saga - Chapter 0012 (2).cbz', 'Saga/Saga - Chapter 0012.cbz']);
    expect(core.sqlite.prepare('SELECT status, duplicate_of FROM files WHERE id = ?').get(duplicate)).toEqual({ status: 'processed', duplicate_of: null });
    await run({ kind: 'undo', jobId: job.id });
    expect(tree()).toEqual(before);
    expect(core.sqlite.prepare('SELECT status FROM files WHERE id = ?').get(duplicate)).toEqual({ status: 'duplicate' });
  });

  it('"not a duplicate" clears the mark', async () => {
    const { duplicate } = await collide();
    expect(await core.dispatch('library.file.clearDuplicate', { fileId: duplicate })).toEqual({ ok: true, value: null });
    expect(core.sqlite.prepare('SELECT status, duplicate_of FROM files WHERE id = ?').get(duplicate)).toEqual({ status: 'unprocessed', duplicate_of: null });
    const again = await core.dispatch('library.file.clearDuplicate', { fileId: duplicate });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
