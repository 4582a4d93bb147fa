/**
 * The `longbox` CLI as users run it: real child processes on real data folders and archives.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSampleLibrary, SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { buildZip, comicInfoXml, pages } from '../../helpers/archives.ts';

const CLI = new URL('../../../src-main/server/cli.ts', import.meta.url).pathname;
const base = mkdtempSync(join(tmpdir(), 'longbox-cli-'));
// Each CLI start loads the whole core; on a loaded 2-core machine that is seconds, not a limit.
const SLOW = 180_000;
afterAll(() => rmSync(base, { recursive: true, force: true }));

let counter = 0;
/** A fresh work dir whose default data folder (XDG_CONFIG_HOME/Longbox) we can watch. */
function workspace() {
  const dir = join(base, `w${counter++}`);
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), LONGBOX_DATA_DIR: '' };
  delete (env as Record<string, string | undefined>).LONGBOX_DATA_DIR;
  return { dir, env, defaultDataDir: join(dir, 'config', 'Longbox'), dataDir: join(dir, 'data') };
}

function cli(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  const json = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** One archive that reads fine and one cut short (unreadable), in a library folder. */
function mixedLibrary(dir: string): { library: string; good: string; broken: string } {
  const library = join(dir, 'lib', 'Saga');
  mkdirSync(library, { recursive: true });
  const zip = buildZip([...pages(2), { name: 'ComicInfo.xml', data: comicInfoXml('x') }]);
  const good = join(library, 'Saga 001.cbz');
  const broken = join(library, 'Saga 002.cbz');
  writeFileSync(good, zip);
  writeFileSync(broken, zip.subarray(0, zip.length - 30));
  return { library: join(dir, 'lib'), good, broken };
}

describe('longbox CLI', () => {
  it('bad usage exits 2 before anything is created on disk', () => {
    const w = workspace();
    const lib = join(w.dir, 'lib');
    mkdirSync(lib);
    const passwd = join(w.dir, 'passwd');
    writeFileSync(passwd, 'root:x:0:0');
    const misuses = [
      ['frobnicate'],
      ['run', 'frobnicate', '--all', '--library', lib],
      ['run', 'process', '--library', lib],
      ['run', 'process', '--all', '--unprocessed', '--library', lib],
      ['run', 'process', '--all', '--library', join(w.dir, 'missing')],
      ['scan'],
      ['scan', '--library', passwd],
      ['serve', '--library', lib, '--port', '99999'],
      ['serve', '--library', lib, '--port', 'http'],
      ['serve', '--library', passwd],
      ['demo', '--port', '70000'],
      ['jobs', 'show'],
      ['jobs', 'frobnicate'],
      ['jobs', 'list', 'extra'],
      ['inspect'],
      ['inspect', join(w.dir, 'missing.cbz')],
      ['scan', '--library', lib, '--no-such-flag'],
    ];
    for (const args of misuses) {
      const r = cli(args, w.env);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(/longbox/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    }
    expect(existsSync(w.defaultDataDir)).toBe(false);
    expect(readdirSync(w.dir).sort()).toEqual(['lib', 'passwd']);
    expect(readdirSync(lib)).toEqual([]);
  }, 600_000);

  it('--library /etc/passwd (a file) is bad usage', () => {
    const w = workspace();
    const r = cli(['scan', '--library', '/etc/passwd', '--data-dir', w.dataDir], w.env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not a folder: /etc/passwd');
    expect(existsSync(w.dataDir)).toBe(false);
  }, SLOW);

  it('scan names every unreadable file', () => {
    const w = workspace();
    const { library, broken } = mixedLibrary(w.dir);
    const r = cli(['scan', '--library', library, '--data-dir', w.dataDir, '--json'], w.env);
    expect(r.status).toBe(0);
    expect(r.json.filter((l) => l.type === 'unreadable').map((l) => l.path)).toEqual([broken]);
    expect(r.json.at(-1)).toMatchObject({ type: 'result', files: 2, failed: 1 });
    const human = cli(['scan', '--library', library, '--data-dir', w.dataDir], w.env);
    expect(human.stdout).toContain(`unreadable ${broken}`);
  }, SLOW);

  it('scan again reports exactly what changed since (its walk starts while the CLI loads)', () => {
    const w = workspace();
    const { library, good, broken } = mixedLibrary(w.dir);
    const scan = () => cli(['scan', '--library', library, '--data-dir', w.dataDir, '--json'], w.env).json.at(-1);
    expect(scan()).toMatchObject({ type: 'result', files: 2, added: 2, failed: 1 });
    expect(scan()).toMatchObject({ files: 2, added: 0, changed: 0, removed: 0, failed: 1 });
    writeFileSync(join(library, 'Saga', 'Saga 003.cbz'), readFileSync(good));
    rmSync(broken);
    utimesSync(good, new Date(), new Date(2020, 1, 2));
    expect(scan()).toMatchObject({ files: 2, added: 1, changed: 1, removed: 1, failed: 0 });
    expect(scan()).toMatchObject({ files: 2, added: 0, changed: 0, removed: 0, failed: 0 });
  }, SLOW);

  it('run names the failed files and the job ID, and exits 1', () => {
    const w = workspace();
    const { library } = mixedLibrary(w.dir);
    const r = cli(['run', 'normalize', '--all', '--library', library, '--data-dir', w.dataDir, '--json'], w.env);
    expect(r.status, r.stderr).toBe(1);
    const result = r.json.find((l) => l.type === 'result')!;
    expect(result).toMatchObject({ state: 'completed', failed: 1, succeeded: 1 });
    const failed = r.json.filter((l) => l.type === 'failed');
    expect(failed).toEqual([expect.objectContaining({ jobId: result.jobId, path: 'Saga/Saga 002.cbz', code: 'ARCHIVE_TRUNCATED' })]);
    const human = cli(['run', 'normalize', '--all', '--library', library, '--data-dir', w.dataDir], w.env);
    expect(human.status).toBe(1);
    expect(human.stdout).toMatch(/failed {2}Saga\/Saga 002\.cbz {2}\[ARCHIVE_TRUNCATED\]/);
    expect(human.stdout).toMatch(/Details: longbox jobs show [\w-]+/);
  }, SLOW);

  it('jobs resume says so when there is nothing to resume', () => {
    const w = workspace();
    const r = cli(['jobs', 'resume', '--data-dir', w.dataDir, '--json'], w.env);
    expect(r.status).toBe(0);
    expect(r.json).toEqual([{ type: 'result', resumed: 0 }]);
    expect(cli(['jobs', 'resume', '--data-dir', w.dataDir], w.env).stdout).toMatch(/Nothing to resume/);
  }, SLOW);

  it('inspect takes several files, one JSON line each; an unreadable one is reported, not skipped', () => {
    const w = workspace();
    const { good, broken } = mixedLibrary(w.dir);
    const r = cli(['inspect', good, broken, good, '--data-dir', w.dataDir, '--json'], w.env);
    expect(r.status).toBe(1);
    expect(r.json.map((l) => (l.type === 'error' ? `error ${String(l.code)}` : l.path))).toEqual([good, 'error ARCHIVE_TRUNCATED', good]);
  }, SLOW);

  it('output to a reader that went away (jobs list | head) ends quietly', async () => {
    const w = workspace();
    const { library } = mixedLibrary(w.dir);
    cli(['run', 'normalize', '--all', '--library', library, '--data-dir', w.dataDir], w.env);
    const child = spawn(process.execPath, [CLI, 'jobs', 'list', '--data-dir', w.dataDir], { env: w.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Close our end before the CLI writes: its first write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(status).toBe(0);
  }, SLOW);

  it('prints one updating progress line with percent, rate and ETA in a terminal', async () => {
    const w = workspace();
    const library = join(w.dir, 'lib');
    await generateSampleLibrary(library);
    // `script` gives the CLI a real pseudo-terminal as stdout.
    const command = [process.execPath, CLI, 'run', 'normalize', '--all', '--library', library, '--data-dir', w.dataDir].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: w.env });
    expect(r.status, r.stdout).toBe(0);
    const updates = r.stdout.split('\r\x1b[K').slice(1);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const last = updates.at(-1)!;
    expect(last).toMatch(new RegExp(`${SAMPLE_FILES.length}/${SAMPLE_FILES.length} · 100% · [\\d.]+ files/s`));
    // Between updates nothing but the rewrite: one line, not a scrolling log.
    for (const update of updates.slice(0, -1)) expect(update).not.toContain('\n');
  }, SLOW);

  it('demo keeps its temp library out of the default data folder and removes it on exit', async () => {
    const w = workspace();
    const child = spawn(process.execPath, [CLI, 'demo', '--json'], { env: w.env, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    let library = '';
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`demo exited early (${code})`)));
      lines.on('line', (line) => {
        const message = JSON.parse(line) as { type: string; library?: string };
        if (message.type === 'demo') library = message.library!;
        if (message.type === 'serving') resolve();
      });
    });
    expect(existsSync(library)).toBe(true);
    expect(existsSync(w.defaultDataDir)).toBe(false);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(library, '..'))).toBe(false);
    expect(existsSync(w.defaultDataDir)).toBe(false);
  }, SLOW);
});
