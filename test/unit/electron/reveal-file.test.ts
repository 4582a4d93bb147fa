import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src-main/core/app-core.ts';
import { generateSampleLibrary } from '../../../src-main/core/demo/sample-library.ts';
import { quietLogger, startTestCore, tempDir } from '../../helpers/core-harness.ts';

// `library.file.reveal`: the desktop app shows the file in the OS file manager (its
// shell.showItemInFolder is the port); `longbox serve` has no file manager to show it in.
const dir = tempDir('reveal');
const cores: AppCore[] = [];
afterAll(async () => {
  for (const core of cores) await core.close();
  dir.remove();
});

async function coreWithLibrary(name: string, revealFile?: (path: string) => void) {
  const library = join(dir.path, name, 'Comics');
  await generateSampleLibrary(library);
  const core = await startTestCore(join(dir.path, name, 'data'), { ports: { logger: quietLogger, ...(revealFile ? { revealFile } : {}) } });
  cores.push(core);
  await core.dispatch('library.roots.add', { path: library });
  const page = await core.dispatch('library.query', { search: 'Saga' });
  if (!page.ok) throw new Error(page.error.message);
  const file = (page.value as { files: Array<{ id: number; relPath: string }> }).files[0]!;
  return { core, library, file };
}

describe('reveal in the file manager', () => {
  it('the desktop app reveals the file the index names, by its real path inside the library', async () => {
    const revealed: string[] = [];
    const { core, library, file } = await coreWithLibrary('app', (path) => revealed.push(path));
    expect(await core.dispatch('library.file.reveal', { fileId: file.id })).toEqual({ ok: true, value: null });
    expect(revealed).toEqual([join(realpathSync(library), ...file.relPath.split('/'))]);
    expect(await core.dispatch('library.file.reveal', { fileId: 999_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a host without a file manager (serve) says it is unavailable there', async () => {
    const { core, file } = await coreWithLibrary('serve');
    expect(await core.dispatch('library.file.reveal', { fileId: file.id })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE_IN_HOST', message: expect.stringContaining('desktop app') },
    });
  });
});
