import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from '../../src-shared/contract/ws-handshake.ts';

/**
 * Who may talk to `longbox serve` (docs/security.md).
 *
 * The token travels only in the WebSocket handshake, as a subprotocol (ws-handshake.ts). Never
 * in a cookie: cookies are not bound to a port, so a browser sends them to every server on
 * 127.0.0.1, another user's included.
 */

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The token offered in the handshake's Sec-WebSocket-Protocol list, or null. */
export function offeredToken(req: IncomingMessage): string | null {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return null;
  const offered = header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  // Exactly one: a client that offers several is guessing.
  return offered.length === 1 ? offered[0]!.slice(TOKEN_PROTOCOL_PREFIX.length) : null;
}

/** Constant-time and exact: a prefix, an empty string or one character more never matches. */
export function tokenMatches(offered: string | null, token: string): boolean {
  if (offered === null || token.length === 0) return false;
  const x = Buffer.from(offered);
  const y = Buffer.from(token);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The Host header must name this server. Bound to loopback, only loopback names are accepted,
 * which defeats DNS rebinding (a foreign page whose name resolves to 127.0.0.1 sends its own
 * name as Host). With an explicit `--host`, the user chose what reaches the server and any name
 * with our port is accepted; the token still guards the WebSocket.
 */
export function hostAllowed(hostHeader: string | undefined, port: number, loopbackOnly: boolean): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.toLowerCase());
  if (!match || Number(match[2] ?? 80) !== port) return false;
  return !loopbackOnly || LOOPBACK_NAMES.has(match[1]!);
}

export function isLoopbackAddress(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
}
