import type { ContractClient, RawBridge } from '../../src-shared/contract/client.ts';
import { createContractClient } from '../../src-shared/contract/typed-client.ts';
import { handshakeProtocols } from '../../src-shared/contract/ws-handshake.ts';
import type { LinkListener } from './reconnect.ts';
import { takeServeToken } from './serve-token.ts';
import { createWsBridge } from './ws-bridge.ts';

declare global {
  interface Window {
    /** Present only inside the Electron shell (exposed by the preload). */
    longbox?: RawBridge;
  }
}

export interface Connection {
  client: ContractClient;
  transport: 'ipc' | 'websocket';
  /** Subscribe to "the link came back after a drop" (WebSocket only; IPC never drops). */
  onReconnect(listener: () => void): () => void;
  /** Subscribe to the link dropping and coming back (WebSocket only). */
  onStatus(listener: LinkListener): () => void;
}

/** Picks the transport once, at start: the preload's object in Electron, else `longbox serve`'s WebSocket. */
export function connect(): Connection {
  if (window.longbox) {
    return { client: createContractClient(window.longbox), transport: 'ipc', onReconnect: () => () => {}, onStatus: () => () => {} };
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const protocols = handshakeProtocols(takeServeToken());
  // Every reconnect offers the same token: a restarted `serve` keeps it (serve-token in the data folder).
  const bridge = createWsBridge(() => new WebSocket(`${scheme}://${location.host}/ws`, protocols));
  return { client: createContractClient(bridge), transport: 'websocket', onReconnect: bridge.onReconnect, onStatus: bridge.onStatus };
}
