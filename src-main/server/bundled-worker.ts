import { fileURLToPath } from 'node:url';

/**
 * Set by scripts/build-bundles.mjs (esbuild `define`) in the CLI bundle only: the worker
 * bundle's path relative to the CLI bundle. Run from its sources (tests, `node cli.ts`) the
 * identifier does not exist and the worker pool uses its own TypeScript entry.
 */
declare const LONGBOX_BUNDLED_WORKER: string | undefined;

/** The worker-thread script the CLI's pool must start: the bundled one when this is the bundle. */
export function bundledWorkerScript(): string | undefined {
  return typeof LONGBOX_BUNDLED_WORKER === 'string' ? fileURLToPath(new URL(LONGBOX_BUNDLED_WORKER, import.meta.url)) : undefined;
}
