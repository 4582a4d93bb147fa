import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { OWNER_TAG, ownerOfName } from '../platform/process-owner.ts';
import type { Owner } from '../platform/process-owner.ts';

/**
 * Temp files live next to their target (same file system, so rename is atomic) under a name
 * library scanners skip: a leading dot and no comic extension, and the writing process's owner
 * tag at the end, e.g. `.Foo 01.cbz.longbox-tmp-m3x1k2-3fa9c2d41b07.1a2b3c4d.4242`, so that a temp
 * whose writer died can be told from one being written right now (orphan-temps.ts).
 */
export const TEMP_MARKER = '.longbox-tmp-';

/**
 * Exactly our temp names: `.`, the target's name, the marker, an id, and the owner tag — absent
 * in temps written before owners were named (those are told apart by age instead).
 */
const TEMP_NAME = /^\..+\.longbox-tmp-[0-9a-z]+-[0-9a-f]{12}(\.[0-9a-z]+\.\d+)?$/;

export function newId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${TEMP_MARKER}${newId()}.${OWNER_TAG}`);
}

export function isLongboxTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Whose temp is it (see process-owner.ts)? null for a temp without an owner tag. */
export function tempOwner(name: string): Owner | null {
  return TEMP_NAME.exec(name)?.[1] ? ownerOfName(name, '') : null;
}
