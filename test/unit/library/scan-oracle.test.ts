/**
 * Scan correctness at 10k files against a brute-force oracle: after a first scan and after
 * adds, changes, deletes, moves and an offline root, the index holds exactly what a plain walk
 * of the folder says (path, size, mtime, metadata), moved files keep their row and status, and
 * an offline root keeps every row. Real files, real SQLite, real pool threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestCore, tempDir, type TestCore } from '../../helpers/core-harness.ts';
import { tinyArchive, tinyMetadata, TINY_VARIANTS, writeTinyLibrary } from '../../helpers/tiny-library.ts';

const COUNT = 10_000;
const dir = tempDir('scan-oracle');
afterAll(() => dir.remove());

interface Row {
  id: number;
  rel_path: string;
  size: number;
  mtime_ms: number;
  series: string | null;
  number: string | null;
  page_count: number | null;
  status: string;
}

/** The oracle: every archive under `root` by a plain recursive walk, with the metadata its bytes encode. */
function oracle(root: string, variantOf: Map<string, number>) {
  const expected = new Map<string, { size: number; mtime_ms: number; series: string; number: string; page_count: number }>();
  for (const rel of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.cbz')) continue;
    const stat = fs.statSync(path.join(root, rel));
    const meta = tinyMetadata(variantOf.get(rel.split(path.sep).join('/'))!);
    expected.set(rel.split(path.sep).join('/'), { size: stat.size, mtime_ms: stat.mtimeMs, series: meta.series, number: meta.number, page_count: meta.pageCount });
  }
  return expected;
}

function indexed(core: TestCore): Map<string, Row> {
  const rows = core.sqlite.prepare('SELECT id, rel_path, size, mtime_ms, series, number, page_count, status FROM files').all() as Row[];
  return new Map(rows.map((r) => [r.rel_path, r]));
}

function expectMatches(core: TestCore, root: string, variantOf: Map<string, number>): Map<string, Row> {
  const index = indexed(core);
  const expected = oracle(root, variantOf);
  expect([...index.keys()].sort()).toEqual([...expected.keys()].sort());
  const wrong = [...expected].filter(([rel, e]) => {
    const r = index.get(rel)!;
    return r.size !== e.size || r.mtime_ms !== e.mtime_ms || r.series !== e.series || r.number !== e.number || r.page_count !== e.page_count;
  });
  expect(wrong.slice(0, 5)).toEqual([]);
  return index;
}

// Both walkers: GNU find (the default on Linux, with the walk digest) and the Node walker on the pool.
describe.each([{ findWalk: true }, { findWalk: false }])('scan vs a brute-force oracle (10k files, %o)', ({ findWalk }) => {
  it('first scan, then add / change / delete / move, then an offline root', async () => {
    const root = path.join(dir.path, `library-${findWalk}`);
    const files = await writeTinyLibrary(root, COUNT);
    const variantOf = new Map(files.map((f, i) => [path.relative(root, f).split(path.sep).join('/'), i % TINY_VARIANTS]));
    const core = await startTestCore(path.join(dir.path, `data-${findWalk}`), { findWalk });
    try {
      const added = await core.dispatch('library.roots.add', { path: root });
      expect(added).toMatchObject({ ok: true, value: { fileCount: COUNT } });
      const rootId = (added as { value: { id: number } }).value.id;
      const first = expectMatches(core, root, variantOf);

      const rels = [...variantOf.keys()].sort();
      const toChange = rels.slice(0, 200);
      const toDelete = rels.slice(200, 400);
      const toMove = rels.slice(400, 600);
      // Moved files were processed: the status must follow them to their new path.
      const markProcessed = core.sqlite.prepare("UPDATE files SET status = 'processed' WHERE rel_path = ?");
      for (const rel of toMove) markProcessed.run(rel);
      const images = await Promise.all(Array.from({ length: TINY_VARIANTS }, (_, v) => tinyArchive(v)));
      for (const rel of toChange) {
        const variant = (variantOf.get(rel)! + 1) % TINY_VARIANTS;
        fs.writeFileSync(path.join(root, rel), images[variant]!);
        // Same size as before (the variants differ only in content): mtime is what changed.
        fs.utimesSync(path.join(root, rel), new Date(), new Date(Date.now() + 5000));
        variantOf.set(rel, variant);
      }
      for (const rel of toDelete) {
        fs.rmSync(path.join(root, rel));
        variantOf.delete(rel);
      }
      fs.mkdirSync(path.join(root, 'Moved'));
      const movedTo = new Map<string, string>();
      for (const [i, rel] of toMove.entries()) {
        const to = `Moved/moved ${i}.cbz`;
        fs.renameSync(path.join(root, rel), path.join(root, to));
        variantOf.set(to, variantOf.get(rel)!);
        variantOf.delete(rel);
        movedTo.set(rel, to);
      }
      fs.mkdirSync(path.join(root, 'New Series'));
      for (let i = 0; i < 300; i++) {
        const rel = `New Series/new ${i}.cbz`;
        fs.writeFileSync(path.join(root, rel), images[i % TINY_VARIANTS]!);
        variantOf.set(rel, i % TINY_VARIANTS);
      }

      const rescan = await core.dispatch('library.scan', { rootId });
      expect(rescan).toMatchObject({ ok: true, value: { files: COUNT - 200 + 300, added: 300, changed: 400, removed: 200, failed: 0 } });
      const after = expectMatches(core, root, variantOf);
      // The trigger-kept counts (what totals and badges read) agree with a count of the rows.
      const counted = core.sqlite.prepare('SELECT status, COUNT(*) AS n FROM files GROUP BY status').all() as Array<{ status: string; n: number }>;
      const counts = await core.dispatch('library.counts', { rootId: null });
      expect(counts).toMatchObject({ ok: true, value: { all: after.size, ...Object.fromEntries(counted.map((c) => [c.status, c.n])) } });
      const page = await core.dispatch('library.query', { filter: 'processed', limit: 50 });
      expect(page).toMatchObject({ ok: true, value: { total: toMove.length } });
      for (const [from, to] of movedTo) {
        expect(after.get(to)).toMatchObject({ id: first.get(from)!.id, status: 'processed' });
      }

      // Offline: the folder disappears (an unmounted share). Nothing is dropped.
      const away = `${root}-unmounted`;
      fs.renameSync(root, away);
      const offline = await core.dispatch('library.scan', { rootId });
      expect(offline).toMatchObject({ ok: true, value: { offlineRoots: [fs.realpathSync(away).replace('-unmounted', '')], removed: 0 } });
      expect(indexed(core).size).toBe(after.size);
      fs.renameSync(away, root);
      const back = await core.dispatch('library.scan', { rootId });
      expect(back).toMatchObject({ ok: true, value: { added: 0, changed: 0, removed: 0 } });
      expectMatches(core, root, variantOf);
    } finally {
      await core.close();
    }
  }, 600_000);
});
