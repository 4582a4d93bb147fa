import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy.ts';
import type { AppCore } from '../core/app-core.ts';
import type { Logger } from '../core/ports.ts';
import { readStatic } from './static-files.ts';
import { ClientMessageSchema, type ServerMessage } from './ws-protocol.ts';

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

const COOKIE = 'longbox_token';

/**
 * `longbox serve`: the production renderer bundle and the contract over WebSocket.
 * Loopback by default; every HTTP request and the WebSocket upgrade need the token (first via
 * `?token=`, then via an HttpOnly SameSite=Strict cookie), and the upgrade's Origin must be ours.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('base64url');
  const { core, logger } = options;
  let origin = '';

  const authorized = (req: IncomingMessage, url: URL) => {
    const offered = url.searchParams.get('token') ?? readCookie(req.headers.cookie, COOKIE);
    return offered !== null && safeEqual(offered, token);
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', origin);
      if (!authorized(req, url)) return refuse(res, 401, 'A valid token is required. Use the URL printed by `longbox serve`.');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
      const file = await readStatic(options.bundleDir, url.pathname);
      if (!file) return refuse(res, 404, 'Not found');
      res.writeHead(200, {
        'Content-Type': file.type,
        'Cache-Control': file.cacheControl,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'X-Frame-Options': 'DENY',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    } catch (error) {
      logger.error({ err: error }, 'serve: request failed');
      refuse(res, 500, 'Internal error');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    // Browsers always send Origin on WebSocket upgrades; a foreign page must not drive the core.
    if (url.pathname !== '/ws' || req.headers.origin !== origin || !authorized(req, url)) {
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
  const { port } = server.address() as AddressInfo;
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
  ws.on('message', async (data) => {
    let parsed;
    try {
      parsed = ClientMessageSchema.safeParse(JSON.parse(String(data)));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      logger.warn('serve: malformed WebSocket message dropped');
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

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
