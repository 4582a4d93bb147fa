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

/** Vite's content-hashed output (`assets/index-BgnoDY1r.js`): the name changes when the bytes do. */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * Hashed assets are cached for a year and never revalidated, so a reload while the server is
 * busy with a job costs one small index.html request (docs/ui.md "Reload"); everything else is
 * revalidated every time, so a new build is picked up at once.
 */
export function cacheControlFor(relativePath: string): string {
  return HASHED_ASSET.test(relativePath.split('\\').join('/')) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Resolves a URL path inside the renderer bundle; `null` for anything that escapes it. */
export async function readStatic(
  bundleDir: string,
  urlPath: string,
): Promise<{ body: Buffer; type: string; cacheControl: string } | null> {
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
  return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream', cacheControl: cacheControlFor(relativePath) };
}
