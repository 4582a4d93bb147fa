import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Temp files live next to their target (same file system, so rename is atomic) under a name
 * library scanners skip: a leading dot and no comic extension, e.g. `.Foo 01.cbz.longbox-tmp-3fa9c2`.
 */
export const TEMP_MARKER = '.longbox-tmp-';

export function newId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${TEMP_MARKER}${newId()}`);
}

export function isLongboxTempName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARKER);
}
