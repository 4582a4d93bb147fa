/**
 * Turns an expanded template into a name every target file system accepts (docs/behaviour.md §3.3).
 * Windows rules are applied on every OS: libraries live on NAS shares and move between machines.
 */
import type { Replacement } from '../../../src-shared/contract/settings.ts';

// `/ \ :` are normally rewritten by the replacement table; any left over (the user edited the
// table) are removed too, because they would create folders or fail on Windows/SMB.
const FORBIDDEN = /[?*"<>|/\\:\p{Cc}]/gu;
const RESERVED = /^(?:CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])$/i;
// Needs a letter so a name without extension ending in "12.5" keeps its decimals.
const EXTENSION = /\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,10}$/;
const MAX_BYTES = 255;

/**
 * The extension (`.cbz`) is split off first and kept as is, so neither the replacement table
 * nor truncation can touch it. May return just the extension when nothing of the stem survives;
 * callers treat an empty stem as an invalid name.
 */
export function sanitizeFileName(name: string, replacements: readonly Replacement[]): string {
  const extension = EXTENSION.exec(name)?.[0] ?? '';
  let stem = name.slice(0, name.length - extension.length);
  for (const { from, to } of replacements) stem = stem.replaceAll(from, to);
  stem = trimStem(stem.replace(FORBIDDEN, '').replace(/\s+/g, ' '));
  stem = trimStem(truncateUtf8(stem, MAX_BYTES - Buffer.byteLength(extension)));
  return suffixReserved(stem) + extension;
}

/**
 * Leading dots would hide the file (and our scanner skips hidden files); trailing dots and
 * spaces are dropped by Windows, which would make the name we record differ from the real one.
 */
function trimStem(stem: string): string {
  return stem.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

/** `CON`, `con.cbz`, `Nul .cbz`: Windows reserves the device name before the first dot. */
function suffixReserved(stem: string): string {
  const dot = stem.indexOf('.');
  const head = dot < 0 ? stem : stem.slice(0, dot);
  if (!RESERVED.test(head.trimEnd())) return stem;
  const trimmedHead = head.trimEnd();
  return `${trimmedHead}_${stem.slice(trimmedHead.length)}`;
}

/** Cuts at a code point boundary so no character is split into invalid UTF-8. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const codePoint of text) {
    bytes += Buffer.byteLength(codePoint);
    if (bytes > maxBytes) break;
    out += codePoint;
  }
  return out;
}
