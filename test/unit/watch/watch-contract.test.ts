import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RootWatchState } from '../../../src-shared/contract/watch.ts';
import { MIGRATIONS } from '../../../src-main/core/db/migrations.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { generateSampleLibrary } from '../../../src-main/core/demo/sample-library.ts';
import { startTestCore, tempDir, TRANSPORTS } from '../../helpers/core-harness.ts';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

// Over IPC too: the real adapter and preload, joined by the `electron` stand-in.
vi.mock('electron', () => import('../../helpers/electron-stand-in.ts'));

for (const transport of TRANSPORTS) {
  describe(`watcher commands and events over ${transport.name}`, () => {
    it('reports each folder’s live state and pushes it when the watch mode changes', async () => {
      const dir = tempDir('watch-contract');
      cleanup.push(() => dir.remove());
      const library = join(dir.path, 'Comics');
      await generateSampleLibrary(library);
      const core = await startTestCore(join(dir.path, 'data'));
      cleanup.push(() => core.close());
      const { client, close } = await transport.open(core);
      cleanup.push(close);

      const added = await client.invoke('library.roots.add', { path: library });
      if (!added.ok) throw new Error(added.error.message);
      expect(added.value).toMatchObject({ watchMode: 'auto', pollMinutes: 15 });
      expect(await client.invoke('library.watch.states')).toEqual({ ok: true, value: [] });

      await core.watch.start();
      const states = await client.invoke('library.watch.states');
      expect(states).toMatchObject({ ok: true, value: [{ rootId: added.value.id, state: 'watching', via: 'events', network: false, pending: 0, reason: null }] });

      const pushed: RootWatchState[] = [];
      const polling = new Promise<void>((resolve) =>
        client.on('watch.state', (state) => {
          pushed.push(state);
          if (state.state === 'polling') resolve();
        }),
      );
      const changed = await client.invoke('library.roots.watchMode', { rootId: added.value.id, watchMode: 'poll', pollMinutes: 30 });
      expect(changed).toMatchObject({ ok: true, value: { watchMode: 'poll', pollMinutes: 30 } });
      await polling;
      expect(pushed.at(-1)).toMatchObject({ rootId: added.value.id, state: 'polling', via: 'poll' });
      // Each push is newer than the last one.
      expect(pushed.map((s) => s.seq)).toEqual([...pushed.map((s) => s.seq)].sort((a, b) => a - b));

      const bad = await client.invoke('library.roots.watchMode', { rootId: added.value.id, watchMode: 'poll', pollMinutes: 0 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      const missing = await client.invoke('library.roots.watchMode', { rootId: 999, watchMode: 'events' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'ROOT_NOT_FOUND' } });
    });
  });
}

describe('settings migration (5)', () => {
  it('the old autoProcess boolean becomes a mode: true → process, false → off', async () => {
    for (const [stored, expected] of [['true', 'process'], ['false', 'off']] as const) {
      const dir = tempDir('watch-migrate');
      cleanup.push(() => dir.remove());
      const file = join(dir.path, 'data', 'longbox.db');
      const old = openDatabase(file, MIGRATIONS.filter((m) => m.version < 5));
      old.prepare("INSERT INTO settings (key, value) VALUES ('autoProcess', ?), ('watcher', 'false')").run(stored);
      old.close();
      const core = await startTestCore(join(dir.path, 'data'));
      expect(await core.client.invoke('settings.get')).toMatchObject({ ok: true, value: { autoProcess: expected, watcher: false, watchStableSeconds: 5 } });
      await core.close();
    }
  });
});
