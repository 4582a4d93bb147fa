import { app, BrowserWindow, dialog, Notification, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../core/app-core.ts';
import { dataPaths } from '../core/platform/data-dir.ts';
import { createFileLogger } from '../core/platform/file-logger.ts';
import { APP_ORIGIN, registerAppScheme, serveRendererBundle } from './app-protocol.ts';
import { registerIpc } from './ipc-adapter.ts';
import { JobPresence } from './job-presence.ts';
import { denyAllPermissions, lockDownContents } from './window-security.ts';

// Bundled to dist/electron/main.cjs; the renderer bundle and preload sit beside it in dist/.
const DIST = join(__dirname, '..');
const ASSETS = join(DIST, '..', 'assets');

registerAppScheme();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Longbox',
    icon: join(ASSETS, 'icon.png'),
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
  lockDownContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const { logger } = await createFileLogger(dataPaths(dataDir).logs);
  let core: AppCore;
  try {
    core = await createAppCore({
      dataDir,
      mode: 'electron',
      version: app.getVersion(),
      // Bundled beside main.cjs by scripts/build-electron.mjs.
      workerScript: join(__dirname, 'item-worker.cjs'),
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
  const unregister = registerIpc(core, logger);
  const presence = new JobPresence(core, ASSETS, createWindow);
  createWindow();

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    } else createWindow();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    // Jobs run in this process, not in the window: with work in flight, stay in the tray.
    if (process.platform !== 'darwin' && !presence.busy) app.quit();
  });
  app.on('will-quit', () => {
    presence.dispose();
    unregister();
    void core.close();
  });
}

void start();
