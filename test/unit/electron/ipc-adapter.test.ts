import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quietLogger, startTestCore, tempDir, type TestCore } from '../../helpers/core-harness.ts';

// The `electron` module is the process edge: a stand-in records what the adapter registers
// and lets the test play the part of renderer frames, trusted and foreign.
const stand = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  sent: [] as Array<{ url: string; channel: string; args: unknown[] }>,
  contents: [] as Array<{ url: string }>,
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => stand.handlers.set(channel, fn),
    removeHandler: (channel: string) => stand.handlers.delete(channel),
  },
  webContents: {
    getAllWebContents: () =>
      stand.contents.map((c) => ({
        isDestroyed: () => false,
        getURL: () => c.url,
        send: (channel: string, ...args: unknown[]) => stand.sent.push({ url: c.url, channel, args }),
      })),
  },
  net: {},
  protocol: {},
}));

const { registerIpc } = await import('../../../src-main/electron/ipc-adapter.ts');
const { IPC_COMMAND_PREFIX: INVOKE_PREFIX, IPC_EVENT_CHANNEL: EVENT_CHANNEL } = await import('../../../src-shared/contract/wire.ts');
const { COMMANDS } = await import('../../../src-shared/contract/commands.ts');

function frameEvent(url: string, { mainFrame = true } = {}) {
  const frame = { url };
  return { senderFrame: frame, sender: { mainFrame: mainFrame ? frame : { url } } };
}

describe('Electron IPC adapter', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: TestCore;
  let unregister: () => void;

  beforeEach(async () => {
    dir = tempDir('ipc');
    core = await startTestCore(join(dir.path, 'data'));
    stand.handlers.clear();
    stand.sent.length = 0;
    unregister = registerIpc(core, quietLogger);
  });
  afterEach(async () => {
    unregister();
    await core.close();
    dir.remove();
  });

  const call = (name: string, event: unknown, input: unknown) => stand.handlers.get(INVOKE_PREFIX + name)!(event, input);

  it('registers a handler for every contract command', () => {
    expect([...stand.handlers.keys()].sort()).toEqual(Object.keys(COMMANDS).map((n) => INVOKE_PREFIX + n).sort());
  });

  it('answers our own top frame', async () => {
    expect(await call('app.info', frameEvent('app://longbox/index.html'), {})).toMatchObject({ ok: true, value: { name: 'Longbox' } });
  });

  it('refuses a foreign sender: other origin, file://, sub-frame, or no frame', async () => {
    for (const event of [
      frameEvent('https://evil.example/'),
      frameEvent('file:///tmp/index.html'),
      frameEvent('app://longbox.evil/index.html'),
      frameEvent('app://longbox/index.html', { mainFrame: false }),
      { senderFrame: null, sender: { mainFrame: null } },
    ]) {
      expect(await call('library.roots.list', event, {})).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) },
      });
    }
  });

  it('refuses malformed input before any handler runs', async () => {
    const event = frameEvent('app://longbox/index.html');
    expect(await call('library.roots.add', event, { path: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('library.query', event, { limit: 1_000_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('library.roots.list', event, 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(core.sqlite.prepare('SELECT COUNT(*) AS n FROM roots').get()).toEqual({ n: 0 });
  });

  it('broadcasts core events to our windows only', async () => {
    stand.contents.splice(0, stand.contents.length, { url: 'app://longbox/index.html' }, { url: 'https://elsewhere.example/' });
    await call('settings.update', frameEvent('app://longbox/index.html'), {});
    const library = join(dir.path, 'lib');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(library);
    await call('library.roots.add', frameEvent('app://longbox/index.html'), { path: library });
    expect(stand.sent.length).toBeGreaterThan(0);
    expect(stand.sent.every((s) => s.url.startsWith('app://longbox/') && s.channel === EVENT_CHANNEL)).toBe(true);
    expect(stand.sent[0]!.args[0]).toBe('library.changed');
  });

  it('unregisters every handler', () => {
    unregister();
    expect(stand.handlers.size).toBe(0);
    unregister = () => {};
  });
});
