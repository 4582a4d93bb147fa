import { parentPort } from 'node:worker_threads';
import { readCover } from '../archive/inspect-archive.ts';
import { downscaleToJpeg } from './downscale-image.ts';

/**
 * The thread that reads a cover page and downscales it: decoding a multi-megabyte page takes
 * long enough to stall every window's events if it ran on the main thread.
 */
export interface ThumbRequest {
  id: number;
  path: string;
}
export type ThumbReply = { id: number; jpeg: Uint8Array | null } | { id: number; error: string };

parentPort?.on('message', async ({ id, path }: ThumbRequest) => {
  let reply: ThumbReply;
  try {
    const cover = await readCover(path);
    reply = { id, jpeg: downscaleToJpeg(cover.bytes, cover.mime) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
