// Bundles everything that runs outside the browser, with one esbuild configuration:
// - dist/electron: the Electron main process, the job engine's worker thread and the sandboxed
//   preload (which cannot `require` our modules);
// - dist/cli: the `longbox` CLI / `serve` and its own worker thread, which bin/longbox.js starts
//   (a bundle loads in a fraction of the time Node needs to type-strip every source file).
// Native modules and the unrar WASM package stay external: they are loaded from disk (and
// unpacked from the app's asar, see electron-builder.yml).
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NATIVE_EXTERNALS = ['better-sqlite3', '@parcel/watcher', 'node-unrar-js'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  external: NATIVE_EXTERNALS,
  legalComments: 'none',
  // Entry points and relative output folders are the repo's, whatever the caller's cwd.
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
};

export async function buildElectron(outdir = 'dist/electron', logLevel = 'info') {
  const electron = {
    ...common,
    format: 'cjs',
    // Maps are for debugging a build; electron-builder.yml keeps them out of the package.
    sourcemap: true,
    outdir,
    outExtension: { '.js': '.cjs' },
    external: [...NATIVE_EXTERNALS, 'electron'],
    // The worker pool's default entry uses import.meta.url; the bundle passes its own path
    // (AppCoreOptions.workerScript), so that branch never runs here.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel,
  };
  await build({ ...electron, entryPoints: { main: 'src-main/electron/main.ts' } });
  await build({ ...electron, entryPoints: { 'item-worker': 'src-main/core/exec/item-worker.ts' } });
  await build({ ...electron, entryPoints: { preload: 'src-main/preload/preload.ts' } });
}

/**
 * ESM, because the CLI uses top-level await and import.meta.url. dist/cli sits as deep in the
 * repo as src-main/server, so the sources' `new URL('../../package.json', import.meta.url)` and
 * `../../dist/renderer` resolve the same from the bundle. Bundled CommonJS dependencies call
 * `require` for Node built-ins, which an ES module lacks: the banner provides one.
 */
export async function buildCli(outdir = 'dist/cli', logLevel = 'info') {
  // Chunks are named by content hash: those of an earlier build would pile up beside the new ones.
  for (const name of existsSync(outdir) ? readdirSync(outdir) : []) if (name.startsWith('chunk-')) rmSync(join(outdir, name));
  await build({
    ...common,
    format: 'esm',
    outdir,
    outExtension: { '.js': '.mjs' },
    // Code splitting: each lazily imported task (worker-reads.ts, the operations) becomes its own
    // chunk, so a pool thread that only walks folders loads a few KB instead of the whole worker
    // (docs/packaging.md, "Start-up"); modules both entries use are shared chunks.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    entryPoints: { longbox: 'src-main/server/cli.ts', 'item-worker': 'src-main/core/exec/item-worker.ts' },
    banner: { js: "import { createRequire as __longboxRequire } from 'node:module'; const require = __longboxRequire(import.meta.url);" },
    // The CLI's worker-pool entry: see src-main/server/bundled-worker.ts.
    define: { LONGBOX_BUNDLED_WORKER: JSON.stringify('./item-worker.mjs') },
    logLevel,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] ?? 'all';
  if (which === 'all' || which === 'cli') await buildCli();
  if (which === 'all' || which === 'electron') await buildElectron();
}
