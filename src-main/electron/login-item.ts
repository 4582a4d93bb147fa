import { app } from 'electron';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The argument a login start carries: the app starts in the tray, without a window. */
export const HIDDEN_ARG = '--hidden';

/** Where the freedesktop autostart entry lives (XDG_CONFIG_HOME, default ~/.config). */
export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'longbox.desktop');
}

/**
 * "Start at login, minimized to the tray" (setting `startAtLogin`), so the watcher keeps the
 * library current. macOS and Windows have a login-item API; Linux desktops read
 * ~/.config/autostart/*.desktop (Electron's setLoginItemSettings does nothing there).
 */
export async function applyLoginItem(enabled: boolean, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (platform === 'darwin' || platform === 'win32') {
    // Windows passes `args` to the login start; macOS passes none, and says so through
    // wasOpenedAtLogin instead (startedAtLogin below).
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    return;
  }
  const file = autostartFile(env);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  // An AppImage runs from a temporary mount: the entry must start the .AppImage file itself.
  const executable = env.APPIMAGE || process.execPath;
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(
    file,
    ['[Desktop Entry]', 'Type=Application', 'Name=Longbox', `Exec="${executable}" ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n'),
  );
}

/** True when this start came from the login item: show only the tray. */
export function startedAtLogin(argv: readonly string[] = process.argv, platform: NodeJS.Platform = process.platform): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
