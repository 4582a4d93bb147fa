import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Resolves a URL path inside the renderer bundle; `null` for anything that escapes it. */
export async function readStatic(
  bundleDir: string,
  urlPath: string,
): Promise<{ body: Buffer; type: string } | null> {
  const root = resolve(bundleDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : normalize(decoded).replace(/^[/\\]+/, '');
  const file = join(root, relativePath);
  if (file !== root && !file.startsWith(root + sep)) return null;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
}
