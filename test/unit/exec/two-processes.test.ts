import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import { generateSampleLibrary, SAMPLE_FILES, type SampleFile } from '../../../src-main/core/demo/sample-library.ts';

const CLI = new URL('../../../src-main/server/cli.ts', import.meta.url).pathname;
const base = mkdtempSync(join(tmpdir(), 'longbox-two-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The sample's real-world shapes plus many plain chapters, so both processes have work at once. */
const FILES: SampleFile[] = [
  ...SAMPLE_FILES,
  ...Array.from({ length: 100 }, (_, i) => ({ relPath: `Series ${i % 4}/Series ${i % 4} c${String(i).padStart(3, '0')}.cbz`, pages: 2 })),
];

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): { exited: Promise<Exit>; firstLine: Promise<void> } {
  const child = spawn(process.execPath, [CLI, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sawLine!: () => void;
  const firstLine = new Promise<void>((r) => (sawLine = r));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('\n')) sawLine();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code) => {
      sawLine();
      resolve({ code, stdout, stderr });
    }),
  );
  return { exited, firstLine };
}

function archivesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.cb[zr]$/i.test(p) && statSync(join(dir, p)).isFile())
    .map((p) => join(dir, p));
}

async function libraryWithIndex(name: string): Promise<{ library: string; dataDir: string }> {
  const library = join(base, name, 'lib');
  const dataDir = join(base, name, 'data');
  await generateSampleLibrary(library, FILES);
  const scan = await cli(['scan', '--library', library, '--data-dir', dataDir]).exited;
  expect(scan.code, scan.stderr).toBe(0);
  return { library, dataDir };
}

/** Every archive on disk opens, the index lists exactly these paths, none marked as an error. */
async function expectIntactLibrary(library: string, dataDir: string): Promise<void> {
  const onDisk = archivesIn(library);
  expect(onDisk).toHaveLength(FILES.length);
  for (const file of onDisk) await expect(readArchiveSummary(file), file).resolves.toBeTruthy();
  const db = openDatabase(join(dataDir, 'longbox.db'));
  try {
    const indexed = db.prepare("SELECT r.path || '/' || f.rel_path AS p, f.status FROM files f JOIN roots r ON r.id = f.root_id").all() as Array<{ p: string; status: string }>;
    expect(indexed.map((r) => r.p).sort()).toEqual([...onDisk].sort());
    expect(indexed.filter((r) => r.status === 'error')).toEqual([]);
    // Every claim was released with its commit.
    expect(db.prepare('SELECT COUNT(*) AS n FROM file_claims').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
}

describe('two processes on one data folder (real processes, real archives)', () => {
  it('two "run process --all" started together: every file processed exactly once, no false errors', async () => {
    const { library, dataDir } = await libraryWithIndex('runs');
    const args = ['run', 'process', '--all', '--library', library, '--data-dir', dataDir];
    const [a, b] = await Promise.all([cli(args).exited, cli(args).exited]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);

    const db = openDatabase(join(dataDir, 'longbox.db'));
    try {
      const jobs = db.prepare("SELECT key, state FROM jobs WHERE kind = 'process'").all() as Array<{ key: number; state: string }>;
      expect(jobs.map((j) => j.state)).toEqual(['completed', 'completed']);
      const items = db.prepare('SELECT file_id, state, error_code FROM job_items').all() as Array<{ file_id: number; state: string; error_code: string | null }>;
      expect(items).toHaveLength(2 * FILES.length);
      expect(items.filter((i) => i.state === 'failed')).toEqual([]);
      expect(items.filter((i) => i.error_code === 'ARCHIVE_CHANGED' || i.error_code === 'ARCHIVE_CORRUPT' || i.error_code === 'ARCHIVE_TRUNCATED')).toEqual([]);
      // Written by exactly one of the two jobs (the other found it processed already), or by
      // neither, when both skip it for the same reason (a file name without a number).
      const perFile = new Map<number, typeof items>();
      for (const i of items) perFile.set(i.file_id, [...(perFile.get(i.file_id) ?? []), i]);
      expect(perFile.size).toBe(FILES.length);
      let written = 0;
      for (const [fileId, both] of perFile) {
        const done = both.filter((i) => i.state === 'done').length;
        expect(done, `file ${fileId}: ${JSON.stringify(both)}`).toBeLessThanOrEqual(1);
        if (done) written += 1;
        else expect(both[0]!.error_code, JSON.stringify(both)).toBe(both[1]!.error_code);
      }
      // The plain chapters all need normalizing and renaming: at least those were written.
      expect(written).toBeGreaterThanOrEqual(100);
    } finally {
      db.close();
    }
    await expectIntactLibrary(library, dataDir);
  }, 240_000);

  it('scans in another process while a run writes: no false errors, nothing dropped, the run loses no item', async () => {
    const { library, dataDir } = await libraryWithIndex('scan-race');
    const run = cli(['run', 'process', '--all', '--library', library, '--data-dir', dataDir]);
    await run.firstLine;
    // Scan over and over until the run ends: each scan races the run's writes and renames.
    let ended = false;
    void run.exited.then(() => (ended = true));
    const scans: Exit[] = [];
    do scans.push(await cli(['scan', '--library', library, '--data-dir', dataDir]).exited);
    while (!ended);
    const result = await run.exited;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const scan of scans) {
      expect(scan.code, scan.stdout + scan.stderr).toBe(0);
      const last = JSON.parse(scan.stdout.trim().split('\n').at(-1)!) as { type: string; failed?: number };
      expect(last.type).toBe('result');
      expect(last.failed ?? 0).toBe(0);
    }
    const db = openDatabase(join(dataDir, 'longbox.db'));
    try {
      const items = db.prepare("SELECT state FROM job_items WHERE state <> 'done' AND state <> 'skipped'").all();
      expect(items).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM job_items').get()).toEqual({ n: FILES.length });
      expect((db.prepare("SELECT COUNT(*) AS n FROM job_items WHERE state = 'done'").get() as { n: number }).n).toBeGreaterThanOrEqual(100);
    } finally {
      db.close();
    }
    await expectIntactLibrary(library, dataDir);
  }, 240_000);
});
