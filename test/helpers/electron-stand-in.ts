/**
 * A stand-in for the `electron` module (the process edge: no Electron binary here) that wires
 * the real main-process IPC adapter to the real preload as one window would: the preload's
 * `ipcRenderer.invoke` reaches the `ipcMain.handle` handler with an event from our app's top
 * frame, `webContents.send` reaches the preload's listeners, and everything crossing is
 * structured-cloned like Electron's IPC. What the preload exposes lands in `mainWorld`.
 *
 * A test file opts in with `vi.mock('electron', () => import('<this file>'))`; the contract
 * suite's `ipc` transport (core-harness.ts) then runs over it.
 */

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** Marks this module as the stand-in, so the transport can tell it from a missing mock. */
export const standIn = true;

/** What `contextBridge.exposeInMainWorld` put on the page's `window`. */
export const mainWorld: Record<string, unknown> = {};

const handlers = new Map<string, Handler>();
const rendererListeners = new Map<string, Set<RendererListener>>();
const PAGE_URL = 'app://longbox/index.html';

const frame = { url: PAGE_URL };
const contents = {
  mainFrame: frame,
  isDestroyed: () => false,
  getURL: () => PAGE_URL,
  send(channel: string, ...args: unknown[]) {
    const cloned = structuredClone(args);
    for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: null }, ...cloned);
  },
};

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    handlers.delete(channel);
  },
};

export const webContents = { getAllWebContents: () => [contents] };

export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return structuredClone(await handler({ sender: contents, senderFrame: frame }, ...structuredClone(args)));
  },
  on(channel: string, listener: RendererListener) {
    const set = rendererListeners.get(channel) ?? new Set();
    set.add(listener);
    rendererListeners.set(channel, set);
  },
  removeListener(channel: string, listener: RendererListener) {
    rendererListeners.get(channel)?.delete(listener);
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    mainWorld[key] = api;
  },
};

/** The window closed: its listeners go (handlers stay until the adapter unregisters them). */
export function closeWindow(): void {
  rendererListeners.clear();
}

// Imported by modules the adapter pulls in (app-protocol.ts); unused on this path.
export const net = {};
export const protocol = {};
