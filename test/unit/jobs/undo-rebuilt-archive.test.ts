import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobSnapshot, JobSpecInput } from '../../../src-shared/contract/jobs.ts';
import { waitForJob } from '../../../src-shared/contract/wait-for-job.ts';
import { startTestCore, tempDir, value, type TestCore } from '../../helpers/core-harness.ts';
import { pages, writeZip, yauzlCrcCheck, type TestEntry } from '../../helpers/archives.ts';

/**
 * Undo of a job that wrote ComicInfo.xml, through the real core (SQLite file, worker threads,
 * archives on disk), for both write paths (docs/undo-and-results.md): an archive written in
 * place comes back byte-for-byte; one the job *rebuilt* gets exactly its original entries back —
 * no ComicInfo.xml if it had none, the original entry (name, bytes, place) if it had one.
 * Entries are read back with yauzl on its own, not through Longbox's reader.
 */
let dir: { path: string; remove(): void };
let core: TestCore;
let library: string;

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every entry, in central-directory order: name and sha256 of its uncompressed bytes. */
async function entriesOf(rel: string): Promise<Array<[string, string]>> {
  return [...(await yauzlCrcCheck(join(library, rel)))].map(([name, data]) => [name, sha(data)]);
}

async function run(spec: JobSpecInput): Promise<JobSnapshot> {
  const job = await value(core.client.invoke('jobs.start', spec));
  return waitForJob(core.client, job.id);
}

/** Where Process renames `Saga/Saga 00n.cbz` to (undo items are keyed by it). */
const processed = (rel: string) => rel.replace(/Saga (\d+)\.cbz$/, (_m, n: string) => `Saga - Chapter 0${n}.cbz`);

async function actionsOf(jobId: string): Promise<Record<string, string[]>> {
  const { items } = await value(core.client.invoke('jobs.items', { jobId, offset: 0, limit: 100 }));
  return Object.fromEntries(items.map((i) => [i.relPath, i.actions]));
}

/** Pages with data descriptors: a rebuild drops them, so the job's archive no longer has the original's layout. */
const describedPages = (): TestEntry[] => pages(3, 3000).map((p) => ({ ...p, method: 8, descriptor: true }));

/** Process every file, then undo the job; returns the two jobs' per-file actions. */
async function processThenUndo(): Promise<{ job: Record<string, string[]>; undo: Record<string, string[]> }> {
  expect((await core.dispatch('library.roots.add', { path: library })).ok).toBe(true);
  const job = await run({ kind: 'process', scope: { type: 'all', rootId: null } });
  expect(job).toMatchObject({ state: 'completed', failed: 0 });
  const undo = await run({ kind: 'undo', jobId: job.id });
  expect(undo).toMatchObject({ state: 'completed', outcome: 'succeeded', failed: 0 });
  return { job: await actionsOf(job.id), undo: await actionsOf(undo.id) };
}

beforeEach(async () => {
  dir = tempDir('undo-rebuilt');
  library = join(dir.path, 'lib');
  mkdirSync(join(library, 'Saga'), { recursive: true });
  core = await startTestCore(join(dir.path, 'data'));
});
afterEach(async () => {
  await core.close();
  dir.remove();
});

describe('undo of an archive the job rebuilt', () => {
  it('removes the ComicInfo.xml the job created: the original entries, names, order and bytes', async () => {
    const rel = 'Saga/Saga 001.cbz';
    writeZip(join(library, rel), describedPages());
    // A second link forces the rebuild path (a tail write would change both names' content).
    linkSync(join(library, rel), join(dir.path, 'second-link.cbz'));
    const bytes = readFileSync(join(library, rel));
    const original = await entriesOf(rel);
    const { job, undo } = await processThenUndo();
    expect(job[rel]).toContain('metadata written');
    expect(undo[processed(rel)]).toContain('created ComicInfo.xml removed');
    expect(await entriesOf(rel)).toEqual(original);
    expect(original.map(([name]) => name)).toEqual(['p001.jpg', 'p002.jpg', 'p003.jpg']);
    // The other link still holds the untouched original (the rebuild never wrote through it).
    expect(readFileSync(join(dir.path, 'second-link.cbz')).equals(bytes)).toBe(true);
  });

  it('puts an original ComicInfo.xml back: its own name, bytes and place among the entries', async () => {
    // ComicInfo first (not last: the job must rebuild), in a lower-case name, with a comment
    // and odd spacing that no serializer would reproduce.
    const xml = '<?xml version="1.0"?>\r\n<ComicInfo>\t<!-- mine -->\n <Series>Saga</Series>  <Custom a="1">kept</Custom></ComicInfo>';
    const rels = ['Saga/Saga 002.cbz', 'Saga/Saga 003.cbz'];
    writeZip(join(library, rels[0]!), [{ name: 'comicinfo.xml', data: xml, method: 8 }, ...pages(3, 3000)]);
    writeZip(join(library, rels[1]!), [...pages(2, 3000).slice(0, 1), { name: 'ComicInfo.xml', data: xml, descriptor: true }, ...pages(2, 3000).slice(1)]);
    const before = new Map(rels.map((rel) => [rel, readFileSync(join(library, rel))]));
    const originals = await Promise.all(rels.map(entriesOf));
    const { undo } = await processThenUndo();
    for (const [i, rel] of rels.entries()) {
      expect(undo[processed(rel)]).toContain('original ComicInfo.xml restored');
      expect(await entriesOf(rel)).toEqual(originals[i]);
      const restored = await yauzlCrcCheck(join(library, rel));
      expect(restored.get(i === 0 ? 'comicinfo.xml' : 'ComicInfo.xml')?.toString('utf8')).toBe(xml);
    }
    // Written by a writer that lays entries out as Longbox does, the first comes back byte for
    // byte: the rebuild lost nothing. The second had data descriptors, which no rebuild keeps.
    expect(readFileSync(join(library, rels[0]!)).equals(before.get(rels[0]!)!)).toBe(true);
  });
});

describe('undoing again after a cancelled undo', () => {
  it('a rebuilt archive already undone is skipped as done, not as changed since the job', async () => {
    const rel = 'Saga/Saga 006.cbz';
    writeZip(join(library, rel), [{ name: 'ComicInfo.xml', data: '<ComicInfo><Series>Saga</Series></ComicInfo>', descriptor: true }, ...describedPages()]);
    const original = await entriesOf(rel);
    expect((await core.dispatch('library.roots.add', { path: library })).ok).toBe(true);
    const job = await run({ kind: 'process', scope: { type: 'all', rootId: null } });
    const first = await run({ kind: 'undo', jobId: job.id });
    expect(await entriesOf(rel)).toEqual(original);
    // As if that undo had been cancelled after this file: the job is undoable again.
    core.sqlite.prepare("UPDATE jobs SET state = 'cancelled' WHERE id = ?").run(first.id);
    core.sqlite.prepare('UPDATE jobs SET undone_by = NULL WHERE id = ?').run(job.id);
    const again = await run({ kind: 'undo', jobId: job.id });
    expect(again).toMatchObject({ state: 'completed', failed: 0, skipped: 1 });
    expect(Object.values(await actionsOf(again.id)).flat()).toContain('already restored');
    expect(await entriesOf(rel)).toEqual(original);
  });
});

describe('undo of an archive the job wrote in place', () => {
  it('gives back the original bytes, with or without a ComicInfo.xml before', async () => {
    writeZip(join(library, 'Saga/Saga 004.cbz'), describedPages());
    writeZip(join(library, 'Saga/Saga 005.cbz'), [...pages(3, 3000), { name: 'ComicInfo.xml', data: '<ComicInfo><Series>Saga</Series></ComicInfo>' }]);
    const rels = ['Saga/Saga 004.cbz', 'Saga/Saga 005.cbz'];
    const before = rels.map((rel) => readFileSync(join(library, rel)));
    const { undo } = await processThenUndo();
    for (const [i, rel] of rels.entries()) {
      expect(undo[processed(rel)]).toContain('restored byte-for-byte');
      expect(readFileSync(join(library, rel)).equals(before[i]!)).toBe(true);
    }
  });
});
