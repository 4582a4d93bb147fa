import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headlessTrash } from '../../../src-main/core/platform/headless-trash.ts';
import { tempDir } from '../../helpers/core-harness.ts';

describe('headless trash (freedesktop.org spec)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('trash');
  });
  afterEach(() => dir.remove());

  it('moves files into Trash/files with a .trashinfo, never overwriting an earlier one', async () => {
    const data = join(dir.path, 'data');
    const trash = headlessTrash({ XDG_DATA_HOME: data }, 'linux');
    mkdirSync(join(dir.path, 'lib'));
    const first = join(dir.path, 'lib', 'Saga #1.cbr');
    writeFileSync(first, 'first');
    await trash.trash(first);
    writeFileSync(first, 'second');
    await trash.trash(first);

    expect(existsSync(first)).toBe(false);
    expect(readFileSync(join(data, 'Trash', 'files', 'Saga #1.cbr'), 'utf8')).toBe('first');
    expect(readFileSync(join(data, 'Trash', 'files', 'Saga #1.cbr.2'), 'utf8')).toBe('second');
    const info = readFileSync(join(data, 'Trash', 'info', 'Saga #1.cbr.2.trashinfo'), 'utf8');
    expect(info).toMatch(/^\[Trash Info\]\nPath=.*\/lib\/Saga%20#1\.cbr\nDeletionDate=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\n$/);
  });

  it('refuses on Windows, leaving the file in place', async () => {
    const file = join(dir.path, 'x.cbr');
    writeFileSync(file, 'x');
    await expect(headlessTrash({}, 'win32').trash(file)).rejects.toThrow(/stays in place/);
    expect(existsSync(file)).toBe(true);
  });
});
