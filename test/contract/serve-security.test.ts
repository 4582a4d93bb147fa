import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { handshakeProtocols, TOKEN_PROTOCOL_PREFIX } from '../../src-shared/contract/ws-handshake.ts';
import type { AppCore } from '../../src-main/core/app-core.ts';
import { startServe, type ServeHandle } from '../../src-main/server/serve-bridge.ts';
import { quietLogger, startTestCore, tempDir } from '../helpers/core-harness.ts';

interface Upgrade {
  protocols?: string[];
  headers?: Record<string, string>;
}

/** The handshake's status: 101 when the server accepted the WebSocket. */
function upgrade(url: string, { protocols = [], headers = {} }: Upgrade): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

/** A raw GET with any Host header (fetch will not forge one). */
function get(origin: string, path: string, host?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(path, origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('longbox serve security', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: AppCore;
  let serve: ServeHandle;
  let ws: string;
  let port: string;

  beforeAll(async () => {
    dir = tempDir('serve');
    const bundle = join(dir.path, 'bundle');
    mkdirSync(join(bundle, 'assets'), { recursive: true });
    writeFileSync(join(bundle, 'index.html'), '<!doctype html><title>Longbox</title>');
    writeFileSync(join(bundle, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir.path, 'secret.txt'), 'secret');
    core = await startTestCore(join(dir.path, 'data'));
    serve = await startServe({ core, logger: quietLogger, bundleDir: bundle });
    ws = `${serve.origin.replace('http', 'ws')}/ws`;
    port = new URL(serve.origin).port;
  });
  afterAll(async () => {
    await serve.close();
    await core.close();
    dir.remove();
  });

  it('binds to loopback and prints a URL carrying a long random token', () => {
    expect(serve.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.url).toBe(`${serve.origin}/?token=${serve.token}`);
    expect(serve.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the static bundle without the token, and no response carries it (no cookie)', async () => {
    for (const path of ['/', '/assets/app.js', `/?token=${serve.token}`, '/?token=wrong']) {
      const res = await get(serve.origin, path);
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).not.toContain(serve.token);
      expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('never serves files outside the bundle', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      expect((await get(serve.origin, path)).status).toBe(404);
    }
  });

  it('answers only to loopback names with its own port in the Host header', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect((await get(serve.origin, '/', host)).status).toBe(200);
    }
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, 'localhost']) {
      expect((await get(serve.origin, '/', host)).status).toBe(421);
    }
    const good = { protocols: handshakeProtocols(serve.token), headers: { Origin: `http://evil.example:${port}`, Host: `evil.example:${port}` } };
    expect(await upgrade(ws, good)).toBe(403);
  });

  it('accepts the WebSocket only with the exact token in the handshake and our own Origin', async () => {
    const origin = { Origin: serve.origin };
    expect(await upgrade(ws, { protocols: handshakeProtocols(serve.token), headers: origin })).toBe(101);
    const offers: Record<string, string[]> = {
      none: handshakeProtocols(null),
      empty: handshakeProtocols(''),
      emptyProtocol: ['longbox', TOKEN_PROTOCOL_PREFIX],
      wrong: handshakeProtocols(`${serve.token.slice(0, -1)}${serve.token.endsWith('A') ? 'B' : 'A'}`),
      prefix: handshakeProtocols(serve.token.slice(0, -1)),
      firstChar: handshakeProtocols(serve.token.slice(0, 1)),
      oneCharLonger: handshakeProtocols(`${serve.token}x`),
      twoTokens: [...handshakeProtocols('guess'), `${TOKEN_PROTOCOL_PREFIX}${serve.token}`],
    };
    for (const [name, protocols] of Object.entries(offers)) {
      expect({ name, status: await upgrade(ws, { protocols, headers: origin }) }).toEqual({ name, status: 403 });
    }
    // The old cookie is not a credential any more, whatever its value.
    expect(await upgrade(ws, { protocols: handshakeProtocols(null), headers: { ...origin, Cookie: `longbox_token=${serve.token}` } })).toBe(403);
    expect(await upgrade(ws, { protocols: handshakeProtocols(serve.token), headers: { Origin: 'http://evil.example' } })).toBe(403);
    expect(await upgrade(ws, { protocols: handshakeProtocols(serve.token) })).toBe(403);
    expect(await upgrade(`${serve.origin.replace('http', 'ws')}/other`, { protocols: handshakeProtocols(serve.token), headers: origin })).toBe(403);
  });

  it('answers every malformed request with an error envelope', async () => {
    const socket = new WebSocket(ws, handshakeProtocols(serve.token), { headers: { Origin: serve.origin } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    expect(socket.protocol).toBe('longbox');
    const replies: Array<{ t: string; id: number | null; result: { ok: boolean; error?: { code: string } } }> = [];
    socket.on('message', (data) => replies.push(JSON.parse(String(data))));
    const frames = ['not json', '{"t":"req"}', '{"t":"req","id":7,"name":42}', '[]', 'null', '{"t":"req","id":8,"name":"no.such.command","input":{}}'];
    for (const frame of frames) socket.send(frame);
    await expect.poll(() => replies.filter((r) => r.t === 'res').length).toBe(frames.length);
    const responses = replies.filter((r) => r.t === 'res');
    expect(responses.map((r) => r.result.ok)).toEqual(frames.map(() => false));
    expect(responses.map((r) => r.id).sort()).toEqual([7, 8, null, null, null, null].sort());
    expect(responses.find((r) => r.id === 7)?.result.error?.code).toBe('INVALID_INPUT');
    expect(responses.find((r) => r.id === 8)?.result.error?.code).toBe('UNKNOWN_COMMAND');
    socket.close();
  });

  it('with an explicit --host, any name with our port may reach the page; the token still guards the WebSocket', async () => {
    const open = await startServe({ core, logger: quietLogger, bundleDir: join(dir.path, 'bundle'), host: '0.0.0.0' });
    try {
      const openPort = new URL(open.origin).port;
      const local = `http://127.0.0.1:${openPort}`;
      expect((await get(local, '/', `nas.example:${openPort}`)).status).toBe(200);
      const wsUrl = `ws://127.0.0.1:${openPort}/ws`;
      const headers = { Origin: `http://nas.example:${openPort}`, Host: `nas.example:${openPort}` };
      expect(await upgrade(wsUrl, { protocols: handshakeProtocols(open.token), headers })).toBe(101);
      expect(await upgrade(wsUrl, { protocols: handshakeProtocols(`${open.token}x`), headers })).toBe(403);
    } finally {
      await open.close();
    }
  });
});
