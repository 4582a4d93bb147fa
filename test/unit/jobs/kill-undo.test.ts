import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSampleLibrary } from '../../../src-main/core/demo/sample-library.ts';
import { waitForJob } from '../../../src-shared/contract/wait-for-job.ts';
import { startTestCore, value } from '../../helpers/core-harness.ts';

const CLI = new URL('../../../src-main/server/cli.ts', import.meta.url).pathname;
const TRIALS = 8;
const base = mkdtempSync(join(tmpdir(), 'longbox-kill-undo-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Every archive under `dir`: relative path → sha256 of its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const abs = join(dir, rel);
    if (statSync(abs).isFile()) out[rel] = createHash('sha256').update(readFileSync(abs)).digest('hex');
  }
  return out;
}

/**
 * Starts `longbox run process --all` and SIGKILLs it at a moment spread over the whole job:
 * every third trial at a random time from start (start-up, scan, first items), the others once
 * the job has reported a random number of its items done (measured in work, not wall-clock).
 */
function runAndKill(library: string, dataDir: string, trial: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', 'process', '--all', '--library', library, '--data-dir', dataDir, '--json'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const kill = () => child.kill('SIGKILL');
    if (trial % 3 === 0) setTimeout(kill, Math.random() * 2000);
    else {
      let target: number | null = null;
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const event = JSON.parse(line) as { type: string; done?: number; total?: number };
          if (event.type !== 'progress' || event.total === undefined) continue;
          target ??= Math.floor(Math.random() * event.total);
          if ((event.done ?? 0) >= target) kill();
        }
      });
    }
    child.on('exit', () => resolve());
  });
}

describe('kill, resume, undo (real processes, SIGKILL)', () => {
  it('after "jobs resume" and undo, every archive is byte-identical to the original and at its original name', async () => {
    let undone = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const library = join(base, `t${trial}`, 'lib');
      const dataDir = join(base, `t${trial}`, 'data');
      await generateSampleLibrary(library);
      const original = tree(library);
      await runAndKill(library, dataDir, trial);
      const resume = spawnSync(process.execPath, [CLI, 'jobs', 'resume', '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
      expect(resume.status, resume.stdout + resume.stderr).not.toBe(2);

      const core = await startTestCore(dataDir);
      try {
        const job = (await value(core.client.invoke('jobs.list', { offset: 0, limit: 10 }))).jobs.find((j) => j.kind === 'process');
        if (!job) continue; // killed before the job was created: nothing was changed
        expect(job.state).toBe('completed');
        const undo = await value(core.client.invoke('jobs.undo', { jobId: job.id }));
        const final = await waitForJob(core.client, undo.id);
        const { items } = await value(core.client.invoke('jobs.items', { jobId: undo.id, offset: 0, limit: 100 }));
        expect(final.failed, JSON.stringify(items.filter((i) => i.error))).toBe(0);
        expect(tree(library)).toEqual(original);
        undone += 1;
      } finally {
        await core.close();
      }
    }
    expect(undone).toBeGreaterThan(TRIALS / 2);
  }, 420_000);
});
