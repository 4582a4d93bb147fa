import type { RawBridge } from '../../src-shared/contract/client.ts';
import { ServerMessageSchema, type ClientMessage } from '../../src-shared/contract/ws-frames.ts';
import { nextRetryMs, type LinkListener } from './reconnect.ts';

/**
 * The subset of the WebSocket API we use; the browser's and the `ws` package's both fit.
 * Handler parameters are `never` so either implementation's event types are accepted.
 */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: never) => void) | null;
  onclose: ((ev: never) => void) | null;
  onmessage: ((ev: never) => void) | null;
}

export interface WsBridge extends RawBridge {
  /** Called after a dropped connection comes back, so views can re-read state they may have missed. */
  onReconnect(listener: () => void): () => void;
  /** Called when the link drops ('reconnecting') and when it is up again ('connected'). */
  onStatus(listener: LinkListener): () => void;
  close(): void;
}

const OPEN = 1;

/**
 * RawBridge over a WebSocket, reconnecting with backoff. Requests made while disconnected wait
 * for the connection; requests in flight when it drops resolve to an error envelope.
 */
export function createWsBridge(connect: () => SocketLike): WsBridge {
  let socket: SocketLike;
  let nextId = 1;
  let closed = false;
  let everOpened = false;
  let retryMs: number | null = null;
  const pending = new Map<number, (result: unknown) => void>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const reconnectListeners = new Set<() => void>();
  const statusListeners = new Set<LinkListener>();
  let down = false;

  const open = () => {
    socket = connect();
    socket.onopen = () => {
      retryMs = null;
      for (const frame of queue.splice(0)) socket.send(frame);
      if (down) for (const l of statusListeners) l('connected');
      down = false;
      if (everOpened) for (const l of reconnectListeners) l();
      everOpened = true;
    };
    socket.onmessage = (ev: { data: unknown }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      // The server's frames, checked against the one schema both ends share; anything else is
      // not ours to act on (an answer without an id belongs to no pending request).
      const frame = ServerMessageSchema.safeParse(parsed);
      if (!frame.success) return;
      const message = frame.data;
      if (message.t === 'res') {
        if (message.id === null) return;
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        for (const l of listeners.get(message.name) ?? []) l(message.payload);
      }
    };
    socket.onclose = () => {
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'INTERNAL', message: 'Connection to Longbox lost' } });
        pending.delete(id);
      }
      if (closed) return;
      if (!down) for (const l of statusListeners) l('reconnecting');
      down = true;
      retryMs = nextRetryMs(retryMs);
      setTimeout(open, retryMs);
    };
  };
  open();

  return {
    invoke(name, input) {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        const frame = JSON.stringify({ t: 'req', id, name, input } satisfies ClientMessage);
        if (socket.readyState === OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      socket.close();
    },
  };
}
