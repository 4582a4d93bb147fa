import { listPackage, extractAll, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateSampleLibrary, SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { buildElectron } from '../../../scripts/build-bundles.mjs';
import { tempDir } from '../../helpers/core-harness.ts';

// docs/packaging.md on a machine that cannot download Electron: package the app with
// electron-builder exactly as `npm run dist` does (--dir, this OS), against a stand-in Electron
// distribution, then check what is inside and run the packaged main process, database, worker
// and archive code under Node. Budgets and rules: docs/packaging.md, "What the package holds";
// the fuses: "Fuses" there. Packaged twice: with a stand-in carrying Electron's fuse sentinel
// (the fuses must be flipped) and with one that does not (packaging must still succeed).
const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const builderConfig = parse(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
/** The fuse settings the afterPack hook applies (scripts/after-pack-fuses.cjs), by FuseV1Options name. */
const fuseSettings = JSON.parse(readFileSync(join(repo, 'scripts', 'electron-fuses.json'), 'utf8')) as Record<string, boolean>;
const electronVersion = (JSON.parse(readFileSync(join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

/** Size budgets (docs/packaging.md): today 2.8 MB asar and 4.1 MB unpacked on linux-x64. */
const ASAR_BUDGET_BYTES = 4 * 1024 * 1024;
const UNPACKED_BUDGET_BYTES = 6 * 1024 * 1024;

/** What the bundles leave external (scripts/build-bundles.mjs), with their runtime dependencies. */
const EXTERNAL_MODULES = ['better-sqlite3', '@parcel/watcher', 'node-unrar-js', 'detect-libc', 'is-glob', 'is-extglob', 'picomatch'];

/**
 * A stand-in Electron executable: a shell script. With `sentinel`, it carries Electron's fuse
 * sentinel and a fuse wire in upstream's defaults (RunAsNode, NODE_OPTIONS, inspect and
 * file-protocol privileges on; the rest off), so the afterPack hook flips it like a real binary;
 * without, it is the kind of stand-in outside checkers package with, which has no fuses at all.
 */
function standInElectron(dir: string, sentinel: boolean): Buffer {
  mkdirSync(dir, { recursive: true });
  const script = Buffer.from('#!/bin/sh\necho "stand-in Electron: cannot run the app"\nexit 1\n');
  const wire = Buffer.from([1, 8, ...'10110001'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))));
  const executable = sentinel ? Buffer.concat([script, Buffer.from('# dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), wire, Buffer.from('\n')]) : script;
  writeFileSync(join(dir, 'electron'), executable);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  return executable;
}

interface Packaged {
  appDir: string;
  resources: string;
  asar: string;
  unpacked: string;
  entries: string[];
  /** electron-builder's output, the hook's line included. */
  log: string;
  /** The stand-in `electron` executable as it was before packaging. */
  standIn: Buffer;
}

/**
 * `electron-builder --dir --linux` into `root/release`, from the project folder (hooks resolve
 * against the working directory), against a stand-in Electron with or without the sentinel.
 */
async function packageApp(root: string, sentinel: boolean): Promise<Packaged> {
  const out = join(root, 'release');
  const appDir = join(out, `linux-${process.arch === 'arm64' ? 'arm64-' : ''}unpacked`);
  const resources = join(appDir, 'resources');
  const electronDist = join(root, 'electron-dist');
  const standIn = standInElectron(electronDist, sentinel);
  const { stdout, stderr } = await run(
    process.execPath,
    [
      join(repo, 'node_modules', 'electron-builder', 'cli.js'),
      '--dir',
      '--linux',
      `--${process.arch}`,
      '--projectDir', repo,
      '--publish', 'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${out}`,
      // Natives are N-API prebuilds (same binary for Node and Electron); a rebuild would
      // download Electron's headers, which these machines cannot.
      '-c.npmRebuild=false',
    ],
    { cwd: repo, maxBuffer: 16 * 1024 * 1024 },
  );
  const asar = join(resources, 'app.asar');
  const entries = listPackage(asar, { isPack: false }).map((p) => p.replaceAll('\\', '/'));
  return { appDir, resources, asar, unpacked: join(resources, 'app.asar.unpacked'), entries, log: `${stdout}\n${stderr}`, standIn };
}

function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

/** A fuse's state byte in the binary: ASCII '0' off, '1' on (@electron/fuses' FuseState). */
const FUSE_OFF = '0'.charCodeAt(0);
const FUSE_ON = '1'.charCodeAt(0);

const onLinux = process.platform === 'linux';
if (!onLinux) console.warn('package-contents: packages the Linux layout only; the release workflow runs it on ubuntu');

describe.skipIf(!onLinux)('the packaged app (electron-builder --dir, stand-in Electron)', () => {
  beforeAll(async () => {
    await buildElectron(join(repo, 'dist', 'electron'), 'error');
    if (!existsSync(join(repo, 'dist', 'renderer', 'index.html'))) {
      await run(process.execPath, [join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: repo });
    }
  }, 600_000);

  /** What every package must hold, whatever the stand-in Electron. */
  function containsWhatRuns(p: () => Packaged): void {
    it('holds main, preload, worker and the renderer', () => {
      for (const file of ['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/electron/item-worker.cjs', '/dist/renderer/index.html']) {
        expect(p().entries).toContain(file);
      }
      expect(p().entries.some((e) => /^\/dist\/renderer\/assets\/index-[\w-]+\.js$/.test(e))).toBe(true);
      expect(p().entries).toContain('/assets/tray/trayTemplate@2x.png');
    });

    it('holds nothing that does not run: no screenshots, source maps, sources, CLI bundle or tests', () => {
      const unwanted = p().entries.filter((e) => /screenshot|\.map$|\.ts$|^\/(src-|test|bench|scripts|dist\/cli)|\.md$/.test(e));
      expect(unwanted).toEqual([]);
    });

    it('ships only the modules the bundles leave external: no dev dependencies, nothing bundled twice', () => {
      const modules = new Set(p().entries.map((e) => /^\/node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)/.exec(e)?.[1]).filter((m): m is string => !!m));
      const platformWatcher = [...modules].filter((m) => m.startsWith('@parcel/watcher-'));
      expect(platformWatcher).toHaveLength(1);
      expect([...modules].filter((m) => !platformWatcher.includes(m)).sort()).toEqual([...EXTERNAL_MODULES].sort());
      for (const dev of Object.keys(pkg.devDependencies)) expect(modules.has(dev)).toBe(false);
      // Every other runtime dependency is inside main.cjs, the worker or the renderer bundle.
      const bundled = Object.keys(pkg.dependencies).filter((d) => !EXTERNAL_MODULES.includes(d));
      expect(bundled.length).toBeGreaterThan(5);
      for (const dep of bundled) expect(modules.has(dep)).toBe(false);
      // better-sqlite3: no C sources, only this platform's prebuild.
      expect(p().entries.filter((e) => e.startsWith('/node_modules/better-sqlite3/') && /\/(deps|src)\//.test(e))).toEqual([]);
      expect(p().entries.filter((e) => e.endsWith('.node'))).toEqual([
        `/node_modules/${platformWatcher[0]}/watcher.node`,
        `/node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`,
      ].sort());
    });

    it('unpacks the native modules, the worker and the unrar WASM, within the size budget', () => {
      for (const file of [
        `node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`,
        'node_modules/node-unrar-js/dist/js/unrar.wasm',
        'dist/electron/item-worker.cjs',
      ]) {
        expect(existsSync(join(p().unpacked, file))).toBe(true);
        expect((statFile(p().asar, file) as { unpacked?: boolean }).unpacked).toBe(true);
      }
      expect(readdirSync(join(p().unpacked, 'node_modules', '@parcel')).some((m) => existsSync(join(p().unpacked, 'node_modules', '@parcel', m, 'watcher.node')))).toBe(true);
      const asarBytes = statSync(p().asar).size;
      const unpackedBytes = bytesUnder(p().unpacked);
      console.info(`package-contents: app.asar ${(asarBytes / 1048576).toFixed(2)} MB, app.asar.unpacked ${(unpackedBytes / 1048576).toFixed(2)} MB, ${p().entries.length} entries`);
      expect(asarBytes).toBeLessThanOrEqual(ASAR_BUDGET_BYTES);
      expect(unpackedBytes).toBeLessThanOrEqual(UNPACKED_BUDGET_BYTES);
    });
  }

  describe('with a stand-in carrying the fuse sentinel', () => {
    const dir = tempDir('package');
    let packaged!: Packaged;
    beforeAll(async () => {
      packaged = await packageApp(dir.path, true);
    }, 600_000);
    afterAll(() => dir.remove());

    containsWhatRuns(() => packaged);

    it('flips the fuses scripts/electron-fuses.json sets in the packaged executable, from the afterPack hook', async () => {
      // electron-builder's own `electronFuses` step would fail on a stand-in without the sentinel.
      expect(builderConfig).not.toHaveProperty('electronFuses');
      expect(builderConfig.afterPack).toBe('./scripts/after-pack-fuses.cjs');
      expect(fuseSettings).toMatchObject({
        RunAsNode: false,
        EnableNodeOptionsEnvironmentVariable: false,
        EnableNodeCliInspectArguments: false,
        OnlyLoadAppFromAsar: true,
        EnableEmbeddedAsarIntegrityValidation: true,
        EnableCookieEncryption: true,
      });
      expect(packaged.log).toContain('Electron fuses flipped');
      expect(packaged.log).not.toContain('fuses not applied');
      const wire = (await getCurrentFuseWire(join(packaged.appDir, 'longbox'))) as unknown as Record<number, number>;
      expect(wire[FuseV1Options.RunAsNode]).toBe(FUSE_OFF);
      expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FUSE_OFF);
      expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FUSE_OFF);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FUSE_ON);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FUSE_ON);
      expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FUSE_ON);
      // Every setting, not only the ones above, is in the wire.
      for (const [name, on] of Object.entries(fuseSettings)) {
        expect(wire[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(on ? FUSE_ON : FUSE_OFF);
      }
    });

    it('runs from the packaged tree: main process, database, unpacked worker thread and archive code do a real job', async () => {
      // The asar's files at their packaged paths (a folder named app.asar, as Electron presents
      // it), the real app.asar.unpacked beside it, and the stand-in `electron` module above both.
      const runResources = join(dir.path, 'run', 'resources');
      mkdirSync(runResources, { recursive: true });
      extractAll(packaged.asar, join(runResources, 'app.asar'));
      cpSync(packaged.unpacked, join(runResources, 'app.asar.unpacked'), { recursive: true });
      const standIn = join(runResources, 'node_modules', 'electron');
      mkdirSync(standIn, { recursive: true });
      cpSync(join(repo, 'test', 'unit', 'packaging', 'packaged-app', 'stand-in-electron.cjs'), join(standIn, 'index.js'));
      const library = join(dir.path, 'Comics');
      await generateSampleLibrary(library);

      const { stdout } = await run(
        process.execPath,
        [join(repo, 'test', 'unit', 'packaging', 'packaged-app', 'run-packaged-main.cjs'), runResources, join(dir.path, 'user-data'), library],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        info: { mode: string; version: string };
        rootFiles: number;
        job: { state: string; total: number; failed: number };
        windowUrl: string;
        preload: string;
        renderer: { status: number; csp: string | null; hasRoot: boolean };
        trays: string[];
        notifications: Array<{ title: string }>;
        errors: string[];
      };
      expect(report.errors).toEqual([]);
      expect(report.info).toMatchObject({ mode: 'electron', version: '0.0.0-packaged' });
      expect(report.rootFiles).toBe(SAMPLE_FILES.length);
      expect(report.job).toMatchObject({ state: 'completed', total: SAMPLE_FILES.length, failed: 0 });
      expect(readdirSync(join(library, 'Saga')).sort()).toEqual(['Saga - Chapter 0054.cbz', 'Saga - Chapter 0055.cbz']);
      expect(report.windowUrl).toBe('app://longbox/index.html');
      expect(existsSync(report.preload)).toBe(true);
      expect(report.renderer).toMatchObject({ status: 200, hasRoot: true });
      expect(report.renderer.csp).toContain("default-src 'self'");
      expect(report.trays).toHaveLength(1);
      expect(existsSync(report.trays[0]!)).toBe(true);
      expect(report.notifications.map((n) => n.title)).toEqual([expect.stringContaining('completed')]);
    });
  });

  describe('with a stand-in without the fuse sentinel (an arbitrary executable)', () => {
    const dir = tempDir('package-no-sentinel');
    let packaged!: Packaged;
    beforeAll(async () => {
      // Fails (rejects) if electron-builder does: it must not.
      packaged = await packageApp(dir.path, false);
    }, 600_000);
    afterAll(() => dir.remove());

    containsWhatRuns(() => packaged);

    it('packages the stand-in untouched and says in one line that the fuses were not applied', () => {
      expect(packaged.log.split('\n').filter((l) => l.includes('stand-in Electron without the fuse sentinel: fuses not applied'))).toHaveLength(1);
      expect(packaged.log).not.toContain('Electron fuses flipped');
      expect(readFileSync(join(packaged.appDir, 'longbox')).equals(packaged.standIn)).toBe(true);
    });
  });
});
