import { app } from 'electron';

/**
 * Windows identifies the app's notifications, taskbar pins and jump lists by its
 * AppUserModelID; without one, notifications from the installed app do not show. It must equal
 * electron-builder.yml's `appId`, which the NSIS installer writes on the Start-menu shortcut.
 */
export const APP_USER_MODEL_ID = 'app.longbox.desktop';

export function applyDesktopIdentity(platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}
