import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../scripts/build-bundles.mjs';

/**
 * One scratch folder per test run: every test, worker and child process that asks
 * `os.tmpdir()` gets it (through TMPDIR), and it is removed when the run ends, so generated
 * archives and data folders never pile up in /tmp. Tests that spawn `longbox` go through
 * bin/longbox.js, which runs the dist/cli bundle: it is rebuilt first, so they test these sources.
 */
export default async function setup(): Promise<() => void> {
  await buildCli(join(import.meta.dirname, '..', 'dist', 'cli'), 'error');
  const runDir = mkdtempSync(join(tmpdir(), 'longbox-test-run-'));
  process.env.TMPDIR = runDir;
  return () => rmSync(runDir, { recursive: true, force: true });
}
