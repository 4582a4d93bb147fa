import { join } from 'node:path';

/**
 * The job engine's worker-thread script, bundled beside main.cjs (scripts/build-bundles.mjs).
 *
 * Packaged, main.cjs runs from inside resources/app.asar. Electron documents the asar as a
 * virtual file system patched into Node's `fs` and `require` of the main process
 * (https://www.electronjs.org/docs/latest/tutorial/asar-archives); worker threads could not
 * load scripts from it (electron/electron#22446, and #23078: "worker_threads is not
 * compatible with ASAR") until Electron 18 set up asar support in workers too
 * (electron/electron#33216) — for the CommonJS loader only. So we do not depend on it:
 * electron-builder.yml unpacks item-worker.cjs (and the unrar WASM it reads), and the pool is
 * pointed at that real file in app.asar.unpacked. Unpackaged (`npm start`), nothing changes.
 */
export function workerScriptPath(bundleDir: string): string {
  return join(bundleDir, 'item-worker.cjs').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
