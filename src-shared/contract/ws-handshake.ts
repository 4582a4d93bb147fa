/**
 * How a `longbox serve` page presents its access token: as a WebSocket subprotocol next to the
 * one the server selects. Shared by the server (which checks it) and the renderer (which sends
 * it), so the two cannot drift. Why a subprotocol and not a cookie: docs/security.md.
 */
export const WS_PROTOCOL = 'longbox';
export const TOKEN_PROTOCOL_PREFIX = 'longbox.token.';

/** The subprotocol list a page offers: the token (if it has one) travels only here. */
export function handshakeProtocols(token: string | null): string[] {
  return token ? [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`] : [WS_PROTOCOL];
}
