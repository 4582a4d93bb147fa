/**
 * The commands hosts (CLI, `serve`, `watch`, the app's shell) use instead of reaching into the
 * core (docs/architecture.md, "One bridge"): typed paths resolved to file ids inside the
 * library only, running the jobs an earlier process left, and waiting for jobs over the
 * `job.updated` subscription. Over every transport, as a window would call them.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../src-shared/contract/client.ts';
import { isSettled, waitForJob } from '../../src-shared/contract/wait-for-job.ts';
import { generateSampleLibrary, SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';
import { startTestCore, tempDir, TRANSPORTS, useContractFixture, value } from '../helpers/core-harness.ts';

// Over IPC too: the real adapter and preload, joined by the `electron` stand-in.
vi.mock('electron', () => import('../helpers/electron-stand-in.ts'));

for (const transport of TRANSPORTS) {
  describe(`host commands over ${transport.name}`, () => {
    const t = useContractFixture(transport, 'host-commands');

    const idOf = async (client: ContractClient, relPath: string) =>
      (await value(client.invoke('library.query', { limit: 1000 }))).files.find((f) => f.relPath === relPath)!.id;

    it('library.resolvePaths: absolute or library-relative paths of indexed files, and nothing outside the library', async () => {
      const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
      const [first, second] = SAMPLE_FILES.map((f) => f.relPath);
      const firstId = await idOf(t.client, first!);
      const secondId = await idOf(t.client, second!);
      const outside = join(t.dir.path, 'outside.cbz');
      writeFileSync(outside, 'not in the library');
      symlinkSync(outside, join(t.library, 'escape.cbz'));
      symlinkSync(join(t.library, second!), join(t.library, 'alias.cbz'));
      const paths = [
        join(t.library, first!),
        first!,
        // Relative paths are taken from the library folder, never from the process's working directory.
        relative(process.cwd(), join(t.library, first!)),
        'alias.cbz',
        'escape.cbz',
        outside,
        `../${relative(t.dir.path, outside)}`,
        join(t.library, 'Saga', '..', '..', 'outside.cbz'),
        'Saga/not indexed.cbz',
      ];
      const resolved = await value(t.client.invoke('library.resolvePaths', { rootId: root.id, paths }));
      expect(resolved).toEqual([
        { path: paths[0], fileId: firstId },
        { path: paths[1], fileId: firstId },
        { path: paths[2], fileId: null },
        { path: 'alias.cbz', fileId: secondId },
        { path: 'escape.cbz', fileId: null },
        { path: outside, fileId: null },
        { path: paths[6], fileId: null },
        { path: paths[7], fileId: null },
        { path: 'Saga/not indexed.cbz', fileId: null },
      ]);
    });

    it('library.resolvePaths validates its input in main', async () => {
      const raw = t.client as unknown as { invoke(name: string, input: unknown): ReturnType<ContractClient['invoke']> };
      const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
      expect(await raw.invoke('library.resolvePaths', { rootId: root.id, paths: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('library.resolvePaths', { rootId: root.id, paths: [42] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('library.resolvePaths', { rootId: root.id, paths: [''] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('library.resolvePaths', { paths: ['a.cbz'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await t.client.invoke('library.resolvePaths', { rootId: root.id + 1, paths: ['a.cbz'] })).toMatchObject({
        ok: false,
        error: { code: 'ROOT_NOT_FOUND' },
      });
    });

    it('waiting for an unknown job rejects with its code', async () => {
      await expect(waitForJob(t.client, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    });
  });

  describe(`jobs.resumeAll and jobs.idle over ${transport.name}`, () => {
    it('a job left queued by a stopped process waits until a host resumes all, and idle resolves once it ended', async () => {
      const dir = tempDir('resume-all');
      const library = join(dir.path, 'Comics');
      const dataDir = join(dir.path, 'data');
      try {
        await generateSampleLibrary(library);
        // First process: starts a slow job and stops at once; its runner hands the job back.
        const first = await startTestCore(dataDir);
        await value(first.client.invoke('library.roots.add', { path: library }));
        const spec = { kind: 'noop' as const, scope: { type: 'all' as const, rootId: null }, noop: { delayMs: 100, failEvery: 0 } };
        const job = await value(first.client.invoke('jobs.start', spec));
        await first.close();

        // Second process (no auto-resume): the job is not its own, so it is idle at once.
        const second = await startTestCore(dataDir);
        const { client, close } = await transport.open(second);
        try {
          const left = await value(client.invoke('jobs.get', { jobId: job.id }));
          expect(isSettled(left)).toBe(false);
          expect(left.done).toBeLessThan(SAMPLE_FILES.length);
          expect(await client.invoke('jobs.idle')).toEqual({ ok: true, value: null });
          expect(await value(client.invoke('jobs.get', { jobId: job.id }))).toMatchObject({ state: left.state, done: left.done });

          const updates: string[] = [];
          const off = client.on('job.updated', (s) => {
            if (s.id === job.id) updates.push(s.state);
          });
          expect(await client.invoke('jobs.resumeAll')).toEqual({ ok: true, value: null });
          expect(await client.invoke('jobs.idle')).toEqual({ ok: true, value: null });
          const final = await value(client.invoke('jobs.get', { jobId: job.id }));
          expect(final).toMatchObject({ state: 'completed', done: SAMPLE_FILES.length, total: SAMPLE_FILES.length, failed: 0 });
          expect(await waitForJob(client, job.id)).toEqual(final);
          await vi.waitFor(() => expect(updates.at(-1)).toBe('completed'));
          expect(updates).toContain('running');
          off();
        } finally {
          await close();
          await second.close();
        }
      } finally {
        dir.remove();
      }
    });
  });
}
