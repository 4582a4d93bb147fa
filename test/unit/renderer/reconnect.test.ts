import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src-main/core/app-core.ts';
import { startServe, type ServeHandle } from '../../../src-main/server/serve-bridge.ts';
import { cacheControlFor } from '../../../src-main/server/static-files.ts';
import { loadServeToken, TOKEN_FILE } from '../../../src-main/server/serve-token.ts';
import { createContractClient } from '../../../src-shared/contract/typed-client.ts';
import { handshakeProtocols } from '../../../src-shared/contract/ws-handshake.ts';
import { createWsBridge, type SocketLike } from '../../../src-renderer/transport/ws-bridge.ts';
import { quietLogger, startTestCore, tempDir } from '../../helpers/core-harness.ts';

describe('a window across a `serve` restart', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: AppCore;
  beforeEach(async () => {
    dir = tempDir('reconnect');
    core = await startTestCore(join(dir.path, 'data'));
  });
  afterEach(async () => {
    await core.close();
    dir.remove();
  });

  it('keeps the token in the data folder (owner-only) and replaces it only when asked', async () => {
    const dataDir = join(dir.path, 'data');
    const token = await loadServeToken(dataDir);
    expect(await loadServeToken(dataDir)).toBe(token);
    expect(readFileSync(join(dataDir, TOKEN_FILE), 'utf8').trim()).toBe(token);
    if (process.platform !== 'win32') expect(statSync(join(dataDir, TOKEN_FILE)).mode & 0o777).toBe(0o600);
    const rotated = await loadServeToken(dataDir, { rotate: true });
    expect(rotated).not.toBe(token);
    expect(await loadServeToken(dataDir)).toBe(rotated);
  });

  it('reports the drop, reconnects by itself to the restarted server with the same token, and resubscribes', async () => {
    const dataDir = join(dir.path, 'data');
    const serveOnce = async (port: number): Promise<ServeHandle> =>
      startServe({ core, logger: quietLogger, bundleDir: dir.path, port, token: await loadServeToken(dataDir) });
    let serve = await serveOnce(0);
    const port = Number(new URL(serve.origin).port);
    // The tab's token (sessionStorage in a browser) is offered again on every reconnect.
    const protocols = handshakeProtocols(serve.token);
    const bridge = createWsBridge(
      () => new WebSocket(`ws://127.0.0.1:${port}/ws`, protocols, { headers: { Origin: serve.origin } }) as unknown as SocketLike,
    );
    const client = createContractClient(bridge, { validate: true });
    const statuses: string[] = [];
    let reconnects = 0;
    bridge.onStatus((s) => statuses.push(s));
    bridge.onReconnect(() => reconnects++);
    const changes: number[] = [];
    client.on('library.changed', (e) => changes.push(e.seq));
    expect((await client.invoke('library.roots.list')).ok).toBe(true);

    await serve.close();
    await expect.poll(() => statuses).toEqual(['reconnecting']);
    serve = await serveOnce(port);
    await expect.poll(() => statuses).toEqual(['reconnecting', 'connected']);
    expect(reconnects).toBe(1);
    // The same listener gets events from the new connection: the subscription was renewed.
    const roots = await client.invoke('library.roots.add', { path: dir.path });
    expect(roots.ok).toBe(true);
    await expect.poll(() => changes.length).toBeGreaterThan(0);
    bridge.close();
    await serve.close();
  });
});

describe('static cache headers', () => {
  it('caches content-hashed assets for good and revalidates everything else', () => {
    expect(cacheControlFor('assets/index-BgnoDY1r.js')).toContain('immutable');
    expect(cacheControlFor('assets/index-YKlg2r4C.css')).toContain('max-age=31536000');
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('favicon.png')).toBe('no-cache');
  });
});
