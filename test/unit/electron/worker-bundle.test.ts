import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleLibrary, SAMPLE_FILES } from '../../../src-main/core/demo/sample-library.ts';
import { waitForJob } from '../../../src-shared/contract/wait-for-job.ts';
import { startTestCore, tempDir, type TestCore } from '../../helpers/core-harness.ts';
import { buildElectron } from '../../../scripts/build-bundles.mjs';

// The Electron binary never runs here, but its main process's worker threads must: the app
// runs jobs on the bundled item-worker.cjs, not on the TypeScript sources the tests use.
// Built inside the repo (.tmp/, ignored) so native externals resolve from its node_modules, and
// beside — not into — dist/electron, which the packaging test packs at the same time.
const out = fileURLToPath(new URL(`../../../.tmp/electron-bundle-${process.pid}`, import.meta.url));

describe('the Electron build', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: TestCore;
  beforeAll(async () => {
    dir = tempDir('electron-build');
    await buildElectron(out, 'error');
  });
  afterAll(async () => {
    await core?.close();
    dir.remove();
    rmSync(out, { recursive: true, force: true });
  });

  it('bundles main, preload and the worker, and the bundled worker runs real jobs', async () => {
    expect(readdirSync(out).filter((f) => f.endsWith('.cjs')).sort()).toEqual([
      'item-worker.cjs',
      'main.cjs',
      'preload.cjs',
    ]);
    const library = join(dir.path, 'Comics');
    await generateSampleLibrary(library);
    core = await startTestCore(join(dir.path, 'data'), { workerScript: join(out, 'item-worker.cjs') });
    const added = await core.client.invoke('library.roots.add', { path: library });
    expect(added).toMatchObject({ ok: true, value: { fileCount: SAMPLE_FILES.length } });
    const started = await core.client.invoke('jobs.start', { kind: 'process', scope: { type: 'all', rootId: null } });
    if (!started.ok) throw new Error(started.error.message);
    const final = await waitForJob(core.client, started.value.id);
    expect(final).toMatchObject({ state: 'completed', total: SAMPLE_FILES.length, failed: 0 });
    expect(readdirSync(join(library, 'Saga')).sort()).toEqual(['Saga - Chapter 0054.cbz', 'Saga - Chapter 0055.cbz']);
  });
});
