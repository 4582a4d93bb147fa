import { renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ContractClient } from '../../src-shared/contract/client.ts';
import type { EventPayload } from '../../src-shared/contract/events.ts';
import { buildCbz, generateSampleLibrary, SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';
import { buildRar } from '../helpers/archives.ts';
import { TRANSPORTS, useContractFixture, value } from '../helpers/core-harness.ts';

// Over IPC too: the real adapter and preload, joined by the `electron` stand-in.
vi.mock('electron', () => import('../helpers/electron-stand-in.ts'));

for (const transport of TRANSPORTS) {
  describe(`contract over ${transport.name}`, () => {
    const t = useContractFixture(transport, 'contract');

    it('answers app.info', async () => {
      const info = await value(t.client.invoke('app.info'));
      expect(info).toMatchObject({ name: 'Longbox', mode: 'test', nativeFolderPicker: false });
    });

    it('adds a library folder, scanning it fully, and lists its files', async () => {
      const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
      expect(root.fileCount).toBe(SAMPLE_FILES.length);
      expect(await value(t.client.invoke('library.roots.list'))).toEqual([root]);
      const page = await value(t.client.invoke('library.query', { limit: 1000 }));
      expect(page.total).toBe(SAMPLE_FILES.length);
      expect(page.files.map((f) => f.relPath).sort()).toEqual(SAMPLE_FILES.map((f) => f.relPath).sort());
      expect(page.files.every((f) => f.status === 'unprocessed')).toBe(true);
      const tagged = page.files.find((f) => f.relPath === 'Saga/Saga #055 (2018).cbz')!;
      expect(tagged).toMatchObject({ series: 'Saga', number: '55', year: 2018, publisher: 'Image', pageCount: 2 });
      const parsed = page.files.find((f) => f.relPath === 'Chainsaw Man/Chainsaw Man v01 c002.CBZ')!;
      expect(parsed).toMatchObject({ number: '2', volume: '1', pageCount: 2 });
    });

    it('refuses duplicate, missing and non-folder roots with their codes', async () => {
      await value(t.client.invoke('library.roots.add', { path: t.library }));
      const again = await t.client.invoke('library.roots.add', { path: t.library });
      expect(again).toMatchObject({ ok: false, error: { code: 'ROOT_EXISTS' } });
      const nested = await t.client.invoke('library.roots.add', { path: join(t.library, 'Saga') });
      expect(nested).toMatchObject({ ok: false, error: { code: 'ROOT_EXISTS' } });
      const missing = await t.client.invoke('library.roots.add', { path: join(t.dir.path, 'nope') });
      expect(missing).toMatchObject({ ok: false, error: { code: 'ROOT_NOT_FOUND' } });
      const file = await t.client.invoke('library.roots.add', { path: join(t.library, SAMPLE_FILES[0]!.relPath) });
      expect(file).toMatchObject({ ok: false, error: { code: 'NOT_A_DIRECTORY' } });
    });

    it('validates every input in main and refuses unknown commands', async () => {
      const raw = t.client as unknown as { invoke(name: string, input: unknown): ReturnType<ContractClient['invoke']> };
      expect(await raw.invoke('library.query', { limit: 'all' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('library.query', { limit: 5, extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('library.roots.add', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(await raw.invoke('library.nuke', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
      expect(await raw.invoke('settings.update', { numberPadding: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });

    it('filters, searches (case-insensitive, wildcards literal), sorts naturally and pages', async () => {
      await value(t.client.invoke('library.roots.add', { path: t.library }));
      const search = await value(t.client.invoke('library.query', { search: 'CHAINSAW' }));
      expect(search.total).toBe(3);
      expect((await value(t.client.invoke('library.query', { search: '%' }))).total).toBe(0);
      // 3+ characters go through the trigram index: substrings, any script, quotes literal.
      expect((await value(t.client.invoke('library.query', { search: '레벨업' }))).total).toBe(2);
      expect((await value(t.client.invoke('library.query', { search: 'year one' }))).total).toBe(3);
      expect((await value(t.client.invoke('library.query', { search: 'Saga #05' }))).total).toBe(2);
      expect((await value(t.client.invoke('library.query', { search: '"Saga" OR x*' }))).total).toBe(0);
      expect((await value(t.client.invoke('library.query', { search: '_' }))).total).toBe(0);
      const bySeries = await value(t.client.invoke('library.query', { search: 'one piece', sort: 'series' }));
      expect(bySeries.files.map((f) => f.number)).toEqual(['1001', '1002', '1003.5']);
      const desc = await value(t.client.invoke('library.query', { search: 'one piece', sort: 'series', direction: 'desc' }));
      expect(desc.files.map((f) => f.number)).toEqual(['1003.5', '1002', '1001']);
      const first = await value(t.client.invoke('library.query', { limit: 5, offset: 0 }));
      const second = await value(t.client.invoke('library.query', { limit: 5, offset: 5 }));
      expect(first.files).toHaveLength(5);
      expect(new Set([...first.files, ...second.files].map((f) => f.id)).size).toBe(10);
      expect((await value(t.client.invoke('library.query', { filter: 'processed' }))).total).toBe(0);
      expect(await value(t.client.invoke('library.counts'))).toEqual({
        all: SAMPLE_FILES.length, unprocessed: SAMPLE_FILES.length, processed: 0, duplicate: 0, error: 0, lowerBounds: [],
      });
    });

    it('sorts names in natural order', async () => {
      const natural = join(t.dir.path, 'Natural');
      for (const n of ['10', '9', '1', '100', '2']) writeFileSync(join(t.dir.path, `x${n}`), '');
      await generateSampleLibrary(natural, ['Ch 10', 'Ch 9', 'ch 1', 'Ch 100', 'Ch 2'].map((n) => ({ relPath: `${n}.cbz`, pages: 1 })));
      await value(t.client.invoke('library.roots.add', { path: natural }));
      const page = await value(t.client.invoke('library.query', { sort: 'name' }));
      expect(page.files.map((f) => f.name)).toEqual(['ch 1.cbz', 'Ch 2.cbz', 'Ch 9.cbz', 'Ch 10.cbz', 'Ch 100.cbz']);
    });

    it('rescans incrementally: added, changed, removed, moved (status follows the move)', async () => {
      const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
      const events: Array<EventPayload<'library.changed'>> = [];
      const off = t.client.on('library.changed', (e) => events.push(e));
      const unchanged = await value(t.client.invoke('library.scan', { rootId: root.id }));
      expect(unchanged).toMatchObject({ files: SAMPLE_FILES.length, added: 0, changed: 0, removed: 0 });

      writeFileSync(join(t.library, 'Saga', 'Saga #056.cbz'), await buildCbz({ pages: 1 }));
      const changedFile = join(t.library, SAMPLE_FILES[0]!.relPath);
      writeFileSync(changedFile, await buildCbz({ pages: 4 }));
      utimesSync(changedFile, new Date(), new Date(Date.now() + 5000));
      rmSync(join(t.library, SAMPLE_FILES[1]!.relPath));
      t.core.sqlite.prepare("UPDATE files SET status = 'processed' WHERE rel_path = ?").run(SAMPLE_FILES[2]!.relPath);
      renameSync(join(t.library, SAMPLE_FILES[2]!.relPath), join(t.library, 'One Piece', 'moved.cbz'));

      const result = await value(t.client.invoke('library.scan', { rootId: root.id }));
      expect(result).toMatchObject({ files: SAMPLE_FILES.length, added: 1, changed: 2, removed: 1, offlineRoots: [] });
      const moved = (await value(t.client.invoke('library.query', { search: 'moved' }))).files[0]!;
      expect(moved).toMatchObject({ relPath: 'One Piece/moved.cbz', status: 'processed' });
      const rewritten = (await value(t.client.invoke('library.query', { search: 'Chapter 1001' }))).files[0]!;
      expect(rewritten.pageCount).toBe(4);

      await expect.poll(() => events.length).toBeGreaterThanOrEqual(2);
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
      expect(events.at(-1)!.counts.all).toBe(SAMPLE_FILES.length);
      off();
    });

    it('keeps every file of an offline root and reports it', async () => {
      const root = await value(t.client.invoke('library.roots.add', { path: t.library }));
      renameSync(t.library, `${t.library}-unmounted`);
      const result = await value(t.client.invoke('library.scan', { rootId: root.id }));
      expect(result.offlineRoots).toEqual([root.path]);
      expect(result.removed).toBe(0);
      expect((await value(t.client.invoke('library.counts'))).all).toBe(SAMPLE_FILES.length);
      expect((await value(t.client.invoke('library.roots.list')))[0]!.online).toBe(false);
      renameSync(`${t.library}-unmounted`, t.library);
      await value(t.client.invoke('library.scan', { rootId: root.id }));
      expect((await value(t.client.invoke('library.roots.list')))[0]!.online).toBe(true);
    });

    it('indexes a CBR (decoded on the worker pool) with its pages and ComicInfo', async () => {
      const xml = '<?xml version="1.0"?><ComicInfo><Series>Rar Series</Series><Number>4</Number></ComicInfo>';
      writeFileSync(
        join(t.library, 'Saga', 'Saga #004.cbr'),
        buildRar([
          { name: '001.png', data: Buffer.from('page one') },
          { name: '002.png', data: Buffer.from('page two') },
          { name: 'ComicInfo.xml', data: xml },
        ]),
      );
      await value(t.client.invoke('library.roots.add', { path: t.library }));
      const cbr = (await value(t.client.invoke('library.query', { search: 'Saga #004' }))).files[0]!;
      expect(cbr).toMatchObject({ series: 'Rar Series', number: '4', pageCount: 2, status: 'unprocessed' });
    });

    it('records an unreadable archive as an error without failing the scan', async () => {
      writeFileSync(join(t.library, 'Saga', 'Saga #099 broken.cbz'), 'this is not a zip file at all');
      await value(t.client.invoke('library.roots.add', { path: t.library }));
      const errors = await value(t.client.invoke('library.query', { filter: 'error' }));
      expect(errors.files).toHaveLength(1);
      expect(errors.files[0]!.error).toBeTruthy();
    });

    it('persists settings', async () => {
      const updated = await value(t.client.invoke('settings.update', { numberPadding: 3, fileNameTemplate: '{series} #{number}' }));
      expect(updated).toMatchObject({ numberPadding: 3, fileNameTemplate: '{series} #{number}', titleMode: 'always' });
      expect(await value(t.client.invoke('settings.get'))).toEqual(updated);
    });
  });
}
