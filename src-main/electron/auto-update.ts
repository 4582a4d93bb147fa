import electronUpdater from 'electron-updater';
import type { Logger } from '../core/ports.ts';

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Auto-update through electron-updater, reading the latest*.yml files the release workflow
 * publishes with each GitHub release (electron-builder.yml `publish`). Only in the packaged app
 * (there is no feed for `npm start`) and only while the `autoUpdate` setting is on: switching it
 * off stops the periodic check, so the app never contacts the feed again.
 */
export class AutoUpdate {
  #timer: NodeJS.Timeout | null = null;
  readonly #logger: Logger;
  readonly #packaged: boolean;

  constructor(logger: Logger, packaged: boolean) {
    this.#logger = logger;
    this.#packaged = packaged;
  }

  get running(): boolean {
    return this.#timer !== null;
  }

  apply(enabled: boolean): void {
    if (!this.#packaged) return;
    if (!enabled) {
      this.stop();
      return;
    }
    if (this.#timer) return;
    const { autoUpdater } = electronUpdater;
    autoUpdater.logger = this.#logger;
    const check = () => {
      autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => this.#logger.warn({ err: error }, 'update check failed'));
    };
    check();
    this.#timer = setInterval(check, CHECK_EVERY_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
