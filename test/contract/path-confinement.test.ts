/**
 * Path confinement (docs/security.md): a window can add only absolute, non-system folders,
 * set only an absolute, existing duplicates folder, and no job follows a symlink out of its
 * library. Each escape is tried over every transport and fails.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractClient } from '../../src-shared/contract/client.ts';
import type { AppCore } from '../../src-main/core/app-core.ts';
import { generateSampleLibrary, SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';
import { startTestCore, tempDir, TRANSPORTS } from '../helpers/core-harness.ts';

async function value<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function code(promise: Promise<{ ok: boolean; error?: { code: string; message: string } }>): Promise<string> {
  const result = await promise;
  return result.ok ? 'OK' : result.error!.code;
}

for (const transport of TRANSPORTS) {
  describe(`path confinement over ${transport.name}`, () => {
    let dir: ReturnType<typeof tempDir>;
    let core: AppCore;
    let client: ContractClient;
    let close: () => Promise<void>;
    let library: string;

    beforeEach(async () => {
      dir = tempDir('confine');
      library = join(dir.path, 'Comics');
      await generateSampleLibrary(library);
      core = await startTestCore(join(dir.path, 'data'));
      ({ client, close } = await transport.open(core));
    });
    afterEach(async () => {
      await close();
      await core.close();
      dir.remove();
    });

    it('library folders: relative paths are refused with a clear message, system folders are refused', async () => {
      for (const relative of ['Comics', '.', '../Comics', './Comics']) {
        const result = await client.invoke('library.roots.add', { path: relative });
        expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
        expect(result.ok ? '' : result.error.message).toMatch(/absolute path/);
      }
      const linkToEtc = join(dir.path, 'innocent');
      symlinkSync('/etc', linkToEtc);
      for (const system of ['/', '/etc', '/usr/share', join(library, '..', '..', '..', '..', '..', '..', 'etc'), linkToEtc]) {
        expect({ system, code: await code(client.invoke('library.roots.add', { path: system })) }).toEqual({ system, code: 'PATH_NOT_ALLOWED' });
      }
      expect(await value(client.invoke('library.roots.list'))).toEqual([]);
    });

    it('the duplicates folder must be an absolute, existing folder, stored resolved', async () => {
      const before = await value(client.invoke('settings.get'));
      expect(await code(client.invoke('settings.update', { duplicatesFolder: 'reldups' }))).toBe('INVALID_INPUT');
      expect(await code(client.invoke('settings.update', { duplicatesFolder: '../dups' }))).toBe('INVALID_INPUT');
      expect(await code(client.invoke('settings.update', { duplicatesFolder: '/etc' }))).toBe('PATH_NOT_ALLOWED');
      expect(await code(client.invoke('settings.update', { duplicatesFolder: join(dir.path, 'missing') }))).toBe('ROOT_NOT_FOUND');
      writeFileSync(join(dir.path, 'a-file'), 'x');
      expect(await code(client.invoke('settings.update', { duplicatesFolder: join(dir.path, 'a-file') }))).toBe('NOT_A_DIRECTORY');
      expect((await value(client.invoke('settings.get'))).duplicatesFolder).toBe(before.duplicatesFolder);

      mkdirSync(join(dir.path, 'dups'));
      symlinkSync(join(dir.path, 'dups'), join(dir.path, 'dups-link'));
      const saved = await value(client.invoke('settings.update', { duplicatesFolder: join(dir.path, 'dups-link') }));
      expect(saved.duplicatesFolder).toBe(join(dir.path, 'dups'));
      expect(await value(client.invoke('settings.update', { duplicatesFolder: null }))).toMatchObject({ duplicatesFolder: null });
    });

    it('a folder swapped for a symlink out of the library: no job writes there, no read follows it', async () => {
      const root = await value(client.invoke('library.roots.add', { path: library }));
      const outside = join(dir.path, 'outside');
      mkdirSync(outside);
      renameSync(join(library, 'Saga'), join(outside, 'Saga'));
      symlinkSync(join(outside, 'Saga'), join(library, 'Saga'));
      const snapshot = () => readdirSync(join(outside, 'Saga')).map((n) => [n, readFileSync(join(outside, 'Saga', n)).toString('base64')]);
      const before = snapshot();

      const job = await value(client.invoke('jobs.start', { kind: 'process', scope: { type: 'all', rootId: root.id } }));
      const final = await core.jobs.waitFor(job.id);
      const sagaCount = SAMPLE_FILES.filter((f) => f.relPath.startsWith('Saga/')).length;
      expect(final.failed).toBe(sagaCount);
      const items = await value(client.invoke('jobs.items', { jobId: job.id, states: ['failed'], offset: 0, limit: 100 }));
      expect(items.items.map((i) => i.error?.code)).toEqual(Array(sagaCount).fill('PATH_OUTSIDE_ROOT'));
      expect(snapshot()).toEqual(before);

      const page = await value(client.invoke('library.query', { search: 'Saga', rootId: root.id }));
      const detail = await client.invoke('library.file.get', { fileId: page.files[0]!.id });
      expect(detail).toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_ROOT' } });
    });
  });
}
