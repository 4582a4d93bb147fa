import { readCover } from '../archive/inspect-archive.ts';
import { downscaleToJpeg } from './downscale-image.ts';

/**
 * A pool task (`file-thumbnail`): read the cover page and downscale it. Decoding a
 * multi-megabyte page takes long enough to stall every window's events on the main thread.
 */
export async function readThumbnail(absPath: string): Promise<Uint8Array | null> {
  const cover = await readCover(absPath);
  return downscaleToJpeg(cover.bytes, cover.mime);
}
