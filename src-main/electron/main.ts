import { app, BrowserWindow, dialog, Notification, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import type { Settings } from '../../src-shared/contract/settings.ts';
import { createContractClient } from '../../src-shared/contract/typed-client.ts';
import { createAppCore, type AppCore } from '../core/app-core.ts';
import { inProcessBridge } from '../core/contract/in-process-bridge.ts';
import { dataPaths } from '../core/platform/data-dir.ts';
import { createFileLogger } from '../core/platform/file-logger.ts';
import { windowIconPath } from './app-icons.ts';
import { installAppMenu } from './app-menu.ts';
import { APP_ORIGIN, registerAppScheme, serveRendererBundle } from './app-protocol.ts';
import { AutoUpdate } from './auto-update.ts';
import { applyDesktopIdentity } from './desktop-identity.ts';
import { pushEvent, registerIpc } from './ipc-adapter.ts';
import { JobPresence } from './job-presence.ts';
import { applyLoginItem, startedAtLogin } from './login-item.ts';
import { loadWindowState, rememberWindowState } from './window-state.ts';
import { denyAllPermissions, lockDownContents } from './window-security.ts';
import { workerScriptPath } from './worker-script.ts';

// Bundled to dist/electron/main.cjs; the renderer bundle and preload sit beside it in dist/.
const DIST = join(__dirname, '..');
const ASSETS = join(DIST, '..', 'assets');

registerAppScheme();

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const { bounds, maximized } = loadWindowState(stateFile);
  const window = new BrowserWindow({
    ...bounds,
    title: 'Longbox',
    icon: windowIconPath(ASSETS),
    show: false,
    webPreferences: {
      preload: join(DIST, 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (maximized) window.maximize();
  rememberWindowState(window, stateFile);
  lockDownContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** Brings a window up on a view (the menu's Preferences…); a new window gets it once loaded. */
function showView(view: 'settings'): void {
  const existing = BrowserWindow.getAllWindows()[0];
  const window = existing ?? createWindow();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  if (existing) pushEvent('app.showView', { view });
  else window.webContents.once('did-finish-load', () => pushEvent('app.showView', { view }));
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  applyDesktopIdentity();
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const { logger } = await createFileLogger(dataPaths(dataDir).logs);
  let core: AppCore;
  try {
    core = await createAppCore({
      dataDir,
      mode: 'electron',
      version: app.getVersion(),
      workerScript: workerScriptPath(__dirname),
      ports: {
        logger,
        notifier: {
          notify: ({ title, body }) => {
            if (Notification.isSupported()) new Notification({ title, body }).show();
          },
        },
        trash: { trash: (path) => shell.trashItem(path) },
        // Provider credentials encrypted with the OS keychain where it exists (docs/identify.md).
        secrets: {
          isAvailable: () => safeStorage.isEncryptionAvailable(),
          encrypt: (plain) => safeStorage.encryptString(plain),
          decrypt: (encrypted) => safeStorage.decryptString(encrypted),
        },
        revealFile: (path) => shell.showItemInFolder(path),
        folderPicker: async () => {
          const focused = BrowserWindow.getFocusedWindow();
          const options = { properties: ['openDirectory' as const] };
          const picked = focused ? await dialog.showOpenDialog(focused, options) : await dialog.showOpenDialog(options);
          return picked.canceled ? null : (picked.filePaths[0] ?? null);
        },
      },
    });
  } catch (error) {
    logger.error({ err: error }, 'core failed to start');
    dialog.showErrorBox('Longbox cannot start', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  denyAllPermissions();
  serveRendererBundle(join(DIST, 'renderer'));
  const updates = new AutoUpdate(logger, app.isPackaged);
  // The shell reads the core through the typed client, like every host (docs/architecture.md).
  const client = createContractClient(inProcessBridge(core));
  const initial = await client.invoke('settings.get');
  if (!initial.ok) {
    dialog.showErrorBox('Longbox cannot start', initial.error.message);
    app.quit();
    return;
  }
  // The settings the shell itself acts on, at start and whenever a window saves settings.
  let desktop: Settings = initial.value;
  const applyDesktopSettings = (settings: Settings) => {
    desktop = settings;
    updates.apply(settings.autoUpdate);
    applyLoginItem(settings.startAtLogin).catch((error: unknown) => logger.warn({ err: error }, 'could not update the login item'));
  };
  const unregister = registerIpc(core, logger, (name, result) => {
    if (name === 'settings.update' && result.ok) applyDesktopSettings(result.value as Settings);
  });
  const presence = new JobPresence(core, ASSETS, createWindow);
  installAppMenu(() => showView('settings'));
  applyDesktopSettings(desktop);
  // Started by the login item: tray only, the watcher and jobs run without a window.
  if (!startedAtLogin()) createWindow();

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    } else createWindow();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    // Jobs run in this process, not in the window: with work in flight, stay in the tray. So
    // does an app set to start at login, which lives in the tray to keep the watcher running.
    if (process.platform !== 'darwin' && !presence.busy && !desktop.startAtLogin) app.quit();
  });
  app.on('will-quit', () => {
    updates.stop();
    presence.dispose();
    unregister();
    void core.close();
  });
}

void start();
