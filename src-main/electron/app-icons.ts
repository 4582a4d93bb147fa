import { join } from 'node:path';

/**
 * Icons the main process loads at run time, generated from assets/icon.svg by
 * scripts/generate-icons.mjs and packaged by electron-builder.yml (`files`). Installers and
 * executables get theirs (icns, ico, PNG set) from electron-builder itself.
 */
export function trayIconPath(assetsDir: string, platform: NodeJS.Platform = process.platform): string {
  // macOS: a "Template" image (black + alpha) that the menu bar tints; Electron picks the @2x
  // file on Retina screens. Windows: an .ico holding every DPI scale. Elsewhere: a colour PNG.
  if (platform === 'darwin') return join(assetsDir, 'tray', 'trayTemplate.png');
  if (platform === 'win32') return join(assetsDir, 'tray', 'tray.ico');
  return join(assetsDir, 'tray', 'tray.png');
}

/** The window icon (used on Linux; Windows and macOS take the executable's). */
export function windowIconPath(assetsDir: string): string {
  return join(assetsDir, 'icons', 'png', '512x512.png');
}
