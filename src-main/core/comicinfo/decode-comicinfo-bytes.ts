import { LongboxError } from '../../../src-shared/contract/errors.ts';

/**
 * Largest ComicInfo.xml we accept, uncompressed. Real files are a few KB (a long <Pages> list
 * reaches ~100 KB); the cap is what stops a 10 KB deflate stream expanding to gigabytes.
 */
export const COMICINFO_MAX_BYTES = 1024 * 1024;

export function comicInfoTooLarge(detail = ''): LongboxError {
  return new LongboxError('COMICINFO_TOO_LARGE', `ComicInfo.xml is larger than ${COMICINFO_MAX_BYTES} bytes${detail}`);
}

const SINGLE_BYTE_ENCODINGS = new Set(['iso-8859-1', 'latin1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii']);

/** One decoder per encoding, kept: a scan decodes a ComicInfo.xml per archive, 100k in a row. */
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decode(bytes: Uint8Array, encoding: string): string {
  try {
    let decoder = decoders.get(encoding);
    if (!decoder) decoders.set(encoding, (decoder = new TextDecoder(encoding, { fatal: true })));
    // A whole-input decode (no `stream`) starts from a clean state, even after a failed one.
    return decoder.decode(bytes);
  } catch (error) {
    throw new LongboxError('COMICINFO_BAD_ENCODING', `ComicInfo.xml is not valid ${encoding}`, { cause: error });
  }
}

/**
 * Bytes → text. UTF-8 (with or without BOM) is the norm; UTF-16 is accepted only with a BOM
 * (without one we cannot know the byte order), and a declared single-byte Latin encoding is
 * honoured because old ComicRack exports used it. Anything else that is not UTF-8 is refused.
 */
export function decodeComicInfoBytes(bytes: Uint8Array): string {
  if (bytes.length > COMICINFO_MAX_BYTES) throw comicInfoTooLarge();
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(200, bytes.length)).toString('latin1');
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && SINGLE_BYTE_ENCODINGS.has(declared)) return decode(bytes, 'windows-1252');
  if (declared?.startsWith('utf-16')) {
    throw new LongboxError('COMICINFO_BAD_ENCODING', 'ComicInfo.xml declares UTF-16 but has no byte-order mark');
  }
  return decode(bytes, 'utf-8');
}
