import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSampleLibrary, SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';

// The desktop app itself, launched by Playwright: the window opens on the library view, a job
// over a generated library completes through the real preload + IPC, the tray exists and the
// job-end notification is requested. Runs wherever node_modules/electron has its binary (the
// release workflow's runners); build machines without the Electron download skip it.
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Where the `electron` package put its binary (path.txt), without its download-on-require. */
function electronBinary(): string | null {
  const pkg = join(repo, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(pkg, 'dist', relative);
  return existsSync(binary) ? binary : null;
}
const binary = electronBinary();

const SKIP_REASON =
  'No Electron binary in node_modules/electron (its download is blocked on this machine): the Electron smoke test runs in the release workflow. The packaged app is still checked here by test/unit/packaging/package-contents.test.ts.';
if (!binary) console.warn(`Electron smoke test skipped. ${SKIP_REASON}`);
test.skip(!binary, SKIP_REASON);

/** What the preload exposes to the page (src-main/preload/preload.ts). */
interface Page {
  longbox: { invoke(name: string, input: unknown): Promise<unknown> };
}

interface Smoke {
  trays: number;
  notifications: Array<{ title: string; body: string }>;
}

test('the window opens on the library view, a job completes, the tray exists and the end is notified', async () => {
  const work = mkdtempSync(join(tmpdir(), 'longbox-smoke-'));
  const library = join(work, 'Comics');
  await generateSampleLibrary(library);
  const app = await electron.launch({
    executablePath: binary!,
    args: ['-r', join(repo, 'test', 'e2e-electron', 'smoke-spy.cjs'), repo],
    env: { ...process.env, LONGBOX_SMOKE_USER_DATA: join(work, 'user-data') },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('grid', { name: 'Files' })).toBeAttached();

    // The window drives the core through the preload's one object, as the UI does.
    await page.evaluate((path) => (globalThis as unknown as Page).longbox.invoke('library.roots.add', { path }), library);
    await expect(page.getByRole('grid', { name: 'Files' })).toHaveAttribute('aria-rowcount', String(SAMPLE_FILES.length));
    // Job-end notifications are for when nobody is looking: hide the window first.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.hide());
    await page.evaluate(() =>
      (globalThis as unknown as Page).longbox.invoke('jobs.start', {
        kind: 'process',
        scope: { type: 'all', rootId: null },
      }),
    );
    await expect
      .poll(async () => (await app.evaluate(() => (globalThis as unknown as { __longboxSmoke: Smoke }).__longboxSmoke)).notifications.map((n) => n.title), {
        timeout: 60_000,
      })
      .toEqual([expect.stringContaining('completed')]);
    expect(readdirSync(join(library, 'Saga')).sort()).toEqual(['Saga - Chapter 0054.cbz', 'Saga - Chapter 0055.cbz']);
    const smoke = await app.evaluate(() => (globalThis as unknown as { __longboxSmoke: Smoke }).__longboxSmoke);
    expect(smoke.trays).toBe(1);
  } finally {
    await app.close();
    rmSync(work, { recursive: true, force: true });
  }
});
