import yauzl from 'yauzl';

/**
 * Entry-name rules shared by the zip and rar readers: what counts as a page, which entry is
 * the ComicInfo, and which names are unsafe to ever honour.
 */

const IMAGE_MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  jxl: 'image/jxl',
  bmp: 'image/bmp',
};

export const COMICINFO_NAME = 'ComicInfo.xml';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export function imageMime(name: string): string | null {
  return IMAGE_MIME[extensionOf(name)] ?? null;
}

/** Pages: image files, skipping macOS resource forks and dot-files that archivers leave behind. */
export function isPageName(name: string): boolean {
  if (name.endsWith('/')) return false;
  if (name.startsWith('__MACOSX/') || baseName(name).startsWith('.')) return false;
  return imageMime(name) !== null;
}

/** Natural order ("p2" before "p10"), with a plain comparison as tie-break for a stable order. */
export function comparePageNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A ComicInfo at the archive root under any letter case ("comicinfo.XML" counts). */
export function isComicInfoName(name: string): boolean {
  return name.toLowerCase() === COMICINFO_NAME.toLowerCase();
}

/**
 * Decode a raw zip entry name the way yauzl would (UTF-8 flag, Info-ZIP unicode path extra,
 * else CP437). We ask yauzl not to decode (`decodeStrings:false`) so raw bytes survive rewrites.
 */
export function decodeZipName(flags: number, nameRaw: Buffer, extraFields: yauzl.ExtraField[]): string {
  return yauzl.getFileNameLowLevel(flags, nameRaw, extraFields, false);
}

/**
 * Why a name must never be honoured, or null when it is safe: absolute names, drive letters,
 * `..` segments and NULs. Backslashes are read as separators rather than refused (old Windows
 * archivers wrote them), so `..\x` is caught too.
 */
export function unsafeNameReason(name: string): string | null {
  // Nearly every name has none of the characters the rules look at (a scan checks every entry).
  if (!/[\0\\:]|\.\.|^\//.test(name)) return null;
  const normalized = name.replace(/\\/g, '/');
  if (name.includes('\0')) return `entry name contains NUL: ${JSON.stringify(name)}`;
  if (normalized.startsWith('/') || /^[a-zA-Z]:/.test(normalized)) return `absolute entry name: ${name}`;
  if (normalized.split('/').includes('..')) return `entry name escapes the archive: ${name}`;
  return null;
}
