import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { generateSampleLibrary, SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { createJobHarness, seedFiles } from '../../helpers/job-harness.ts';

// The launcher users run (bin/longbox.js → the dist/cli bundle test/global-setup.ts builds).
const CLI = new URL('../../../bin/longbox.js', import.meta.url).pathname;
const TRIALS = 30;
const base = mkdtempSync(join(tmpdir(), 'longbox-crash-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function archivesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.cb[zr]$/i.test(p) && statSync(join(dir, p)).isFile())
    .map((p) => join(dir, p));
}

/** Starts `longbox run process --all` and SIGKILLs it at a random moment of its life. */
function runAndKill(library: string, dataDir: string, seed: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', 'process', '--all', '--library', library, '--data-dir', dataDir, '--json'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Half the trials die at a random time after start, half a random moment after the first progress.
    const kill = () => child.kill('SIGKILL');
    if (seed % 2) setTimeout(kill, Math.random() * 1500);
    else child.stdout.once('data', () => setTimeout(kill, Math.random() * 60));
    child.on('exit', () => resolve());
  });
}

describe('crash recovery (real processes, SIGKILL)', () => {
  it(`process job killed at random moments: after "jobs resume" every file is processed exactly once`, async () => {
    let resumed = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const library = join(base, `t${trial}`, 'lib');
      const dataDir = join(base, `t${trial}`, 'data');
      await generateSampleLibrary(library);
      await runAndKill(library, dataDir, trial);
      const resume = spawnSync(process.execPath, [CLI, 'jobs', 'resume', '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
      expect(resume.status, resume.stdout + resume.stderr).not.toBe(2);

      // No file lost or duplicated on disk, every archive still opens.
      const onDisk = archivesIn(library);
      expect(onDisk).toHaveLength(SAMPLE_FILES.length);
      for (const file of onDisk) await expect(readArchiveSummary(file)).resolves.toBeTruthy();

      const db = openDatabase(join(dataDir, 'longbox.db'));
      try {
        const jobs = db.prepare('SELECT id, state, total FROM jobs').all() as Array<{ id: string; state: string; total: number }>;
        if (!jobs.length) continue; // killed before the job was created: nothing to recover
        resumed += 1;
        expect(jobs).toHaveLength(1);
        expect(jobs[0]).toMatchObject({ state: 'completed', total: SAMPLE_FILES.length });
        const items = db.prepare('SELECT file_id, state FROM job_items WHERE job_key = (SELECT key FROM jobs WHERE id = ?)').all(jobs[0]!.id) as Array<{ file_id: number; state: string }>;
        // One row per file, none lost, each ended done or skipped.
        expect(new Set(items.map((i) => i.file_id)).size).toBe(SAMPLE_FILES.length);
        expect(items.filter((i) => i.state !== 'done' && i.state !== 'skipped')).toEqual([]);
        const indexed = db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number };
        expect(indexed.n).toBe(SAMPLE_FILES.length);
      } finally {
        db.close();
      }
    }
    expect(resumed).toBeGreaterThan(TRIALS / 3);
  }, 240_000);

  it('a second process on the same data folder leaves a job with a live lease alone', async () => {
    const dir = mkdtempSync(join(base, 'two-'));
    const h = await createJobHarness({ dir, settings: { workerCount: 1 } });
    try {
      seedFiles(h.db, 150);
      const job = h.start({ kind: 'noop', scope: { type: 'all' }, noop: { delayMs: 10 } });
      const other = spawnSync(process.execPath, [CLI, 'jobs', 'resume', '--data-dir', dir, '--json'], { encoding: 'utf8' });
      expect(other.status, other.stderr).toBe(0);
      expect(other.stdout).not.toContain(job.id);
      const final = await h.engine.waitFor(job.id);
      expect(final).toMatchObject({ state: 'completed', done: 150, succeeded: 150, interruptions: 0 });
      const rows = h.db.prepare('SELECT COUNT(*) AS n FROM job_items WHERE job_key = (SELECT key FROM jobs WHERE id = ?) AND state = ?').get(job.id, 'done');
      expect(rows).toEqual({ n: 150 });
    } finally {
      await h.close();
    }
  });
});
