import fs from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryFile } from '../../../src-shared/contract/library.ts';
import { removeIfExists, writeNewFileDurably } from '../archive/durable-fs.ts';

/** Makes a thumbnail from an archive path (a pool task in the app, see app-core.ts). */
export type RenderThumbnail = (absPath: string) => Promise<Uint8Array | null>;

/**
 * Cover thumbnails cached in the data folder (`thumbnails/`), one JPEG per file version: the
 * name carries the file's id, size and mtime, so a changed archive misses the cache and its old
 * thumbnail is deleted when the new one is written (docs/ui.md "Covers"). Cache files are
 * written to a temp name and renamed, so a crash never leaves a half thumbnail under a real name.
 * Generation is injected: the app runs it on the worker pool.
 */
export class ThumbnailStore {
  readonly #dir: string;
  readonly #inFlight = new Map<string, Promise<Buffer | null>>();
  readonly #render: RenderThumbnail;

  constructor(dataDir: string, render: RenderThumbnail) {
    this.#dir = join(dataDir, 'thumbnails');
    this.#render = render;
  }

  /** The thumbnail of `file` (read from `absPath` when not cached); null when its cover cannot be decoded. */
  get(file: LibraryFile, absPath: string): Promise<Buffer | null> {
    const name = `${file.id}-${file.size}-${Math.round(file.mtimeMs)}.jpg`;
    const held = this.#inFlight.get(name);
    if (held) return held;
    const work = this.#load(file.id, name, absPath).finally(() => this.#inFlight.delete(name));
    this.#inFlight.set(name, work);
    return work;
  }

  async #load(fileId: number, name: string, absPath: string): Promise<Buffer | null> {
    const path = join(this.#dir, name);
    const cached = await fs.readFile(path).catch(() => null);
    if (cached) return cached;
    const rendered = await this.#render(absPath);
    if (!rendered) return null;
    const jpeg = Buffer.from(rendered);
    await fs.mkdir(this.#dir, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await removeIfExists(temp);
    await writeNewFileDurably(temp, jpeg);
    await fs.rename(temp, path);
    // Older versions of this file's thumbnail are stale now.
    for (const old of await fs.readdir(this.#dir)) {
      if (old.startsWith(`${fileId}-`) && old !== name && old.endsWith('.jpg')) await removeIfExists(join(this.#dir, old));
    }
    return jpeg;
  }
}
