import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppCore } from '../../src-main/core/app-core.ts';
import { startServe, type ServeHandle } from '../../src-main/server/serve-bridge.ts';
import { quietLogger, startTestCore, tempDir } from '../helpers/core-harness.ts';

function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('longbox serve security', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: AppCore;
  let serve: ServeHandle;

  beforeAll(async () => {
    dir = tempDir('serve');
    const bundle = join(dir.path, 'bundle');
    mkdirSync(join(bundle, 'assets'), { recursive: true });
    writeFileSync(join(bundle, 'index.html'), '<!doctype html><title>Longbox</title>');
    writeFileSync(join(bundle, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir.path, 'secret.txt'), 'secret');
    core = await startTestCore(join(dir.path, 'data'));
    serve = await startServe({ core, logger: quietLogger, bundleDir: bundle });
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

  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await fetch(`${serve.origin}/`)).status).toBe(401);
    expect((await fetch(`${serve.origin}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${serve.origin}/?token=${serve.token.slice(1)}x`)).status).toBe(401);
  });

  it('serves the bundle with the token, sets the session cookie and a strict CSP', async () => {
    const res = await fetch(serve.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Longbox</title>');
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${serve.origin}/assets/app.js`, { headers: { cookie: `longbox_token=${serve.token}` } });
    expect(asset.status).toBe(200);
  });

  it('never serves files outside the bundle', async () => {
    const cookie = { cookie: `longbox_token=${serve.token}` };
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${serve.origin}${path}`, { headers: cookie });
      expect(res.status).toBe(404);
    }
  });

  it('accepts the WebSocket only with the token and our own Origin', async () => {
    const ws = `${serve.origin.replace('http', 'ws')}/ws`;
    const cookie = `longbox_token=${serve.token}`;
    expect(await upgrade(ws, { Origin: serve.origin, Cookie: cookie })).toBe(101);
    expect(await upgrade(ws, { Origin: serve.origin })).toBe(403);
    expect(await upgrade(ws, { Origin: 'http://evil.example', Cookie: cookie })).toBe(403);
    expect(await upgrade(ws, { Cookie: cookie })).toBe(403);
  });
});
