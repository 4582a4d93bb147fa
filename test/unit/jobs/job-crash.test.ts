import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { generateSampleLibrary, type SampleFile } from '../../../src-main/core/demo/sample-library.ts';
import { createJobHarness, seedFiles } from '../../helpers/job-harness.ts';

// The launcher users run (bin/longbox.js → the dist/cli bundle test/global-setup.ts builds).
const CLI = new URL('../../../bin/longbox.js', import.meta.url).pathname;
const TRIALS = 30;
/** A library big enough that progress lines come throughout the job, so kills can land anywhere in it. */
const FILES: SampleFile[] = Array.from({ length: 90 }, (_, i) => {
  const series = ['Saga', 'One Piece', 'Chainsaw Man'][i % 3]!;
  return { relPath: `${series}/${series} c${String(i + 1).padStart(3, '0')}.cbz`, pages: 2 };
});
/** A guard against a hung child, scaled by the work (a loaded 2-core machine is slow, not stuck). */
const PER_TRIAL_MS = 120_000;
const base = mkdtempSync(join(tmpdir(), 'longbox-crash-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function archivesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.cb[zr]$/i.test(p) && statSync(join(dir, p)).isFile())
    .map((p) => join(dir, p));
}

/** The library as a user sees it: every file name with the hash of its ComicInfo.xml. */
async function tree(dir: string): Promise<string[]> {
  const entries = await Promise.all(
    archivesIn(dir).map(async (file) => {
      const xml = (await readArchiveSummary(file)).comicInfoXml ?? '';
      return `${relative(dir, file)}  ${createHash('sha256').update(xml).digest('hex')}`;
    }),
  );
  return entries.sort();
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: PER_TRIAL_MS });
}

/**
 * Starts `longbox run process --all` and SIGKILLs it once a progress line reports at least
 * `killAt` items done, so the kill points of all trials spread over the whole job.
 */
function runAndKill(library: string, dataDir: string, killAt: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', 'process', '--all', '--library', library, '--data-dir', dataDir, '--json'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { type: string; done?: number };
      if (message.type === 'progress' && (message.done ?? 0) >= killAt) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve());
  });
}

describe('crash recovery (real processes, SIGKILL)', () => {
  it(`process job killed throughout its run: "jobs resume" ends with the tree of an uninterrupted run`, { timeout: (TRIALS + 1) * PER_TRIAL_MS }, async () => {
    const referenceLibrary = join(base, 'reference', 'lib');
    await generateSampleLibrary(referenceLibrary, FILES);
    const reference = cli(['run', 'process', '--all', '--library', referenceLibrary, '--data-dir', join(base, 'reference', 'data'), '--json']);
    expect(reference.status, reference.stderr).toBe(0);
    const expectedTree = await tree(referenceLibrary);
    expect(expectedTree).toHaveLength(FILES.length);

    const killedAtFraction: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const library = join(base, `t${trial}`, 'lib');
      const dataDir = join(base, `t${trial}`, 'data');
      await generateSampleLibrary(library, FILES);
      // Kill targets spread evenly from the first item to the last.
      await runAndKill(library, dataDir, Math.max(1, Math.round(((trial + 0.5) / TRIALS) * FILES.length)));

      const db = openDatabase(join(dataDir, 'longbox.db'));
      const killed = db.prepare('SELECT state, done, total FROM jobs').all() as Array<{ state: string; done: number; total: number }>;
      db.close();
      // The first progress line comes after the job row exists: every trial killed a real job.
      expect(killed).toHaveLength(1);
      if (killed[0]!.state === 'running') killedAtFraction.push(killed[0]!.done / killed[0]!.total);

      const resume = cli(['jobs', 'resume', '--data-dir', dataDir, '--json']);
      expect(resume.status, resume.stdout + resume.stderr).toBe(0);
      // The same library an uninterrupted run leaves: names and ComicInfo, file for file.
      expect(await tree(library)).toEqual(expectedTree);

      const after = openDatabase(join(dataDir, 'longbox.db'));
      try {
        const jobs = after.prepare('SELECT id, state, total FROM jobs').all() as Array<{ id: string; state: string; total: number }>;
        expect(jobs).toHaveLength(1);
        expect(jobs[0]).toMatchObject({ state: 'completed', total: FILES.length });
        const items = after.prepare('SELECT file_id, state FROM job_items WHERE job_key = (SELECT key FROM jobs WHERE id = ?)').all(jobs[0]!.id) as Array<{ file_id: number; state: string }>;
        // One row per file, none lost, each ended done or skipped.
        expect(new Set(items.map((i) => i.file_id)).size).toBe(FILES.length);
        expect(items.filter((i) => i.state !== 'done' && i.state !== 'skipped')).toEqual([]);
        const indexed = after.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number };
        expect(indexed.n).toBe(FILES.length);
      } finally {
        after.close();
      }
    }
    // Most kills interrupted a running job, and recoveries happened in every third of the job.
    expect(killedAtFraction.length).toBeGreaterThan(TRIALS / 2);
    for (const [from, to] of [[0, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 1]] as const) {
      expect(killedAtFraction.filter((f) => f >= from && f < to).length, `kills in [${from.toFixed(2)}, ${to.toFixed(2)})`).toBeGreaterThan(0);
    }
  });

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
