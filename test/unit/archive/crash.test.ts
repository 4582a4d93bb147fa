import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { recoverJournals } from '../../../src-main/core/archive/journal-recovery.ts';
import { comicInfoXml, pages, pythonZipCheckMany, tempDir, writeZip, yauzlCrcCheck } from '../../helpers/archives.ts';

const TRIALS = 60;
/** A guard against a hung trial, scaled by the work: a loaded 2-core machine is slow, not stuck. */
const PER_TRIAL_MS = 30_000;
const CHILD = path.join(import.meta.dirname, 'crash-writer-child.ts');
/** Stands for "no ComicInfo.xml at all" (archives that start without one). */
const NONE = '';

/** For each archive: the last version whose write completed, and the one in flight (if any). */
function allowedVersions(log: string): Map<string, Set<string>> {
  const allowed = new Map<string, Set<string>>();
  for (const line of log.split('\n')) {
    const [kind, file, version] = line.split('\t');
    if (!kind || !file || !version) continue; // a torn last line: that write never started
    const set = allowed.get(file) ?? new Set<string>();
    const text = version === 'none' ? NONE : comicInfoXml(`v${version}`);
    if (kind === 'start') set.add(text);
    else set.clear(), set.add(text);
    allowed.set(file, set);
  }
  return allowed;
}

async function killAtRandom(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', () => reject(new Error(`child exited early: ${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, Math.random() * 250));
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  if (signal !== 'SIGKILL') throw new Error(`child ended by itself (${code}): ${stderr}`);
}

describe('crash safety', () => {
  it(`survives SIGKILL at random moments (${TRIALS} trials)`, { timeout: TRIALS * PER_TRIAL_MS }, async () => {
    const dir = tempDir('crash');
    const journalDir = path.join(dir, 'journal');
    const logFile = path.join(dir, 'log.tsv');
    fs.mkdirSync(path.join(dir, 'links'));
    fs.mkdirSync(journalDir);
    const files = Array.from({ length: 6 }, (_, i) => {
      // A mix: ComicInfo last, ComicInfo first (rebuild), none; some with data descriptors.
      const body = pages(4, 4096).map((p) => ({ ...p, descriptor: i % 2 === 1, method: (i === 3 ? 8 : 0) as 0 | 8 }));
      const ci = { name: 'ComicInfo.xml', data: comicInfoXml('v0'), method: 8 as const, descriptor: i % 2 === 1 };
      const entries = i % 3 === 0 ? [ci, ...body] : i % 3 === 1 ? [...body, ci] : body;
      return writeZip(path.join(dir, `book-${i}.cbz`), entries, { zip64: i === 5 });
    });
    fs.writeFileSync(logFile, files.map((f, i) => `done\t${f}\t${i % 3 === 2 ? 'none' : 0}\n`).join(''));
    let version = 0;
    const stats = { restored: 0, completed: 0, discarded: 0, tempsRemoved: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      version += 100_000;
      await killAtRandom([journalDir, logFile, String(version), ...files]);
      const report = await recoverJournals(journalDir);
      expect(report.quarantined).toEqual([]);
      stats.restored += report.restored.length;
      stats.completed += report.completed.length;
      stats.discarded += report.discarded.length;
      stats.tempsRemoved += report.tempsRemoved.length;

      // The child is dead: recovery has applied and removed its journal slots.
      expect(fs.readdirSync(journalDir)).toEqual([]);
      expect(fs.readdirSync(dir).filter((n) => n.includes('.longbox-tmp-'))).toEqual([]);
      const allowed = allowedVersions(fs.readFileSync(logFile, 'utf8'));
      const python = pythonZipCheckMany(files);
      for (const file of files) {
        const py = python[file];
        expect(py?.error, `${file} python`).toBeNull();
        const entries = await yauzlCrcCheck(file);
        const infos = [...entries.keys()].filter((n) => n.toLowerCase() === 'comicinfo.xml');
        const ok = allowed.get(file) as Set<string>;
        expect(infos.length, `${file} has at most one ComicInfo`).toBeLessThanOrEqual(1);
        const text = infos[0] === undefined ? NONE : (entries.get(infos[0])?.toString('utf8') as string);
        expect(ok.has(text), `${file}: ${text} is neither old nor new`).toBe(true);
        expect(py?.comicInfo).toEqual(infos.length ? [text] : []);
        expect([...entries.keys()].filter((n) => n.endsWith('.jpg'))).toHaveLength(4);
      }
      // Hard links only force the rebuild path; drop them between trials.
      for (const link of fs.readdirSync(path.join(dir, 'links'))) fs.unlinkSync(path.join(dir, 'links', link));
    }
    console.log('crash trials', TRIALS, stats);
  });
});
