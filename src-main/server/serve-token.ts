import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, removeIfExists, writeNewFileDurably } from '../core/archive/durable-fs.ts';

export const TOKEN_FILE = 'serve-token';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * `serve`'s token, kept in the data folder (owner-only) so a restarted server lets open tabs
 * back in: their sessionStorage still holds it and every reconnect offers it in the WebSocket
 * handshake (docs/security.md, docs/ui.md "Disconnected"). `rotate` (`--new-token`)
 * replaces it, locking every earlier link and tab out. Written to a temp file and renamed, so
 * a crash leaves the old token or the new one, never half of one.
 */
export async function loadServeToken(dataDir: string, options: { rotate?: boolean } = {}): Promise<string> {
  const path = join(dataDir, TOKEN_FILE);
  if (!options.rotate) {
    const held = (await fs.readFile(path, 'utf8').catch(() => '')).trim();
    if (TOKEN_SHAPE.test(held)) return held;
  }
  const token = randomBytes(32).toString('base64url');
  const temp = `${path}.${process.pid}.tmp`;
  await removeIfExists(temp);
  await writeNewFileDurably(temp, Buffer.from(`${token}\n`));
  await fs.chmod(temp, 0o600);
  await fs.rename(temp, path);
  await fsyncDir(dataDir);
  return token;
}
