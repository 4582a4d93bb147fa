// A stand-in for the `electron` module, for running the *packaged* main process (main.cjs
// from app.asar) under plain Node: the Electron binary cannot be downloaded on the build
// machines. It implements just the API surface src-main/electron uses and records what the
// app asked for (windows, IPC handlers, the app:// protocol, tray, notifications, menus), which
// run-packaged-main.cjs then drives and reports. It is copied into the test's resources folder
// as node_modules/electron, where the packaged main.cjs resolves `require('electron')`.
const { readFile } = require('node:fs/promises');
const { existsSync } = require('node:fs');
const { extname } = require('node:path');
const { fileURLToPath } = require('node:url');

const record = {
  appEvents: new Map(),
  ipc: new Map(),
  protocols: new Map(),
  windows: [],
  sent: [],
  trays: [],
  notifications: [],
  applicationMenu: null,
  errors: [],
  appUserModelId: null,
  loginItem: null,
  revealed: [],
};
globalThis.__electronStandIn = record;

const on = (map) => (name, fn) => {
  if (!map.has(name)) map.set(name, []);
  map.get(name).push(fn);
};

const app = {
  isPackaged: false,
  name: 'Longbox',
  dock: undefined,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.LONGBOX_STAND_IN_USER_DATA,
  getVersion: () => '0.0.0-packaged',
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAsHidden: false }),
  setLoginItemSettings: (settings) => {
    record.loginItem = settings;
  },
  setAppUserModelId: (id) => {
    record.appUserModelId = id;
  },
  on: on(record.appEvents),
  once: on(record.appEvents),
  quit: () => {
    for (const fn of record.appEvents.get('will-quit') ?? []) fn({ preventDefault() {} });
  },
};

class WebContents {
  url = '';
  isDestroyed = () => false;
  getURL = () => this.url;
  on() {}
  once() {}
  setWindowOpenHandler() {}
  send(channel, ...args) {
    record.sent.push([channel, ...args]);
  }
}

class BrowserWindow {
  static getAllWindows = () => record.windows.filter((w) => !w.destroyed);
  static getFocusedWindow = () => null;
  constructor(options) {
    this.options = options;
    this.webContents = new WebContents();
    this.webContents.mainFrame = { get url() { return this.owner.url; }, owner: this.webContents };
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    this.destroyed = false;
    record.windows.push(this);
  }
  loadURL(url) {
    this.webContents.url = url;
    return Promise.resolve();
  }
  on() {}
  once() {}
  show() {}
  focus() {}
  restore() {}
  isMinimized = () => false;
  isMaximized = () => false;
  isDestroyed = () => this.destroyed;
  getBounds = () => this.bounds;
  getNormalBounds = () => this.bounds;
  setProgressBar() {}
}

class Notification {
  static isSupported = () => true;
  constructor(options) {
    this.options = options;
  }
  on() {}
  show() {
    record.notifications.push(this.options);
  }
}

class Tray {
  constructor(image) {
    this.image = image;
    this.menu = null;
    record.trays.push(this);
  }
  setToolTip() {}
  on() {}
  destroy() {}
  setContextMenu(menu) {
    this.menu = menu;
  }
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

module.exports = {
  app,
  BrowserWindow,
  Notification,
  Tray,
  ipcMain: {
    handle: (name, fn) => record.ipc.set(name, fn),
    removeHandler: (name) => record.ipc.delete(name),
  },
  webContents: { getAllWebContents: () => BrowserWindow.getAllWindows().map((w) => w.webContents) },
  protocol: {
    registerSchemesAsPrivileged() {},
    handle: (scheme, fn) => record.protocols.set(scheme, fn),
  },
  net: {
    // Only file: URLs are fetched by the app (its renderer bundle, through app://).
    fetch: async (url) => {
      try {
        const file = fileURLToPath(url);
        return new Response(await readFile(file), { status: 200, headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } });
      } catch {
        return new Response('missing', { status: 404 });
      }
    },
  },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} } },
  dialog: {
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showErrorBox: (title, message) => record.errors.push(`${title}: ${message}`),
  },
  Menu: {
    buildFromTemplate: (template) => template,
    setApplicationMenu: (menu) => {
      record.applicationMenu = menu;
    },
  },
  nativeImage: { createFromPath: (path) => ({ path, isEmpty: () => !existsSync(path) }) },
  shell: {
    trashItem: async () => {},
    showItemInFolder: (path) => record.revealed.push(path),
  },
  screen: {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    getDisplayMatching: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
  },
};
