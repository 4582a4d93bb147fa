// Every platform icon from one 1024 px source, assets/icon.svg (docs/packaging.md, "Icons"):
//   assets/icons/icon.icns           macOS app icon (16–1024, with @2x variants)
//   assets/icons/icon.ico            Windows app and installer icon (16–256)
//   assets/icons/png/NxN.png         Linux icon set (16–1024), also the window icon
//   assets/tray/trayTemplate.png     macOS menu-bar template, 16 px and @2x 32 px: black + alpha,
//   assets/tray/trayTemplate@2x.png  so macOS tints it for light and dark menu bars
//   assets/tray/tray.ico             Windows notification-area icon (16–48, per DPI scale)
//   assets/tray/tray.png             Linux tray (32 px, full colour)
// Run after editing the source: `npm run icons`. Output is committed, so builds need no sharp.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import png2icons from 'png2icons';
import pngToIco from 'png-to-ico';
import sharp from 'sharp';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];

const repo = fileURLToPath(new URL('..', import.meta.url));

async function render(svg, size) {
  return sharp(svg, { density: (72 * size) / 1024 }).resize(size, size).png().toBuffer();
}

/** A menu-bar template: every non-white pixel of the icon black, white parts see-through. */
async function template(svg, size) {
  const { data, info } = await sharp(svg, { density: (72 * size * 4) / 1024 })
    .resize(size, size)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += 4) {
    const lightness = (data[i] + data[i + 1] + data[i + 2]) / (3 * 255);
    // Light pixels (the spines) become holes; the rest keeps its coverage (anti-aliasing).
    const coverage = lightness > 0.85 ? 0 : data[i + 3];
    data[i] = data[i + 1] = data[i + 2] = 0;
    data[i + 3] = coverage;
  }
  return sharp(data, { raw: info }).png().toBuffer();
}

export async function generateIcons(assetsDir = join(repo, 'assets')) {
  const svg = join(assetsDir, 'icon.svg');
  const pngDir = join(assetsDir, 'icons', 'png');
  const trayDir = join(assetsDir, 'tray');
  await mkdir(pngDir, { recursive: true });
  await mkdir(trayDir, { recursive: true });

  const pngs = new Map();
  for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES, ...TRAY_ICO_SIZES])) pngs.set(size, await render(svg, size));
  for (const size of LINUX_SIZES) await writeFile(join(pngDir, `${size}x${size}.png`), pngs.get(size));
  await writeFile(join(assetsDir, 'icons', 'icon.ico'), await pngToIco(ICO_SIZES.map((s) => pngs.get(s))));
  const icns = png2icons.createICNS(pngs.get(1024), png2icons.BICUBIC, 0);
  if (!icns) throw new Error('png2icons could not build the .icns');
  await writeFile(join(assetsDir, 'icons', 'icon.icns'), icns);

  await writeFile(join(trayDir, 'trayTemplate.png'), await template(svg, 16));
  await writeFile(join(trayDir, 'trayTemplate@2x.png'), await template(svg, 32));
  await writeFile(join(trayDir, 'tray.ico'), await pngToIco(TRAY_ICO_SIZES.map((s) => pngs.get(s))));
  await writeFile(join(trayDir, 'tray.png'), pngs.get(32));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await generateIcons();
