import { expect as baseExpect, test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generateSampleLibrary, type SampleFile } from '../../src-main/core/demo/sample-library.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServeProcess {
  /** The printed URL: the page takes the token from it once and strips it (no cookie). */
  url: string;
  origin: string;
  token: string;
  workDir: string;
  dataDir: string;
  child: ChildProcess;
}

/** Starts the real `longbox serve` (production renderer bundle, real core) and waits for its URL. */
async function startLongboxServe(workDir: string, library: string, dataDir = join(workDir, 'data'), port?: number): Promise<ServeProcess> {
  const portArgs = port === undefined ? [] : ['--port', String(port)];
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'longbox.js'), 'serve', '--library', library, '--data-dir', dataDir, '--json', ...portArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    // The OS trash (freedesktop layout) inside the test's folder, never the user's own.
    env: { ...process.env, XDG_DATA_HOME: join(workDir, 'xdg-data') },
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`longbox serve exited early (${code})`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { type: string; url?: string };
      if (message.type === 'serving' && message.url) resolve(message.url);
    });
  });
  const parsed = new URL(url);
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', workDir, dataDir, child };
}

async function stopLongboxServe(serve: ServeProcess): Promise<void> {
  if (serve.child.exitCode !== null) return;
  const exited = new Promise((resolve) => serve.child.once('exit', resolve));
  serve.child.kill('SIGTERM');
  await exited;
}

export interface LongboxFixture {
  /** Generates a library folder in this test's work dir (the demo library by default). */
  library(name: string, files?: SampleFile[]): Promise<string>;
  /** Starts `longbox serve` on `library` (an empty folder by default); stopped after the test. */
  serve(library?: string): Promise<ServeProcess>;
  /** Stops a server (SIGTERM) and waits for it to exit. */
  stop(serve: ServeProcess): Promise<void>;
  /** Starts `serve` again on the same port and data folder (so the same token). */
  restart(serve: ServeProcess, library: string): Promise<ServeProcess>;
}

export const test = base.extend<{ workDir: string; longbox: LongboxFixture }>({
  // Playwright requires an object pattern here even when no other fixture is used.
  workDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'longbox-e2e-'));
    mkdirSync(join(dir, 'empty-library'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  longbox: async ({ workDir }, use) => {
    const started: ServeProcess[] = [];
    await use({
      library: async (name, files) => {
        const dir = join(workDir, name);
        await generateSampleLibrary(dir, files);
        return dir;
      },
      serve: async (library = join(workDir, 'empty-library')) => {
        const serve = await startLongboxServe(workDir, library);
        started.push(serve);
        return serve;
      },
      stop: stopLongboxServe,
      restart: async (previous, library) => {
        const serve = await startLongboxServe(workDir, library, previous.dataDir, Number(new URL(previous.origin).port));
        started.push(serve);
        return serve;
      },
    });
    for (const serve of started) await stopLongboxServe(serve);
  },
});

/**
 * Assertions wait up to 15 s: previews, scans and covers run on the worker pool, and on a loaded
 * CI machine a 5 s default fails on work that is merely slow. Waits scale with work elsewhere.
 */
export const expect = baseExpect.configure({ timeout: 15_000 });

/** The sizes every UI spec runs at: a desktop window and a phone (390 × 844). */
export const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1400, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;
