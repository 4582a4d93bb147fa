import type { Db } from '../../db/open-database.ts';

/**
 * The library search (docs/ui.md "Search"): one word or phrase is a substring of the name or
 * series, case-insensitive; several words must each match, and a number word ("12", "#012",
 * "12.5") also matches the parsed issue number, so "saga 12" finds "Saga #012 (2018).cbz".
 * This module says what a word matches, as SQL; search-plan.ts decides how rows are found.
 */
export interface SearchWord {
  /** Lower-cased (the needle of the per-row test). */
  folded: string;
  /** The word as a quoted trigram phrase: every character literal, no FTS syntax. */
  phrase: string;
  /** The trigram index can find it (3 characters or more). */
  indexed: boolean;
  /** A number word of a several-word search: it also matches `number_sort` equal to this. */
  number: number | null;
}

const NUMBER_WORD = /^#?(\d+(?:\.\d+)?)$/;
const ASCII = /^[\x20-\x7e]*$/;

export function searchWords(search: string): SearchWord[] {
  const words = search.trim().split(/\s+/).filter(Boolean);
  return words.map((word) => {
    const number = words.length > 1 ? NUMBER_WORD.exec(word) : null;
    return {
      folded: word.toLowerCase(),
      phrase: `"${word.replaceAll('"', '""')}"`,
      indexed: [...word].length >= 3,
      number: number ? Number(number[1]) : null,
    };
  });
}

/** The SQL function the per-row test of a non-ASCII word calls (registered per connection). */
const CONTAINS_FOLDED = 'longbox_contains_folded';

/**
 * Registers the per-row test for non-ASCII words: SQLite's lower() and LIKE fold ASCII only,
 * while the trigram index folds every letter (É = é, Д = д), so the row test folds in JS.
 */
export function registerSearchFunctions(db: Db): void {
  db.function(CONTAINS_FOLDED, { deterministic: true }, (name: unknown, series: unknown, needle: unknown) =>
    (typeof name === 'string' && name.toLowerCase().includes(needle as string)) ||
    (typeof series === 'string' && series.toLowerCase().includes(needle as string))
      ? 1
      : 0,
  );
}

/**
 * One word tested on a row of `files` (no index): `instr` on the lower-cased columns for ASCII
 * (native, and literal: no wildcards to escape), the folding function for the rest. A number
 * word also matches the parsed number.
 */
export function rowTest(word: SearchWord, name: string, params: Record<string, unknown>): string {
  params[name] = word.folded;
  const text = ASCII.test(word.folded)
    ? `(instr(lower(name), @${name}) > 0 OR instr(lower(series), @${name}) > 0)`
    : `${CONTAINS_FOLDED}(name, series, @${name})`;
  if (word.number === null) return text;
  params[`${name}n`] = word.number;
  return `(number_sort = @${name}n OR ${text})`;
}

/**
 * The trigram MATCH expression every match satisfies: the indexed words that are not number
 * words (those may match by number alone), ANDed — the index intersects their match lists
 * itself, skipping through a common word's list. Null when no word qualifies.
 */
export function indexedMatch(words: SearchWord[]): string | null {
  const phrases = words.filter((w) => w.indexed && w.number === null).map((w) => w.phrase);
  return phrases.length ? phrases.join(' AND ') : null;
}
