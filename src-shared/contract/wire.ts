/**
 * The names on the Electron IPC wire, defined once for both ends: the main process registers
 * exactly these channels (`electron/ipc-adapter.ts`) and the preload builds only these
 * (`preload/preload.ts`), so a page can reach nothing but contract commands.
 */

/** `window.<BRIDGE_GLOBAL>`: the one object the preload exposes (a `RawBridge`). */
export const BRIDGE_GLOBAL = 'longbox';
/** Command `name` is invoked on channel `IPC_COMMAND_PREFIX + name`. */
export const IPC_COMMAND_PREFIX = 'longbox:';
/** Every contract event travels on this one channel as `(name, payload)`. */
export const IPC_EVENT_CHANNEL = 'longbox:event';
/** The shape of command names (`library.roots.add`): anything else is refused before the wire. */
export const COMMAND_NAME = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/;
