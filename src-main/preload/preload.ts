import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RawBridge } from '../../src-shared/contract/client.ts';
import { BRIDGE_GLOBAL, COMMAND_NAME, IPC_COMMAND_PREFIX, IPC_EVENT_CHANNEL } from '../../src-shared/contract/wire.ts';

// Exactly one object crosses into the page: invoke + on. No ipcRenderer, no Node.
// Channel names are built here from the shared wire names, so the page can only reach
// contract channels; `satisfies` keeps this object and the renderer's `RawBridge` one shape.
const bridge = {
  invoke(name: unknown, input: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !COMMAND_NAME.test(name)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: 'Invalid command name' } });
    }
    return ipcRenderer.invoke(IPC_COMMAND_PREFIX + name, input).catch(() => refusal(name, input));
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') return () => {};
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
} satisfies RawBridge;

/**
 * Electron rejects an invoke only when the input cannot be cloned or no handler has that name
 * (the preload carries no list of commands: that would bundle every schema into it). The page
 * gets the envelope the WebSocket bridge would answer, never a rejection.
 */
function refusal(name: string, input: unknown) {
  try {
    structuredClone(input);
  } catch {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `${name}: the input cannot be sent` } };
  }
  return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Unknown command: ${name.slice(0, 100)}` } };
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
