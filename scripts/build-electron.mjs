// Bundles the Electron main process, the job engine's worker thread and the sandboxed preload
// (which cannot `require` our modules) into one folder (default dist/electron). Native modules
// stay external and are unpacked from the asar.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function buildElectron(outdir = 'dist/electron', logLevel = 'info') {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    outdir,
    outExtension: { '.js': '.cjs' },
    external: ['electron', 'better-sqlite3', '@parcel/watcher', 'node-unrar-js'],
    // The worker pool's default entry uses import.meta.url; the bundle passes its own path
    // (AppCoreOptions.workerScript), so that branch never runs here.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel,
  };
  await build({ ...common, entryPoints: { main: 'src-main/electron/main.ts' } });
  await build({ ...common, entryPoints: { 'item-worker': 'src-main/core/exec/item-worker.ts' } });
  await build({ ...common, entryPoints: { preload: 'src-main/preload/preload.ts' } });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildElectron();
