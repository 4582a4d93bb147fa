import { app, Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The native application menu. macOS apps put About, Preferences… (Cmd+,), Hide and Quit in a
 * menu named after the app; Windows and Linux get a File menu with Settings (Ctrl+,) and Quit.
 * Edit roles are what make copy/paste shortcuts work in text fields on macOS.
 */
export function appMenuTemplate(platform: NodeJS.Platform, openPreferences: () => void): MenuItemConstructorOptions[] {
  const preferences: MenuItemConstructorOptions = {
    label: platform === 'darwin' ? 'Preferences…' : 'Settings…',
    accelerator: 'CmdOrCtrl+,',
    click: openPreferences,
  };
  const first: MenuItemConstructorOptions =
    platform === 'darwin'
      ? {
          label: app.name,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            preferences,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        }
      : { label: 'File', submenu: [preferences, { type: 'separator' }, { role: 'quit' }] };
  return [first, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }];
}

export function installAppMenu(openPreferences: () => void, platform: NodeJS.Platform = process.platform): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(platform, openPreferences)));
}
