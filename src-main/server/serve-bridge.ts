import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy.ts';
import type { AppCore } from '../core/app-core.ts';
import type { Logger } from '../core/ports.ts';
import { WS_PROTOCOL } from '../../src-shared/contract/ws-handshake.ts';
import { hostAllowed, isLoopbackAddress, offeredToken, tokenMatches } from './serve-auth.ts';
import { readStatic } from './static-files.ts';
import type { CommandOutput } from '../../src-shared/contract/commands.ts';
import { ClientMessageSchema, type ServerMessage } from '../../src-shared/contract/ws-frames.ts';

export interface ServeOptions {
  core: AppCore;
  logger: Logger;
  bundleDir: string;
  host?: string;
  port?: number;
  /** The token the CLI keeps in the data folder (serve-token.ts); random (32 bytes) when absent. */
  token?: string;
}

export interface ServeHandle {
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/**
 * `longbox serve`: the production renderer bundle and the contract over WebSocket.
 * Loopback by default. Static files carry no secrets and need no token; the WebSocket needs the
 * token in its handshake (serve-auth.ts) and our own Origin; every request needs a Host that
 * names this server (docs/security.md).
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const host = options.host ?? '127.0.0.1';
  const loopbackOnly = isLoopbackAddress(host);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const { core, logger } = options;
  let origin = '';
  let port = 0;

  const server = createServer(async (req, res) => {
    try {
      if (!hostAllowed(req.headers.host, port, loopbackOnly)) return refuse(res, 421, 'Unknown host');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
      const url = new URL(req.url ?? '/', origin);
      const file = await readStatic(options.bundleDir, url.pathname);
      if (!file) return refuse(res, 404, 'Not found');
      res.writeHead(200, {
        'Content-Type': file.type,
        'Cache-Control': file.cacheControl,
        'X-Content-Type-Options': 'nosniff',
        // The page's own URL carries the token until the page strips it: never pass it on.
        'Referrer-Policy': 'no-referrer',
        'X-Frame-Options': 'DENY',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    } catch (error) {
      logger.error({ err: error }, 'serve: request failed');
      refuse(res, 500, 'Internal error');
    }
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    // Select the plain protocol name, never echo the token back.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const requestOrigin = `http://${req.headers.host ?? ''}`;
    const allowed =
      url.pathname === '/ws' &&
      hostAllowed(req.headers.host, port, loopbackOnly) &&
      // Browsers always send Origin on WebSocket upgrades; a foreign page must not drive the core.
      req.headers.origin === requestOrigin &&
      tokenMatches(offeredToken(req), token);
    if (!allowed) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, core, logger));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  origin = `http://${urlHost}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function attachClient(ws: WebSocket, core: AppCore, logger: Logger): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = core.subscribe((name, payload) => send({ t: 'evt', name, payload }));
  // The running jobs' snapshots go out first, unasked: a reloaded page shows its progress bars
  // one round trip sooner than its own `jobs.active` would bring them (docs/ui.md "Reload").
  void core.dispatch('jobs.active', {}).then((result) => {
    if (!result.ok) return;
    for (const job of (result.value as CommandOutput<'jobs.active'>).active) send({ t: 'evt', name: 'job.updated', payload: job });
  });
  ws.on('message', async (data) => {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      json = undefined;
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      // Answered, not dropped: a client waiting on its id must not wait forever.
      logger.warn('serve: malformed WebSocket message');
      const id = (json as { id?: unknown } | undefined)?.id;
      const message = json === undefined ? 'The message is not JSON' : `Malformed request: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
      send({ t: 'res', id: typeof id === 'number' && Number.isInteger(id) ? id : null, result: { ok: false, error: { code: 'INVALID_INPUT', message } } });
      return;
    }
    const { id, name, input } = parsed.data;
    send({ t: 'res', id, result: await core.dispatch(name, input) });
  });
  ws.on('close', unsubscribe);
  ws.on('error', (error) => logger.warn({ err: error }, 'serve: WebSocket error'));
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message);
}
