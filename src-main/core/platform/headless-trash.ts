import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { renameNoOverwrite } from '../naming/claim-rename.ts';
import type { Trash } from '../ports.ts';

/**
 * The OS trash for hosts without Electron (`longbox` CLI and `serve`), after the freedesktop.org
 * Trash spec: the file moves to `files/` of the home trash with a `.trashinfo` in `info/`, so
 * desktop file managers list it and can restore it. macOS keeps a plain `~/.Trash`. The move
 * never overwrites (names get `.2`, `.3`…) and crosses file systems by a verified copy (the
 * naming module's no-overwrite claim). Windows has no trash reachable without native code.
 */
export function headlessTrash(env: NodeJS.ProcessEnv = process.env, platform = process.platform): Trash {
  return {
    async trash(path) {
      if (platform === 'win32') throw new Error('No trash is available to the command line on Windows; the file stays in place.');
      if (platform === 'darwin') return moveInto(path, join(homedir(), '.Trash'), null);
      const home = join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'Trash');
      return moveInto(path, join(home, 'files'), join(home, 'info'));
    },
  };
}

async function moveInto(path: string, filesDir: string, infoDir: string | null): Promise<void> {
  await mkdir(filesDir, { recursive: true });
  if (infoDir) await mkdir(infoDir, { recursive: true });
  for (let n = 1; n <= 10_000; n++) {
    const name = n === 1 ? basename(path) : `${basename(path)}.${n}`;
    const info = infoDir ? join(infoDir, `${name}.trashinfo`) : null;
    if (info) {
      // Written first and exclusively, as the spec asks: it reserves the name.
      const reserved = await writeFile(info, trashInfo(path), { flag: 'wx' }).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return false;
          throw error;
        },
      );
      if (!reserved) continue;
    }
    if ((await renameNoOverwrite(path, join(filesDir, name))).ok) return;
    if (info) await rm(info, { force: true });
  }
  throw new Error(`No free name for ${path} in ${filesDir}`);
}

function trashInfo(path: string): string {
  return `[Trash Info]\nPath=${encodeURI(path)}\nDeletionDate=${new Date().toISOString().slice(0, 19)}\n`;
}
