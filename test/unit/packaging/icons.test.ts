import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { generateIcons, ICO_SIZES, LINUX_SIZES, TRAY_ICO_SIZES } from '../../../scripts/generate-icons.mjs';
import { tempDir } from '../../helpers/core-harness.ts';

// Every platform icon comes from assets/icon.svg through scripts/generate-icons.mjs, and the
// committed files are what the script makes of the committed source (nobody edited an output).
const assets = fileURLToPath(new URL('../../../assets', import.meta.url));
const dir = tempDir('icons');
afterAll(() => dir.remove());

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

/** The image sizes an .ico file declares in its directory (0 means 256). */
function icoSizes(ico: Buffer): number[] {
  expect(ico.readUInt16LE(2)).toBe(1); // type 1: icon
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
}

/** The element types of an .icns file (`ic10` is 1024 px, `ic07` 128 px, …). */
function icnsTypes(icns: Buffer): string[] {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const types: string[] = [];
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.toString('latin1', at, at + 4));
  return types;
}

describe('icons', () => {
  it('regenerating from the source reproduces the committed icons', async () => {
    copyFileSync(join(assets, 'icon.svg'), join(dir.path, 'icon.svg'));
    await generateIcons(dir.path);
    const generated = files(dir.path).filter((f) => f !== 'icon.svg');
    const committed = [...files(join(assets, 'icons')).map((f) => `icons/${f}`), ...files(join(assets, 'tray')).map((f) => `tray/${f}`)];
    expect(generated).toEqual(committed.sort());
    // Bytes are compared where the committed icons were made (linux-x64): libvips' SIMD paths
    // can round a pixel differently on other CPUs, which would not be an edited output.
    if (process.platform !== 'linux' || process.arch !== 'x64') return;
    for (const file of generated) expect(readFileSync(join(dir.path, file)).equals(readFileSync(join(assets, file))), file).toBe(true);
  });

  it('has the sizes each platform asks for', async () => {
    expect(icoSizes(readFileSync(join(assets, 'icons', 'icon.ico')))).toEqual(ICO_SIZES);
    expect(icoSizes(readFileSync(join(assets, 'tray', 'tray.ico')))).toEqual(TRAY_ICO_SIZES);
    expect(ICO_SIZES[0]).toBe(16);
    expect(ICO_SIZES.at(-1)).toBe(256);
    const types = icnsTypes(readFileSync(join(assets, 'icons', 'icon.icns')));
    for (const type of ['ic10', 'ic09', 'ic08', 'ic07']) expect(types).toContain(type); // 1024, 512, 256, 128
    for (const size of LINUX_SIZES) {
      const meta = await sharp(join(assets, 'icons', 'png', `${size}x${size}.png`)).metadata();
      expect([meta.width, meta.height, meta.hasAlpha]).toEqual([size, size, true]);
    }
    expect((await sharp(join(assets, 'icon.svg')).metadata()).width).toBe(1024);
  });

  it('makes macOS tray templates black with alpha at 1x and 2x', async () => {
    for (const [file, size] of [['trayTemplate.png', 16], ['trayTemplate@2x.png', 32]] as const) {
      const { data, info } = await sharp(join(assets, 'tray', file)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([size, size, 4]);
      let visible = 0;
      for (let i = 0; i < data.length; i += 4) {
        expect(data[i]! + data[i + 1]! + data[i + 2]!).toBe(0);
        if (data[i + 3]! > 0) visible++;
      }
      // A shape, not an empty or a solid square.
      expect(visible).toBeGreaterThan((size * size) / 4);
      expect(visible).toBeLessThan(size * size);
    }
  });
});
