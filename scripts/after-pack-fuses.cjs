'use strict';
// electron-builder `afterPack` hook (electron-builder.yml): flips Electron's fuses in the packaged
// executable to the settings in scripts/electron-fuses.json (docs/packaging.md, "Fuses").
//
// electron-builder's own `electronFuses` step fails the whole build when the executable lacks the
// fuse sentinel, which every real Electron (12+) carries but a stand-in executable packaged with
// `--config.electronDist` may not. This hook flips the fuses whenever the sentinel is there and
// otherwise says so in one line and lets packaging go on.
const { readFile } = require('node:fs/promises');
const { join } = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');
const { Arch } = require('electron-builder');
const settings = require('./electron-fuses.json');

/** What @electron/fuses looks for in front of the fuse wire (its constants.SENTINEL). */
const FUSE_SENTINEL = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');

/**
 * The @electron/fuses V1 config for the settings file. Unknown names are refused, so a typo
 * cannot silently leave a fuse at Electron's default.
 */
function fuseConfig(platform, arch) {
  const config = {
    version: FuseVersion.V1,
    // Flipping a fuse changes the binary and so breaks the ad-hoc signature arm64 macOS requires
    // to run anything; @electron/fuses re-signs ad hoc (electron-builder then signs for real when
    // it has an identity).
    resetAdHocDarwinSignature: platform === 'darwin' && (arch === Arch.arm64 || arch === Arch.universal),
  };
  for (const [name, on] of Object.entries(settings)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number' || typeof on !== 'boolean') {
      throw new Error(`scripts/electron-fuses.json: "${name}" is not an Electron fuse set to true or false`);
    }
    config[index] = on;
  }
  return config;
}

/**
 * The packaged executable as electron-builder names it (what flipFuses takes: the `.app` on
 * macOS), and the file that holds the fuse wire (the framework inside the `.app`).
 */
function packagedElectron(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    const app = join(appOutDir, `${packager.appInfo.productFilename}.app`);
    return { executable: app, fuseFile: join(app, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework') };
  }
  const executable =
    electronPlatformName === 'win32' ? join(appOutDir, `${packager.appInfo.productFilename}.exe`) : join(appOutDir, packager.executableName);
  return { executable, fuseFile: executable };
}

async function hasFuseSentinel(file) {
  try {
    return (await readFile(file)).includes(FUSE_SENTINEL);
  } catch (error) {
    if (error && error.code === 'ENOENT') return false;
    throw error;
  }
}

async function afterPack(context) {
  const config = fuseConfig(context.electronPlatformName, context.arch);
  const { executable, fuseFile } = packagedElectron(context);
  if (!(await hasFuseSentinel(fuseFile))) {
    console.log(`  • stand-in Electron without the fuse sentinel: fuses not applied  file=${fuseFile}`);
    return;
  }
  await flipFuses(executable, config);
  console.log(`  • Electron fuses flipped (scripts/electron-fuses.json)  file=${fuseFile}`);
}

module.exports = { afterPack, fuseConfig, FUSE_SENTINEL };
