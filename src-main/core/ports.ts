/**
 * The small ports through which the core touches the world. The Electron shell, the CLI and
 * the tests each supply their own implementations, so the core never imports `electron`.
 */
export interface Clock {
  now(): number;
}

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** Native notification (Electron) or nothing (CLI). */
export interface Notifier {
  notify(note: { title: string; body: string; jobId?: string }): void;
}

/** Moves a file to the OS trash; Electron's `shell.trashItem` in the app. */
export interface Trash {
  trash(path: string): Promise<void>;
}

/** A native folder dialog; absent in headless hosts, where folders are added by path. */
export type FolderPicker = () => Promise<string | null>;

/**
 * Encrypts small secrets with a key the OS keeps (Electron `safeStorage`); absent in headless
 * hosts, where credentials stay in an owner-only file (docs/identify.md).
 */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}
/** Shows a file selected in the OS file manager (Electron's `shell.showItemInFolder`); absent headless. */
export type FileRevealer = (path: string) => void;

export interface Ports {
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  trash: Trash;
  folderPicker?: FolderPicker;
  secrets?: SecretCipher;
  revealFile?: FileRevealer;
}

export const systemClock: Clock = { now: () => Date.now() };
export const silentNotifier: Notifier = { notify: () => {} };
