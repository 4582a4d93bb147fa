import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../src-shared/contract/client.ts';
import type { LibraryFile } from '../../src-shared/contract/library.ts';
import { generateSampleLibrary } from '../../src-main/core/demo/sample-library.ts';
import { startTestCore, tempDir, TRANSPORTS, value, type TestCore } from '../helpers/core-harness.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

// Over IPC too: the real adapter and preload, joined by the `electron` stand-in.
vi.mock('electron', () => import('../helpers/electron-stand-in.ts'));

for (const transport of TRANSPORTS) {
  describe(`file details, settings preview and logs over ${transport.name}`, () => {
    let dir: ReturnType<typeof tempDir>;
    let core: TestCore;
    let client: ContractClient;
    let raw: { invoke(name: string, input: unknown): ReturnType<ContractClient['invoke']> };
    let close: () => Promise<void>;
    let library: string;
    let dataDir: string;

    const fileNamed = async (search: string): Promise<LibraryFile> =>
      (await value(client.invoke('library.query', { search }))).files[0]!;

    beforeEach(async () => {
      dir = tempDir('files');
      library = join(dir.path, 'Comics');
      dataDir = join(dir.path, 'data');
      await generateSampleLibrary(library);
      core = await startTestCore(dataDir);
      ({ client, close } = await transport.open(core));
      raw = client as unknown as typeof raw;
    });
    afterEach(async () => {
      await close();
      await core.close();
      dir.remove();
    });

    it('library.file.get returns the index row, the archive ComicInfo and the page count', async () => {
      await value(client.invoke('library.roots.add', { path: library }));
      const saga = await fileNamed('Saga #055');
      const details = await value(client.invoke('library.file.get', { fileId: saga.id }));
      expect(details.file).toEqual(saga);
      expect(details).toMatchObject({ pageCount: 2, format: 'cbz', comicInfo: { Series: 'Saga', Number: '55', Publisher: 'Image' } });
      const untagged = await fileNamed('Chapter 1001');
      expect(await value(client.invoke('library.file.get', { fileId: untagged.id }))).toMatchObject({ comicInfo: null, pageCount: 3 });
    });

    it('library.file.cover returns the first page as base64', async () => {
      await value(client.invoke('library.roots.add', { path: library }));
      const cover = await value(client.invoke('library.file.cover', { fileId: (await fileNamed('Saga #055')).id }));
      expect(cover?.mime).toBe('image/png');
      expect(Buffer.from(cover!.dataBase64, 'base64').subarray(0, 4)).toEqual(PNG_SIGNATURE);
    });

    it('refuses unknown file ids with NOT_FOUND and malformed input with INVALID_INPUT', async () => {
      await value(client.invoke('library.roots.add', { path: library }));
      for (const name of ['library.file.get', 'library.file.cover'] as const) {
        expect(await client.invoke(name, { fileId: 987654 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        expect(await raw.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
        expect(await raw.invoke(name, { fileId: '1' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
        // A path is never accepted: files are named by id only.
        expect(await raw.invoke(name, { fileId: 1, path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
      expect(await client.invoke('settings.preview', { settings: {}, fileId: 987654 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await raw.invoke('settings.preview', { settings: { numberPadding: 11 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('settings.preview', { settings: { bogus: 1 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('logs.tail', { lines: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('logs.tail', { lines: 2001 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });

    it('refuses a file whose path leads out of its library folder', async () => {
      const outside = join(dir.path, 'outside.cbz');
      writeFileSync(outside, 'not a comic');
      await value(client.invoke('library.roots.add', { path: library }));
      const saga = await fileNamed('Saga #055');
      // The index row now points at a symlink to a file outside the root.
      mkdirSync(join(library, 'Links'));
      symlinkSync(outside, join(library, 'Links', 'escape.cbz'));
      core.sqlite.prepare("UPDATE files SET rel_path = 'Links/escape.cbz' WHERE id = ?").run(saga.id);
      expect(await client.invoke('library.file.get', { fileId: saga.id })).toMatchObject({ ok: false, error: { code: 'PATH_OUTSIDE_ROOT' } });
    });

    it('settings.preview shows what Process would name a file with unsaved settings', async () => {
      await value(client.invoke('library.roots.add', { path: library }));
      const saga = await fileNamed('Saga #055');
      const preview = await value(
        client.invoke('settings.preview', { settings: { fileNameTemplate: '{series} #{number:3}< ({year})>', titleTemplate: 'Issue {number}' }, fileId: saga.id }),
      );
      expect(preview).toEqual({ valid: true, file: { id: saga.id, name: saga.name }, fileName: 'Saga #055 (2018).cbz', title: 'Issue 55' });
      // Nothing was saved.
      expect((await value(client.invoke('settings.get'))).fileNameTemplate).toBe('{series} - Chapter {number}');

      const invalid = await value(client.invoke('settings.preview', { settings: { fileNameTemplate: '{series} {nope}' }, fileId: saga.id }));
      expect(invalid).toMatchObject({ valid: false, fileName: null, error: { code: 'NAME_INVALID' } });
      const noNumber = await value(client.invoke('settings.preview', { settings: { fileNameTemplate: '{series}' } }));
      expect(noNumber).toMatchObject({ valid: false, error: { code: 'NAME_INVALID', message: expect.stringContaining('{number}') } });
      const titleUsesTitle = await value(client.invoke('settings.preview', { settings: { titleTemplate: '{title}' } }));
      expect(titleUsesTitle).toMatchObject({ valid: false, error: { code: 'NAME_INVALID' } });

      // Without a file id the first file is previewed.
      expect((await value(client.invoke('settings.preview', { settings: {} }))).file).not.toBeNull();
    });

    it('settings.preview on an empty library only checks the templates', async () => {
      expect(await value(client.invoke('settings.preview', { settings: {} }))).toEqual({ valid: true, file: null, fileName: null, title: null });
    });

    it('settings.update changes only the keys it is given', async () => {
      await value(client.invoke('settings.update', { fileNameTemplate: '{series} #{number}', theme: 'dark' }));
      const updated = await value(client.invoke('settings.update', { numberPadding: 2 }));
      expect(updated).toMatchObject({ fileNameTemplate: '{series} #{number}', theme: 'dark', numberPadding: 2 });
      expect(await value(client.invoke('settings.get'))).toEqual(updated);
    });

    it('logs.tail reads the last lines of the newest log file', async () => {
      expect(await value(client.invoke('logs.tail', {}))).toEqual({ file: null, lines: [] });
      const logs = join(dataDir, 'logs');
      mkdirSync(logs, { recursive: true });
      const record = (i: number, level: number, msg: string, extra = {}) => JSON.stringify({ level, time: 1_700_000_000_000 + i, pid: 1, msg, ...extra });
      writeFileSync(join(logs, 'longbox.2.log'), `${record(0, 30, 'old file')}\n`);
      const lines = Array.from({ length: 3000 }, (_, i) => record(i, 30, `line ${i}`));
      lines.push(record(3000, 50, 'command failed', { err: { message: 'boom' } }), 'not json');
      writeFileSync(join(logs, 'longbox.10.log'), `${lines.join('\n')}\n`);

      const tail = await value(client.invoke('logs.tail', { lines: 3 }));
      expect(tail).toEqual({
        file: 'longbox.10.log',
        lines: [
          { time: 1_700_000_002_999, level: 'info', message: 'line 2999' },
          { time: 1_700_000_003_000, level: 'error', message: 'command failed: boom' },
          { time: null, level: '', message: 'not json' },
        ],
      });
      const max = await value(client.invoke('logs.tail', { lines: 2000 }));
      expect(max.lines).toHaveLength(2000);
      // 3002 lines were written (3000 + the error + the non-JSON one).
      expect(max.lines[0]!.message).toBe('line 1002');
    });

    it('an edit job started for one file changes its ComicInfo, and library.file.get shows it', async () => {
      await value(client.invoke('library.roots.add', { path: library }));
      const saga = await fileNamed('Saga #055');
      const job = await value(client.invoke('jobs.start', { kind: 'edit', fileIds: [saga.id], patch: { Series: 'Saga (2012)', Publisher: null } }));
      await expect
        .poll(async () => (await value(client.invoke('jobs.get', { jobId: job.id }))).state, { timeout: 20_000 })
        .toBe('completed');
      const details = await value(client.invoke('library.file.get', { fileId: saga.id }));
      expect(details.comicInfo).toMatchObject({ Series: 'Saga (2012)', Number: '55' });
      expect(details.comicInfo).not.toHaveProperty('Publisher');
      expect(details.file.series).toBe('Saga (2012)');
    });
  });
}
