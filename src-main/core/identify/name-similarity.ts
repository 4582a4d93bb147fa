import { distance } from 'fastest-levenshtein';

/**
 * How alike two series names are, 0–1, after the differences that never tell series apart are
 * removed: case, accents, punctuation, `&` vs `and`, a leading "The", a trailing "(2016)".
 */
export function normalizeSeriesName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\(\d{4}\)\s*$/u, '')
    .replace(/&/gu, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /u, '');
}

export function nameSimilarity(a: string, b: string): number {
  const x = normalizeSeriesName(a);
  const y = normalizeSeriesName(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  return Math.max(0, 1 - distance(x, y) / Math.max(x.length, y.length));
}
