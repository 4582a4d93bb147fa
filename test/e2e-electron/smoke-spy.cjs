// Preloaded into the Electron main process by smoke.spec.ts (`-r`), before main.cjs runs:
// points userData at the test's folder and records what the app asks the OS for (a tray, a
// notification), which no window can show. Patches prototypes only; the app is unchanged.
const { app, Notification, Tray } = require('electron');

if (process.env.LONGBOX_SMOKE_USER_DATA) app.setPath('userData', process.env.LONGBOX_SMOKE_USER_DATA);
const smoke = { trays: 0, notifications: [] };
globalThis.__longboxSmoke = smoke;

const setContextMenu = Tray.prototype.setContextMenu;
const seen = new WeakSet();
Tray.prototype.setContextMenu = function (menu) {
  if (!seen.has(this)) {
    seen.add(this);
    smoke.trays++;
  }
  return setContextMenu.call(this, menu);
};

const show = Notification.prototype.show;
Notification.prototype.show = function () {
  smoke.notifications.push({ title: this.title, body: this.body });
  return show.call(this);
};
