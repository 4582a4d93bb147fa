import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One scratch folder per test run: every test, worker and child process that asks
 * `os.tmpdir()` gets it (through TMPDIR), and it is removed when the run ends, so generated
 * archives and data folders never pile up in /tmp.
 */
export default function setup(): () => void {
  const runDir = mkdtempSync(join(tmpdir(), 'longbox-test-run-'));
  process.env.TMPDIR = runDir;
  return () => rmSync(runDir, { recursive: true, force: true });
}
