import fs from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LibraryFile } from '../../../src-shared/contract/library.ts';
import { removeIfExists, writeNewFileDurably } from '../archive/durable-fs.ts';
import type { ThumbReply, ThumbRequest } from './thumbnail-worker.ts';

/**
 * Cover thumbnails cached in the data folder (`thumbnails/`), one JPEG per file version: the
 * name carries the file's id, size and mtime, so a changed archive misses the cache and its old
 * thumbnail is deleted when the new one is written (docs/ui.md "Covers"). Cache files are
 * written to a temp name and renamed, so a crash never leaves a half thumbnail under a real name.
 * Generation runs on one worker thread, started on first use.
 */
export class ThumbnailStore {
  readonly #dir: string;
  readonly #inFlight = new Map<string, Promise<Buffer | null>>();
  readonly #waiting = new Map<number, (reply: ThumbReply) => void>();
  #worker: Worker | null = null;
  #nextId = 1;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'thumbnails');
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

  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = null;
  }

  async #load(fileId: number, name: string, absPath: string): Promise<Buffer | null> {
    const path = join(this.#dir, name);
    const cached = await fs.readFile(path).catch(() => null);
    if (cached) return cached;
    const reply = await this.#run(absPath);
    if ('error' in reply) throw new Error(reply.error);
    if (!reply.jpeg) return null;
    const jpeg = Buffer.from(reply.jpeg);
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

  #run(path: string): Promise<ThumbReply> {
    if (!this.#worker) {
      this.#worker = new Worker(new URL('./thumbnail-worker.ts', import.meta.url));
      this.#worker.unref();
      this.#worker.on('message', (reply: ThumbReply) => {
        this.#waiting.get(reply.id)?.(reply);
        this.#waiting.delete(reply.id);
      });
      this.#worker.on('error', (error) => {
        for (const [id, resolve] of this.#waiting) resolve({ id, error: String(error) });
        this.#waiting.clear();
        this.#worker = null;
      });
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#worker!.postMessage({ id, path } satisfies ThumbRequest);
    });
  }
}
