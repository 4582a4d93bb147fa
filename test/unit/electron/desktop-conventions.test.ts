import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../../helpers/core-harness.ts';

// Stand-ins for the `electron` module and electron-updater (true process edges: no Electron
// binary here, no update feed). What the shell asks of them is recorded, not performed.
const stand = vi.hoisted(() => ({
  appUserModelId: null as string | null,
  loginItem: null as unknown,
  wasOpenedAtLogin: false,
  applicationMenu: null as unknown,
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  updateChecks: 0,
  updaterLogger: null as unknown,
}));

vi.mock('electron', () => ({
  app: {
    name: 'Longbox',
    setAppUserModelId: (id: string) => {
      stand.appUserModelId = id;
    },
    setLoginItemSettings: (settings: unknown) => {
      stand.loginItem = settings;
    },
    getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAtLogin: stand.wasOpenedAtLogin }),
  },
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: unknown) => {
      stand.applicationMenu = menu;
    },
  },
  screen: { getAllDisplays: () => stand.displays },
}));

vi.mock('electron-updater', () => ({
  default: {
    autoUpdater: {
      set logger(value: unknown) {
        stand.updaterLogger = value;
      },
      checkForUpdatesAndNotify: async () => {
        stand.updateChecks++;
        return null;
      },
    },
  },
}));

const { APP_USER_MODEL_ID, applyDesktopIdentity } = await import('../../../src-main/electron/desktop-identity.ts');
const { appMenuTemplate, installAppMenu } = await import('../../../src-main/electron/app-menu.ts');
const { DEFAULT_SIZE, loadWindowState, rememberWindowState } = await import('../../../src-main/electron/window-state.ts');
const { applyLoginItem, autostartFile, HIDDEN_ARG, startedAtLogin } = await import('../../../src-main/electron/login-item.ts');
const { AutoUpdate } = await import('../../../src-main/electron/auto-update.ts');
const { trayIconPath, windowIconPath } = await import('../../../src-main/electron/app-icons.ts');
const { workerScriptPath } = await import('../../../src-main/electron/worker-script.ts');

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const builder = parse(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  linux: { desktop: { entry: Record<string, string> }; maintainer: string; category: string };
  deb: { depends: string[] };
};
const dir = tempDir('desktop');
afterAll(() => dir.remove());
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

describe('Windows identity', () => {
  it('sets the AppUserModelID notifications need, equal to the installer appId, on Windows only', () => {
    applyDesktopIdentity('linux');
    expect(stand.appUserModelId).toBeNull();
    applyDesktopIdentity('win32');
    expect(stand.appUserModelId).toBe(APP_USER_MODEL_ID);
    expect(builder.appId).toBe(APP_USER_MODEL_ID);
  });
});

describe('application menu', () => {
  type Item = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: Item[] };
  it('macOS: an app menu with Preferences… on Cmd+, that opens the settings', () => {
    const opened: string[] = [];
    installAppMenu(() => opened.push('settings'), 'darwin');
    const [appMenu] = stand.applicationMenu as Item[];
    expect(appMenu!.label).toBe('Longbox');
    const preferences = appMenu!.submenu!.find((i) => i.label === 'Preferences…')!;
    expect(preferences.accelerator).toBe('CmdOrCtrl+,');
    preferences.click!();
    expect(opened).toEqual(['settings']);
    expect(appMenu!.submenu!.map((i) => i.role).filter(Boolean)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect((stand.applicationMenu as Item[]).map((i) => i.role ?? i.label)).toContain('editMenu');
  });

  it('Windows and Linux: a File menu with Settings… on Ctrl+, and Quit', () => {
    const [file] = appMenuTemplate('win32', () => {}) as Item[];
    expect(file!.label).toBe('File');
    expect(file!.submenu!.map((i) => i.label ?? i.role ?? 'separator')).toEqual(['Settings…', 'separator', 'quit']);
    expect(file!.submenu![0]!.accelerator).toBe('CmdOrCtrl+,');
  });
});

describe('window size and position', () => {
  class FakeWindow {
    listeners = new Map<string, () => void>();
    readonly bounds: { x: number; y: number; width: number; height: number };
    readonly maximized: boolean;
    constructor(bounds: { x: number; y: number; width: number; height: number }, maximized = false) {
      this.bounds = bounds;
      this.maximized = maximized;
    }
    on(event: string, fn: () => void) {
      this.listeners.set(event, fn);
    }
    getNormalBounds() {
      return this.bounds;
    }
    isMaximized() {
      return this.maximized;
    }
  }

  async function closeAndWait(window: FakeWindow, file: string) {
    window.listeners.get('close')!();
    await vi.waitFor(() => expect(existsSync(file) && !existsSync(`${file}.tmp`)).toBe(true));
  }

  it('is remembered across starts (real file, replaced atomically)', async () => {
    const file = join(dir.path, 'window-state.json');
    expect(loadWindowState(file)).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
    const window = new FakeWindow({ x: 120, y: 80, width: 1000, height: 700 }, true);
    rememberWindowState(window as never, file);
    await closeAndWait(window, file);
    expect(loadWindowState(file)).toEqual({ bounds: { x: 120, y: 80, width: 1000, height: 700 }, maximized: true });
  });

  it('keeps the size but lets the OS place a window whose display is gone, and survives a bad file', () => {
    const file = join(dir.path, 'off-screen.json');
    writeFileSync(file, JSON.stringify({ x: 4000, y: 100, width: 900, height: 600, maximized: false }));
    expect(loadWindowState(file)).toEqual({ bounds: { width: 900, height: 600 }, maximized: false });
    writeFileSync(file, '{"x": 1, "y":');
    expect(loadWindowState(file)).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });
});

describe('start at login, in the tray', () => {
  beforeEach(() => {
    stand.loginItem = null;
    stand.wasOpenedAtLogin = false;
  });

  it('macOS and Windows: registers the login item with the hidden-start argument', async () => {
    await applyLoginItem(true, 'win32');
    expect(stand.loginItem).toEqual({ openAtLogin: true, args: [HIDDEN_ARG] });
    await applyLoginItem(false, 'darwin');
    expect(stand.loginItem).toMatchObject({ openAtLogin: false });
  });

  it('Linux: writes and removes an XDG autostart entry that starts the AppImage hidden', async () => {
    const env = { XDG_CONFIG_HOME: join(dir.path, 'xdg'), APPIMAGE: '/home/me/Apps/Longbox.AppImage' };
    const file = autostartFile(env);
    expect(file).toBe(join(dir.path, 'xdg', 'autostart', 'longbox.desktop'));
    await applyLoginItem(true, 'linux', env);
    const entry = readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain(`Exec="/home/me/Apps/Longbox.AppImage" ${HIDDEN_ARG}`);
    await applyLoginItem(false, 'linux', env);
    expect(existsSync(file)).toBe(false);
    expect(stand.loginItem).toBeNull();
  });

  it('knows a login start: the argument on Windows/Linux, the login-item flag on macOS', () => {
    expect(startedAtLogin(['/usr/bin/longbox', HIDDEN_ARG], 'linux')).toBe(true);
    expect(startedAtLogin(['/usr/bin/longbox'], 'linux')).toBe(false);
    expect(startedAtLogin(['/Applications/Longbox.app/Contents/MacOS/Longbox'], 'darwin')).toBe(false);
    stand.wasOpenedAtLogin = true;
    expect(startedAtLogin(['/Applications/Longbox.app/Contents/MacOS/Longbox'], 'darwin')).toBe(true);
  });
});

describe('auto-update', () => {
  beforeEach(() => {
    stand.updateChecks = 0;
  });

  it('checks the feed in the packaged app while the setting is on, and stops when it is turned off', () => {
    const updates = new AutoUpdate(quietLogger, true);
    updates.apply(true);
    updates.apply(true);
    expect(stand.updateChecks).toBe(1);
    expect(stand.updaterLogger).toBe(quietLogger);
    expect(updates.running).toBe(true);
    updates.apply(false);
    expect(updates.running).toBe(false);
  });

  it('never contacts a feed when opted out or unpackaged', () => {
    new AutoUpdate(quietLogger, true).apply(false);
    new AutoUpdate(quietLogger, false).apply(true);
    expect(stand.updateChecks).toBe(0);
  });
});

describe('paths inside the package', () => {
  it('points the worker pool at the unpacked worker when main runs from app.asar', () => {
    expect(workerScriptPath('/opt/Longbox/resources/app.asar/dist/electron')).toBe('/opt/Longbox/resources/app.asar.unpacked/dist/electron/item-worker.cjs');
    expect(workerScriptPath('/src/longbox/dist/electron')).toBe('/src/longbox/dist/electron/item-worker.cjs');
  });

  it('uses each platform tray icon, all of which exist in assets/', () => {
    const assets = join(repo, 'assets');
    expect(trayIconPath(assets, 'darwin')).toMatch(/trayTemplate\.png$/);
    expect(trayIconPath(assets, 'win32')).toMatch(/tray\.ico$/);
    for (const platform of ['darwin', 'win32', 'linux'] as const) expect(existsSync(trayIconPath(assets, platform))).toBe(true);
    expect(existsSync(join(assets, 'tray', 'trayTemplate@2x.png'))).toBe(true);
    expect(existsSync(windowIconPath(assets))).toBe(true);
  });
});

describe('Linux desktop entry and deb metadata', () => {
  it('declares the .desktop entry fields and the runtime packages the deb needs', () => {
    expect(builder.linux.desktop.entry).toMatchObject({ StartupWMClass: 'Longbox', Categories: 'Graphics;Viewer;' });
    expect(builder.linux.category).toBe('Graphics');
    expect(builder.linux.maintainer).toMatch(/<.+@.+>/);
    for (const lib of ['libgtk-3-0', 'libnss3', 'libnotify4', 'xdg-utils']) expect(builder.deb.depends).toContain(lib);
  });
});
