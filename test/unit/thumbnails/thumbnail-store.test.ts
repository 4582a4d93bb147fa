import { existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src-main/core/app-core.ts';
import { THUMB_HEIGHT } from '../../../src-main/core/thumbnails/downscale-image.ts';
import { writeZip } from '../../helpers/archives.ts';
import { startTestCore, tempDir } from '../../helpers/core-harness.ts';

/** A real PNG page of `width`×`height`, a vertical gradient. */
function pngPage(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      png.data[at] = (255 * y) / height;
      png.data[at + 1] = 80;
      png.data[at + 2] = 160;
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

describe('cover thumbnails', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: AppCore;
  let library: string;
  beforeEach(async () => {
    dir = tempDir('thumbs');
    library = join(dir.path, 'Comics');
    mkdirSync(join(library, 'Big'), { recursive: true });
    writeZip(join(library, 'Big', 'Big 001.cbz'), [
      { name: '001.png', data: pngPage(600, 900) },
      { name: '002.png', data: pngPage(60, 90) },
    ]);
    core = await startTestCore(join(dir.path, 'data'));
    const added = await core.dispatch('library.roots.add', { path: library });
    expect(added.ok).toBe(true);
  });
  afterEach(async () => {
    await core?.close();
    dir.remove();
  });

  const thumbnail = async () => {
    const result = await core.dispatch('library.file.thumbnail', { fileId: 1 });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as { mime: string; dataBase64: string } | null;
  };
  const cached = () => readdirSync(join(dir.path, 'data', 'thumbnails'));

  it('downscales the first page to a small JPEG on a worker and caches it per file version', async () => {
    const thumb = (await thumbnail())!;
    expect(thumb.mime).toBe('image/jpeg');
    const image = jpeg.decode(Buffer.from(thumb.dataBase64, 'base64'));
    expect(image.height).toBe(THUMB_HEIGHT);
    expect(image.width).toBe(Math.round(600 / (900 / THUMB_HEIGHT)));
    // The gradient survives the box filter: dark at the top, bright at the bottom.
    expect(image.data[0]!).toBeLessThan(40);
    expect(image.data[(image.height - 1) * image.width * 4]!).toBeGreaterThan(200);
    const [name] = cached();
    expect(name).toMatch(/^1-\d+-\d+\.jpg$/);
    expect((await thumbnail())!.dataBase64).toBe(thumb.dataBase64);
    expect(cached()).toEqual([name]);
  });

  it('a changed archive gets a new thumbnail and the old one is removed', async () => {
    await thumbnail();
    const [before] = cached();
    const archive = join(library, 'Big', 'Big 001.cbz');
    utimesSync(archive, new Date(), new Date(Date.now() + 60_000));
    expect((await core.dispatch('library.scan', { rootId: null })).ok).toBe(true);
    await thumbnail();
    const after = cached();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    expect(existsSync(join(dir.path, 'data', 'thumbnails', before!))).toBe(false);
  });
});
