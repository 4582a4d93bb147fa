/**
 * The value types the ComicInfo v2.0 schema gives its simple elements (the rest are strings).
 * A value written through Longbox must fit them, or a reader that validates (and libxml2
 * with the schema) rejects the whole file: docs/parsing-rules.md, "What Longbox writes".
 */
import type { ComicInfoField, ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';

const INT_FIELDS: ReadonlySet<ComicInfoField> = new Set(['Count', 'Volume', 'AlternateCount', 'Year', 'Month', 'Day', 'PageCount']);
const YES_NO = ['Unknown', 'No', 'Yes'];
const ENUMS: Partial<Record<ComicInfoField, readonly string[]>> = {
  BlackAndWhite: YES_NO,
  Manga: [...YES_NO, 'YesAndRightToLeft'],
  AgeRating: [
    'Unknown', 'Adults Only 18+', 'Early Childhood', 'Everyone', 'Everyone 10+', 'G', 'Kids to Adults', 'M',
    'MA15+', 'Mature 17+', 'PG', 'R18+', 'Rating Pending', 'Teen', 'X18+',
  ],
};
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Why `value` does not fit `field`'s schema type, or null when it does. */
export function schemaTypeProblem(field: ComicInfoField, text: string): string | null {
  // Checked untrimmed: the schema lets xs:int collapse whitespace, but libxml2 refuses " 2021 ".
  if (INT_FIELDS.has(field)) {
    const n = Number(text);
    return /^[+-]?\d+$/.test(text) && n >= INT_MIN && n <= INT_MAX ? null : `${field} must be a whole number`;
  }
  const allowed = ENUMS[field];
  if (allowed) return allowed.includes(text) ? null : `${field} must be one of: ${allowed.join(', ')}`;
  if (field === 'CommunityRating') {
    const ok = /^[+]?(\d+(\.\d{0,2})?|\.\d{1,2})$/.test(text) && Number(text) <= 5;
    return ok ? null : 'CommunityRating must be a number from 0 to 5 with at most 2 decimals';
  }
  return null;
}

/** Problems of the values that differ between `before` and `after` (what a write would change). */
export function changedValueProblems(before: ComicInfoValues, after: ComicInfoValues): string[] {
  const problems: string[] = [];
  for (const [field, value] of Object.entries(after) as Array<[ComicInfoField, string]>) {
    if (before[field] === value) continue;
    const problem = schemaTypeProblem(field, value);
    if (problem) problems.push(`${problem} (got "${value}")`);
  }
  return problems;
}
