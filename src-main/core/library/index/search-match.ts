/**
 * The library search (docs/ui.md "Search"): one word or phrase is a substring of the name or
 * series; several words must each match, and a number word ("12", "#012", "12.5") also matches
 * the parsed issue number, so "saga 12" finds "Saga #012 (2018).cbz".
 */

/** `LIKE` with the user's `%`, `_` and `\` taken literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const NUMBER_WORD = /^#?(\d+(?:\.\d+)?)$/;

/**
 * Whether a word (as a quoted trigram phrase) matches so many rows that a page of them is
 * found faster by walking the sort order and testing each row than by collecting every match
 * from the index first (file-query.ts).
 */
export type IsCommon = (phrase: string) => boolean;

const ASCII = /^[\x20-\x7e]*$/;

/**
 * One word as SQL over `files`: the trigram index for ≥ 3 characters, a scan below that. A
 * common word is tested row by row instead (`instr` on the lower-cased columns), which stops
 * at the page; only for ASCII words, where SQLite's lower() folds exactly as the trigram index.
 */
function textMatch(word: string, name: string, params: Record<string, unknown>, isCommon?: IsCommon): string {
  if ([...word].length >= 3) {
    // A quoted phrase takes every character literally (no FTS syntax, no wildcards).
    const phrase = `"${word.replaceAll('"', '""')}"`;
    if (ASCII.test(word) && isCommon?.(phrase)) {
      params[name] = word.toLowerCase();
      return `(instr(lower(name), @${name}) > 0 OR instr(lower(series), @${name}) > 0)`;
    }
    params[name] = phrase;
    return `id IN (SELECT rowid FROM files_search WHERE files_search MATCH @${name})`;
  }
  // Too short for trigrams: a scan. LIKE folds ASCII case only; lower() both sides for the rest.
  params[name] = likePattern(word.toLowerCase());
  return `(lower(name) LIKE @${name} ESCAPE '\\' OR lower(series) LIKE @${name} ESCAPE '\\')`;
}

/**
 * SQL clauses (ANDed by the caller) and their named parameters for a search string. With
 * `isCommon`, words it finds common are tested per row (for a page that stops early).
 */
export function searchClauses(search: string, isCommon?: IsCommon): { clauses: string[]; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const trimmed = search.trim();
  if (!trimmed) return { clauses: [], params };
  const words = trimmed.split(/\s+/);
  if (words.length === 1) return { clauses: [textMatch(trimmed, 'search0', params, isCommon)], params };
  const clauses = words.map((word, i) => {
    const text = textMatch(word, `search${i}`, params, isCommon);
    const number = NUMBER_WORD.exec(word);
    if (!number) return text;
    params[`number${i}`] = Number(number[1]);
    return `(number_sort = @number${i} OR ${text})`;
  });
  return { clauses, params };
}
