// Bundles the Electron main process and the sandboxed preload (which cannot `require` our
// modules) into dist/electron. Native modules stay external and are unpacked from the asar.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  external: ['electron', 'better-sqlite3', '@parcel/watcher', 'node-unrar-js'],
  logLevel: 'info',
};

await build({ ...common, entryPoints: { main: 'src-main/electron/main.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' } });
await build({ ...common, entryPoints: { preload: 'src-main/preload/preload.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' } });
