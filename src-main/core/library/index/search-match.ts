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

/** One word as SQL over `files`: the trigram index for ≥ 3 characters, a scan below that. */
function textMatch(word: string, name: string, params: Record<string, unknown>): string {
  if ([...word].length >= 3) {
    // A quoted phrase takes every character literally (no FTS syntax, no wildcards).
    params[name] = `"${word.replaceAll('"', '""')}"`;
    return `id IN (SELECT rowid FROM files_search WHERE files_search MATCH @${name})`;
  }
  // Too short for trigrams: a scan. LIKE folds ASCII case only; lower() both sides for the rest.
  params[name] = likePattern(word.toLowerCase());
  return `(lower(name) LIKE @${name} ESCAPE '\\' OR lower(series) LIKE @${name} ESCAPE '\\')`;
}

/** SQL clauses (ANDed by the caller) and their named parameters for a search string. */
export function searchClauses(search: string): { clauses: string[]; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const trimmed = search.trim();
  if (!trimmed) return { clauses: [], params };
  const words = trimmed.split(/\s+/);
  if (words.length === 1) return { clauses: [textMatch(trimmed, 'search0', params)], params };
  const clauses = words.map((word, i) => {
    const text = textMatch(word, `search${i}`, params);
    const number = NUMBER_WORD.exec(word);
    if (!number) return text;
    params[`number${i}`] = Number(number[1]);
    return `(number_sort = @number${i} OR ${text})`;
  });
  return { clauses, params };
}
