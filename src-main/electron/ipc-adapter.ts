import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { COMMANDS, type CommandName } from '../../src-shared/contract/commands.ts';
import type { EventName, EventPayload } from '../../src-shared/contract/events.ts';
import { fail } from '../../src-shared/contract/envelope.ts';
import { IPC_COMMAND_PREFIX, IPC_EVENT_CHANNEL } from '../../src-shared/contract/wire.ts';
import type { AppCore } from '../core/app-core.ts';
import type { Logger } from '../core/ports.ts';
import { APP_ORIGIN } from './app-protocol.ts';

/** Only our own top-level page, served from app://longbox, may drive the core. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    // Node's URL gives custom schemes an opaque "null" origin, so compare scheme and host.
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Told of every command a window ran, with its result (the shell reacts to settings changes). */
export type AfterCommand = (name: CommandName, result: Awaited<ReturnType<AppCore['dispatch']>>) => void;

/** Sends a contract event to every window showing our app. */
export function pushEvent<E extends EventName>(name: E, payload: EventPayload<E>): void {
  for (const contents of webContents.getAllWebContents()) {
    if (!contents.isDestroyed() && contents.getURL().startsWith(APP_ORIGIN)) contents.send(IPC_EVENT_CHANNEL, name, payload);
  }
}

/**
 * Registers every contract command as `ipcMain.handle('longbox:<name>')`, each checking the
 * sender frame and then validating input in the core's dispatcher; pushes every core event to
 * every window. Returns a function that undoes all of it.
 */
export function registerIpc(core: AppCore, logger: Logger, afterCommand?: AfterCommand): () => void {
  const names = Object.keys(COMMANDS);
  for (const name of names) {
    ipcMain.handle(IPC_COMMAND_PREFIX + name, async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        logger.warn({ command: name, url: event.senderFrame?.url }, 'ipc: refused a foreign sender');
        return fail({ code: 'FORBIDDEN_SENDER', message: 'This frame may not call Longbox.' });
      }
      const result = await core.dispatch(name, input);
      afterCommand?.(name as CommandName, result);
      return result;
    });
  }
  const unsubscribe = core.subscribe((name, payload) => pushEvent(name, payload));
  return () => {
    unsubscribe();
    for (const name of names) ipcMain.removeHandler(IPC_COMMAND_PREFIX + name);
  };
}
