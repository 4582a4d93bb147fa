/**
 * Reads chapter/issue number, volume, year, count and series out of an archive's base name
 * (SPEC §3.1). Each rule exists because the original got it wrong (original-system §2.5):
 * bracketed years leaked digits, `ch` matched inside "Watch", the first number in a series
 * name won, and `12,5` lost its decimals.
 *
 * Strategy, in order, on a working copy of the name:
 *  1. bracket groups are read for year / count and then masked out, so they can never give a
 *     number and always separate the tokens around them;
 *  2. a bare "5 of 10" gives the count and its total is masked;
 *  3. volume markers give the volume and are masked;
 *  4. the first chapter keyword gives the number; otherwise the last standalone number after
 *     the volume marker (numbers before it belong to the series: "86 - Eighty Six v02").
 */
import { canonicalNumber } from './number.ts';

export interface ParsedFileName {
  series: string | null;
  /** Canonical form (SPEC §3.1 rule 6). */
  number: string | null;
  /** The number as written in the name (`007`, `12,5`; only the first half of a range). */
  numberRaw: string | null;
  /** Canonical form (`v01` → `1`). */
  volume: string | null;
  year: string | null;
  /** Canonical form (`(of 06)` → `6`). */
  count: string | null;
}

// Stands in for every masked span. NUL cannot occur in a file name, so it never collides.
const MASK = '\u0000';

// Letters of scripts that separate words with spaces (set subtraction needs the `v` flag, so
// the patterns using it are built with `new RegExp`). Han, Hiragana and Katakana are excluded
// because CJK names run straight into digits ("进击的巨人12") and those digits still count.
const WORD_LETTER = String.raw`[\p{L}--[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]]`;
const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
// A range's second half is consumed so it can never become "the last number" (rule 4).
const RANGE_TAIL = String.raw`(?:-\d+(?:[.,]\d+)?)?`;
const SEPARATORS = String.raw`[.\-_\s]*`;

const BRACKET_GROUP = /\(([^()]*)\)|\[([^[\]]*)\]|\{([^{}]*)\}/g;
const YEAR_IN_PARENS = /^\s*((?:19|20)\d\d)\s*$/;
const COUNT_IN_PARENS = /^\s*of\s*(\d+)\s*$/i;
const BARE_COUNT = /(?<=\d)\s+of\s+(\d+)(?!\p{N})/iu;

const VOLUME_MARKERS = [
  new RegExp(String.raw`(?<!${WORD_LETTER})(?:vol(?:ume)?${SEPARATORS}|v(?=\d))(\d+)(?!\p{N})`, 'iv'),
  /(?:[第제]\s*)?(\d+)\s*[卷巻권]/u,
];

const CHAPTER_KEYWORDS = [
  // `c` only directly before digits (`c001`), and not as in `c2c` ("cover to cover"). A `#`
  // after a word keyword (`ch#7`) belongs to the keyword, so the series stays "Foo".
  new RegExp(
    String.raw`(?<!${WORD_LETTER})(?:(?:chapter|chap|ch|episode|ep)[.\-_\s#]*|c(?=\d))${NUM}${RANGE_TAIL}(?!${WORD_LETTER})`,
    'iv',
  ),
  // `#` is not a letter, so it needs no word-start check: `ch#7` is `#7`.
  new RegExp(String.raw`#${SEPARATORS}${NUM}${RANGE_TAIL}`, 'u'),
  new RegExp(String.raw`(?:[第제]\s*)?${NUM}\s*(?:[话話章回]|화)`, 'u'),
];

// Not glued to a word or to another number (`7th`, `Foo12`, the `.2` of `1.5.2`); a single
// trailing letter is allowed for variant issues (`12a`).
const STANDALONE_NUMBER = new RegExp(
  String.raw`(?<!\p{N}|\p{N}[.,]|${WORD_LETTER})${NUM}${RANGE_TAIL}(?:[a-z](?!${WORD_LETTER}))?(?!${WORD_LETTER}|\p{N})`,
  'giv',
);

interface Found {
  index: number;
  end: number;
  digits: string;
}

export function parseFileName(baseName: string): ParsedFileName {
  let year: string | null = null;
  let count: string | null = null;

  let work = baseName.replace(BRACKET_GROUP, (_group, paren?: string) => {
    if (paren !== undefined) {
      year ??= YEAR_IN_PARENS.exec(paren)?.[1] ?? null;
      const total = COUNT_IN_PARENS.exec(paren)?.[1];
      if (total !== undefined) count ??= canonicalNumber(total);
    }
    return ` ${MASK} `;
  });

  work = work.replace(BARE_COUNT, (_text, total: string) => {
    count ??= canonicalNumber(total);
    return ` ${MASK} `;
  });

  const volume = firstMatch(work, VOLUME_MARKERS);
  if (volume) work = maskSpan(work, volume);

  const number = firstMatch(work, CHAPTER_KEYWORDS) ?? lastStandaloneNumber(work, volume?.end ?? 0);

  const seriesEnd = Math.min(number?.index ?? work.length, volume?.index ?? work.length);
  return {
    series: cleanSeries(work.slice(0, seriesEnd)),
    number: number ? canonicalNumber(number.digits) : null,
    numberRaw: number?.digits ?? null,
    volume: volume ? canonicalNumber(volume.digits) : null,
    year,
    count,
  };
}

/** The earliest match of any of the patterns (each pattern's first capture is the digits). */
function firstMatch(text: string, patterns: readonly RegExp[]): Found | null {
  let best: Found | null = null;
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && match[1] !== undefined && (!best || match.index < best.index)) {
      best = { index: match.index, end: match.index + match[0].length, digits: match[1] };
    }
  }
  return best;
}

function lastStandaloneNumber(text: string, from: number): Found | null {
  let last: Found | null = null;
  for (const match of text.matchAll(STANDALONE_NUMBER)) {
    if (match.index >= from && match[1] !== undefined) {
      last = { index: match.index, end: match.index + match[0].length, digits: match[1] };
    }
  }
  return last;
}

function maskSpan(text: string, span: Found): string {
  return `${text.slice(0, span.index)} ${MASK} ${text.slice(span.end)}`;
}

/**
 * The series is what precedes the number or volume, minus leading bracket groups
 * (`[Group] Foo`) and anything from the first later bracket on (`Foo (Digital) 12`).
 */
function cleanSeries(prefix: string): string | null {
  let text = prefix.replace(new RegExp(`^[\\s${MASK}._-]+`), '');
  const maskAt = text.indexOf(MASK);
  if (maskAt >= 0) text = text.slice(0, maskAt);
  text = text.replaceAll('_', ' ');
  // "One.Piece.012" uses dots as spaces; "Mr. Foo 12" does not.
  if (!/\s/.test(text.trim())) text = text.replaceAll('.', ' ');
  text = text.replace(/[\s.\-–—:,#]+$/, '').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}
