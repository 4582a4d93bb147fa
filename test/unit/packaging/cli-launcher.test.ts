import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSampleLibrary, SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { tempDir } from '../../helpers/core-harness.ts';

// bin/longbox.js as users run it: from the dist/cli bundle (built by test/global-setup.ts),
// under the pinned Node and, where the machine has one, under an older system Node it must
// hand over to the pinned one.
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const launcher = join(repo, 'bin', 'longbox.js');
const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };

/** A Node older than the CLI needs (Debian's /usr/bin/node here), or null. */
function olderNode(): string | null {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const v = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const [major, minor] = v.split('.').map(Number);
    if (major! < 22 || (major === 22 && minor! < 18)) return candidate;
  }
  return null;
}
const OLD_NODE = olderNode();
if (!OLD_NODE) console.warn('cli-launcher: no Node older than 22.18 on this machine; the re-run-under-pinned-Node cases are skipped');
const dir = tempDir('cli-launcher');
afterAll(() => dir.remove());

function childPids(pid: number): number[] {
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `longbox serve` through the launcher and resolves once it prints its URL. */
async function startServe(node: string, library: string, dataDir: string) {
  const child = spawn(node, [launcher, 'serve', '--library', library, '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    void exited.then(({ code }) => reject(new Error(`serve exited early (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { type: string; url?: string };
      if (message.type === 'serving') resolve(message.url!);
    });
  });
  return { child, exited, url };
}

describe('bin/longbox.js', () => {
  it('answers --version and -v with the package version', () => {
    for (const flag of ['--version', '-v']) {
      const run = spawnSync(process.execPath, [launcher, flag], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });

  it('runs a real job from the bundle, with its bundled worker thread', async () => {
    const library = join(dir.path, 'lib-run');
    await generateSampleLibrary(library);
    const run = spawnSync(process.execPath, [launcher, 'run', 'process', '--all', '--library', library, '--data-dir', join(dir.path, 'data-run'), '--json'], {
      encoding: 'utf8',
    });
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(result).toMatchObject({ type: 'result', state: 'completed', failed: 0 });
    expect((result.succeeded as number) + (result.skipped as number)).toBe(SAMPLE_FILES.length);
    // Completed items prove the pool ran dist/cli/item-worker.mjs: its default entry,
    // item-worker.ts beside the bundle, does not exist.
    expect(run.status).toBe(0);
  });

  it.skipIf(!OLD_NODE)('under an older Node, re-runs itself with the pinned one and passes the exit code on', () => {
    expect(spawnSync(OLD_NODE!, [launcher, '--version'], { encoding: 'utf8' }).stdout).toBe(`${version}\n`);
    const bad = spawnSync(OLD_NODE!, [launcher, 'run', 'process', '--bogus'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--bogus');
    const ok = spawnSync(OLD_NODE!, [launcher, 'jobs', 'list', '--json', '--data-dir', join(dir.path, 'data-old')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
  });

  it.skipIf(!OLD_NODE || process.platform === 'win32')('forwards SIGTERM to the child it started and leaves no orphan', async () => {
    const library = join(dir.path, 'lib-serve');
    await generateSampleLibrary(library);
    const serve = await startServe(OLD_NODE!, library, join(dir.path, 'data-serve'));
    const [pinnedChild] = childPids(serve.child.pid!);
    expect(pinnedChild).toBeGreaterThan(0);
    serve.child.kill('SIGTERM');
    // serve stops cleanly on SIGTERM (exit 0), and the launcher exits with the child's code.
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(alive(pinnedChild!)).toBe(false);
  });

  it.skipIf(!OLD_NODE || process.platform === 'win32')('dies by the signal that killed its child', async () => {
    const library = join(dir.path, 'lib-kill');
    await generateSampleLibrary(library);
    const serve = await startServe(OLD_NODE!, library, join(dir.path, 'data-kill'));
    const [pinnedChild] = childPids(serve.child.pid!);
    process.kill(pinnedChild!, 'SIGKILL');
    expect(await serve.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('without a bundle, builds it once in a checkout and says what to do in an install that cannot', () => {
    // A checkout installed with --ignore-scripts: sources and esbuild present, dist/ absent.
    const checkout = join(dir.path, 'checkout');
    mkdirSync(checkout);
    cpSync(join(repo, 'bin'), join(checkout, 'bin'), { recursive: true });
    cpSync(join(repo, 'package.json'), join(checkout, 'package.json'));
    for (const linked of ['scripts', 'src-main', 'src-shared', 'node_modules']) symlinkSync(join(repo, linked), join(checkout, linked));
    const built = spawnSync(process.execPath, [join(checkout, 'bin', 'longbox.js'), '--help'], { encoding: 'utf8', cwd: checkout });
    expect(built.stderr).toContain('building the CLI bundle');
    expect(built.stdout).toContain('longbox scan');
    expect(built.status).toBe(0);
    expect(existsSync(join(checkout, 'dist', 'cli', 'item-worker.mjs'))).toBe(true);

    const bare = join(dir.path, 'bare');
    mkdirSync(bare);
    cpSync(join(repo, 'bin'), join(bare, 'bin'), { recursive: true });
    cpSync(join(repo, 'package.json'), join(bare, 'package.json'));
    const refused = spawnSync(process.execPath, [join(bare, 'bin', 'longbox.js'), 'scan'], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Run `npm run build`');
  });
});
