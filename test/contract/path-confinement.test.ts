/**
 * Path confinement (docs/security.md): a window can add only absolute, non-system folders,
 * set only an absolute, existing duplicates folder, and no job follows a symlink out of its
 * library. Each escape is tried over every transport and fails.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { waitForJob } from '../../src-shared/contract/wait-for-job.ts';
import { SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';
import { TRANSPORTS, useContractFixture, value } from '../helpers/core-harness.ts';

async function code(promise: Promise<{ ok: boolean; error?: { code: string; message: string } }>): Promise<string> {
  const result = await promise;
  return result.ok ? 'OK' : result.error!.code;
}

// Over IPC too: the real adapter and preload, joined by the `electron` stand-in.
vi.mock('electron', () => import('../helpers/electron-stand-in.ts'));

for (const transport of TRANSPORTS) {
  describe(`path confinement over ${transport.name}`, () => {
    const t = useContractFixture(transport, 'confine');

    it('library folders: relative paths are refused with a clear message, system folders are refused', async () => {
      for (const relative of ['Comics', '.', '../Comics', './Comics']) {
        const result = await t.client.invoke('library.roots.add', { path: relative });
        expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
        expect(result.ok ? '' : result.error.message).toMatch(/absolute path/);
      }
      const linkToEtc = join(t.dir.path, 'innocent');
      symlinkSync('/etc', linkToEtc);
      for (const system of ['/', '/etc', '/usr/share', join(t.library, '..', '..', '..', '..', '..', '..', 'etc'), linkToEtc]) {
        expect({ system, code: await code(t.client.invoke('library.roots.add', { path: system })) }).toEqual({ system, code: 'PATH_NOT_ALLOWED' });
      }
      expect(await value(t.client.invoke('library.roots.list'))).toEqual([]);
    });

    it('library.roots.check refuses what adding would, adds nothing, and counts the archives of the resolved folder', async () => {
      for (const path of ['Comics', './Comics']) expect(await code(t.client.invoke('library.roots.check', { path }))).toBe('INVALID_INPUT');
      expect(await code(t.client.invoke('library.roots.check', { path: '/etc' }))).toBe('PATH_NOT_ALLOWED');
      expect(await code(t.client.invoke('library.roots.check', { path: join(t.dir.path, 'missing') }))).toBe('ROOT_NOT_FOUND');
      const link = join(t.dir.path, 'via-link');
      symlinkSync(t.library, link);
      expect(await value(t.client.invoke('library.roots.check', { path: link }))).toEqual({ path: t.library, archives: SAMPLE_FILES.length, complete: true });
      expect(await value(t.client.invoke('library.roots.list'))).toEqual([]);
      await value(t.client.invoke('library.roots.add', { path: t.library }));
      expect(await code(t.client.invoke('library.roots.check', { path: link }))).toBe('ROOT_EXISTS');
      expect(await code(t.client.invoke('library.roots.check', { path: join(t.library, 'Saga') }))).toBe('ROOT_EXISTS');
    });

    it('comicinfo.check answers with the parse error and its position, or null', async () => {
      expect(await value(t.client.invoke('comicinfo.check', { xml: '<ComicInfo><Series>S</Series></ComicInfo>' }))).toEqual({ problem: null });
      const { problem } = await value(t.client.invoke('comicinfo.check', { xml: '<ComicInfo>\n<Series>S</Serie>\n</ComicInfo>' }));
      expect(problem).toMatchObject({ code: 'COMICINFO_INVALID_XML', line: 2, column: expect.any(Number) });
    });

    it('the duplicates folder must be an absolute, existing folder, stored resolved', async () => {
      const before = await value(t.client.invoke('settings.get'));
      expect(await code(t.client.invoke('settings.update', { duplicatesFolder: 'reldups' }))).toBe('INVALID_INPUT');
      expect(await code(t.client.invoke('settings.update', { duplicatesFolder: '../dups' }))).toBe('INVALID_INPUT');
      expect(await code(t.client.invoke('settings.update', { duplicatesFolder: '/etc' }))).toBe('PATH_NOT_ALLOWED');
      expect(await code(t.client.invoke('settings.update', { duplicatesFolder: join(t.dir.path, 'missing') }))).toBe('ROOT_NOT_FOUND');
      writeFileSync(join(t.dir.path, 'a-file'), 'x');
      expect(await code(t.client.invoke('settings.update', { duplicatesFolder: join(t.dir.path, 'a-file') }))).toBe('NOT_A_DIRECTORY');
      expect((await value(t.client.invoke('settings.get'))).duplicatesFolder).toBe(before.duplicatesFolder);

      mkdirSync(join(t.dir.path, 'dups'));
      symlinkSync(join(t.dir.path, 'dups'), join(t.dir.path, 'dups-link'));
      const saved = await value(t.client.invoke('settings.update', { duplicatesFolder: join(t.dir.path, 'dups-link') }));
      expect(saved.duplicatesFolder).toBe(join(t.dir.path, 'dups'));
      expect(await value(t.client.invoke('settings.update', { duplicatesFolder: null }))).toMatchObject({ duplicatesFolder: null });
    });

    it('a folder swapped for a symlink out of the library: no job writes there, no read follows it', async () => {
      const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
      const outside = join(t.dir.path, 'outside');
      mkdirSync(outside);
      renameSync(join(t.library, 'Saga'), join(outside, 'Saga'));
      symlinkSync(join(outside, 'Saga'), join(t.library, 'Saga'));
      const snapshot = () => readdirSync(join(outside, 'Saga')).map((n) => [n, readFileSync(join(outside, 'Saga', n)).toString('base64')]);
      const before = snapshot();

      const job = await value(t.client.invoke('jobs.start', { kind: 'process', scope: { type: 'all', rootId: root.id } }));
      const final = await waitForJob(t.client, job.id);
      const sagaCount = SAMPLE_FILES.filter((f) => f.relPath.startsWith('Saga/')).length;
      expect(final.failed).toBe(sagaCount);
      const items = await value(t.client.invoke('jobs.items', { jobId: job.id, states: ['failed'], offset: 0, limit: 100 }));
      expect(items.items.map((i) => i.error?.code)).toEqual(Array(sagaCount).fill('PATH_OUTSIDE_ROOT'));
      expect(snapshot()).toEqual(before);

      const page = await value(t.client.invoke('library.query', { search: 'Saga', rootId: root.id }));
      const detail = await t.client.invoke('library.file.get', { fileId: page.files[0]!.id });
      expect(detail).toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_ROOT' } });
    });
  });
}
