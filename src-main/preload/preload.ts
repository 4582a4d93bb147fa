import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Exactly one object crosses into the page: invoke + on. No ipcRenderer, no Node.
// Channel names are built here, so the page can only reach `longbox:*` channels.
const NAME = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/;

contextBridge.exposeInMainWorld('longbox', {
  invoke(name: unknown, input: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !NAME.test(name)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: 'Invalid command name' } });
    }
    return ipcRenderer.invoke(`longbox:${name}`, input);
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') return () => {};
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on('longbox:event', handler);
    return () => ipcRenderer.removeListener('longbox:event', handler);
  },
});
