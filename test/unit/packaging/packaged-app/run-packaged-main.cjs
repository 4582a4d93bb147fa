// Runs the packaged Electron main process (resources/app.asar/dist/electron/main.cjs, extracted)
// under plain Node with stand-in-electron.cjs, then drives it as its window would: over the
// IPC handlers it registered, from a trusted app://longbox frame. It adds the library, runs a
// `process` job over it to the end on the packaged, unpacked worker thread, fetches the
// renderer through the app:// protocol, quits, and prints one JSON report on stdout.
//
//   node run-packaged-main.cjs <resources dir> <user data dir> <library dir>
const { join } = require('node:path');

const [resources, userData, library] = process.argv.slice(2);
process.env.LONGBOX_STAND_IN_USER_DATA = userData;

async function waitFor(what, check, seconds = 60) {
  for (let i = 0; i < seconds * 20; i++) {
    const value = check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function main() {
  require(join(resources, 'app.asar', 'dist', 'electron', 'main.cjs'));
  const record = globalThis.__electronStandIn;
  await waitFor('the IPC handlers and a window', () => record.ipc.has('longbox:jobs.start') && record.windows.length > 0);
  const window = record.windows[0];
  const frame = window.webContents.mainFrame;
  const invoke = async (name, input) => {
    const handler = record.ipc.get(`longbox:${name}`);
    const result = await handler({ sender: window.webContents, senderFrame: frame }, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };

  const info = await invoke('app.info', {});
  const root = await invoke('library.roots.add', { path: library });
  const started = await invoke('jobs.start', { kind: 'process', scope: { type: 'all', rootId: null } });
  const final = await waitFor('the job to end', () =>
    record.sent.map(([, name, payload]) => (name === 'job.updated' && payload.id === started.id && ['completed', 'failed', 'cancelled'].includes(payload.state) ? payload : null)).find(Boolean),
  );
  const page = await record.protocols.get('app')({ url: 'app://longbox/index.html' });
  const html = await page.text();
  const report = {
    info,
    rootFiles: root.fileCount,
    job: final,
    windowUrl: window.webContents.url,
    preload: window.options.webPreferences.preload,
    renderer: { status: page.status, csp: page.headers.get('content-security-policy'), hasRoot: html.includes('id="root"') },
    trays: record.trays.map((t) => t.image.path),
    notifications: record.notifications,
    errors: record.errors,
  };
  require(join(resources, 'node_modules', 'electron')).app.quit();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
