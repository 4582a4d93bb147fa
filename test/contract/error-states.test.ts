/**
 * Error states a user can trust: storage failures get their own codes, a transient failure
 * never brands a healthy file `error`, a rescan re-reads errored files and clears the mark,
 * and a file whose name is not valid UTF-8 is reported instead of silently left out.
 */
import { readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSIENT_ERROR_CODES } from '../../src-shared/contract/errors.ts';
import { waitForJob } from '../../src-shared/contract/wait-for-job.ts';
import { toArchiveError } from '../../src-main/core/archive/archive-errors.ts';
import { SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';
import { TRANSPORTS, useContractFixture, value } from '../helpers/core-harness.ts';

describe('storage failures have their own codes', () => {
  it.each([
    ['ENOSPC', 'DISK_FULL'],
    ['EDQUOT', 'DISK_FULL'],
    ['EACCES', 'PERMISSION_DENIED'],
    ['EPERM', 'PERMISSION_DENIED'],
    ['EROFS', 'READ_ONLY'],
    ['EIO', 'IO_ERROR'],
    ['ENOENT', 'ARCHIVE_NOT_FOUND'],
  ])('%s → %s, a transient code', (errno, code) => {
    const error = toArchiveError(Object.assign(new Error(`${errno}: failed, write`), { code: errno }), '/lib/a.cbz');
    expect(error.code).toBe(code);
    expect(error.message).toContain('/lib/a.cbz');
    expect(TRANSIENT_ERROR_CODES.has(error.code)).toBe(true);
  });
});

describe('error states (in-process transport)', () => {
  const t = useContractFixture(TRANSPORTS[0]!, 'errors');

  const runJob = async (rootId: number) => {
    const job = await value(t.client.invoke('jobs.start', { kind: 'normalize', scope: { type: 'all', rootId } }));
    return waitForJob(t.client, job.id);
  };

  it('a library folder that was briefly missing fails the items but brands no file', async () => {
    const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
    renameSync(t.library, `${t.library}-away`);
    const during = await runJob(root.id);
    expect(during.succeeded).toBe(0);
    expect((await value(t.client.invoke('library.counts', { rootId: root.id }))).error).toBe(0);
    renameSync(`${t.library}-away`, t.library);
    const after = await runJob(root.id);
    expect(after).toMatchObject({ state: 'completed', failed: 0 });
    expect((await value(t.client.invoke('library.counts', { rootId: root.id }))).error).toBe(0);
  });

  it('a rescan re-reads an errored file even when its size and mtime are unchanged, and clears the mark', async () => {
    const relPath = SAMPLE_FILES[0]!.relPath;
    const file = join(t.library, relPath);
    const good = readFileSync(file);
    const damaged = Buffer.from(good);
    // Same size: the end-of-central-directory signature is overwritten.
    damaged.write('XXXX', damaged.length - 22, 'latin1');
    const when = new Date('2024-01-02T03:04:05Z');
    writeFileSync(file, damaged);
    utimesSync(file, when, when);
    const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
    const errored = await value(t.client.invoke('library.query', { filter: 'error', rootId: root.id }));
    expect(errored.files.map((f) => f.relPath)).toEqual([relPath]);

    const identity = statSync(file);
    writeFileSync(file, good);
    utimesSync(file, when, when);
    const repaired = statSync(file);
    // To the incremental scan the file looks unchanged: only the error mark makes it look again.
    expect([repaired.size, repaired.mtimeMs, repaired.ino]).toEqual([identity.size, identity.mtimeMs, identity.ino]);
    const scan = await value(t.client.invoke('library.scan', { rootId: root.id }));
    expect(scan).toMatchObject({ changed: 0, failed: 0 });
    expect((await value(t.client.invoke('library.counts', { rootId: root.id }))).error).toBe(0);
    const page = await value(t.client.invoke('library.query', { search: relPath.split('/').at(-1)!.slice(0, 8), rootId: root.id }));
    expect(page.files.find((f) => f.relPath === relPath)).toMatchObject({ status: 'unprocessed', error: null });
  });

  it('reports a file whose name is not valid UTF-8 instead of leaving it out', async () => {
    const bad = Buffer.concat([Buffer.from(join(t.library, 'Saga', 'Saga ')), Buffer.from([0xff, 0xfe]), Buffer.from(' 099.cbz')]);
    writeFileSync(bad, readFileSync(join(t.library, SAMPLE_FILES[0]!.relPath)));
    const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
    expect(root.fileCount).toBe(SAMPLE_FILES.length + 1);
    const errored = await value(t.client.invoke('library.query', { filter: 'error', rootId: root.id }));
    expect(errored.files).toHaveLength(1);
    expect(errored.files[0]!.relPath).toMatch(/^Saga\/Saga \uFFFD+ 099\.cbz$/);
    expect(errored.files[0]!.error).toMatch(/not valid UTF-8/);
    // Stable across rescans: still reported, not duplicated or dropped.
    const scan = await value(t.client.invoke('library.scan', { rootId: root.id }));
    expect(scan).toMatchObject({ files: SAMPLE_FILES.length + 1, added: 0, removed: 0, failed: 1 });
  });
});
