/**
 * How alike two perceptual hashes are (docs/identify.md). Kept apart from the decoders
 * (`perceptual-hash.ts`, worker side) so the main thread, which only compares, never loads them.
 */
/** 1 = identical hashes, 0 = every bit differs; unrelated pictures land near 0.5. */
export function hashSimilarity(a: string, b: string): number {
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (diff) {
    count += Number(diff & 1n);
    diff >>= 1n;
  }
  return 1 - count / 64;
}
