/**
 * Reads chapter/issue number, volume, year, month, count and series out of an archive's base
 * name (docs/parsing-rules.md). Two stages: `parser/file-name-tokens.ts` cuts the name into
 * tokens with offsets, `parser/file-name-rules.ts` runs the ordered rules that claim them. The
 * series is then the text before the first claimed marker.
 */
import { RULES, type ParseState } from './parser/file-name-rules.ts';
import { tokenize, type Token } from './parser/file-name-tokens.ts';

export interface ParsedFileName {
  series: string | null;
  /** Canonical form (`007` → `7`, `½` → `0.5`). */
  number: string | null;
  /** The number as written in the name (`007`, `12,5`, `½`; only the first half of a range). */
  numberRaw: string | null;
  /** Canonical form (`v01` → `1`). */
  volume: string | null;
  year: string | null;
  /** `1`–`12`, from a date in the name (`Sep-Oct 1951`, `2021-08-04`, `(January 2022)`). */
  month: string | null;
  /** Canonical form (`(of 06)` → `6`). */
  count: string | null;
}

/**
 * Edition words (rule 12): `Annual`, `Special`, `One-Shot`, `TPB`, `GN`, `HC`, `Omnibus`.
 */
const EDITION_WORDS = new Set(['annual', 'special', 'one', 'shot', 'tpb', 'gn', 'hc', 'omnibus']);

export function parseFileName(baseName: string): ParsedFileName {
  const tokens = tokenize(baseName);
  const state: ParseState = { tokens, roles: tokens.map(() => undefined), yearGroups: [] };
  for (const rule of RULES) rule(state);

  return {
    series: seriesOf(baseName, state),
    number: state.number?.value ?? null,
    numberRaw: state.number?.raw ?? null,
    volume: state.volume?.value ?? null,
    year: state.year ?? null,
    month: state.month ?? null,
    count: state.count ?? null,
  };
}

/**
 * The series: from the first token that is not a leading bracket group (`[Group] Foo`) up to
 * the first group or claimed marker, plus edition words between a volume marker and the number.
 */
function seriesOf(name: string, state: ParseState): string | null {
  const { tokens, roles } = state;
  let start = 0;
  while (start < tokens.length && (tokens[start]?.kind === 'group' || tokens[start]?.kind === 'sep')) start++;
  let end = start;
  while (end < tokens.length && tokens[end]?.kind !== 'group' && !endsSeries(roles[end])) end++;
  const first = tokens[start];
  let series = first === undefined || end === start ? '' : name.slice(first.start, (tokens[end - 1] as Token).end);

  const edition = editionWords(name, state, end);
  if (edition) series = series ? `${series} ${edition}` : edition;
  return cleanSeries(series);
}

function endsSeries(role: ParseState['roles'][number]): boolean {
  return role !== undefined && role !== 'series' && role !== 'ignored';
}

/**
 * Rule 12: edition words between the end of the series and the number stay in the series even
 * when a volume marker or a year group stands in between (`The Defenders v1 Annual #01`,
 * `Avengers (2018-) Annual #1`), so an annual never lands on the main series' number.
 */
function editionWords(name: string, state: ParseState, seriesEnd: number): string {
  const { tokens, roles, number } = state;
  if (number === undefined || number.at <= seriesEnd) return '';
  const words = tokens
    .slice(seriesEnd, number.at)
    .filter((t, i) => t.kind !== 'sep' && t.kind !== 'group' && roles[seriesEnd + i] !== 'volume');
  const allEdition = words.length > 0 && words.every((t) => t.kind === 'word' && EDITION_WORDS.has(t.text.toLowerCase()));
  const [first, last] = [words[0], words.at(-1)];
  return allEdition && first && last ? name.slice(first.start, last.end) : '';
}

function cleanSeries(raw: string): string | null {
  let text = raw.replaceAll('_', ' ');
  // "One.Piece.012" uses dots as spaces; "Mr. Foo 12" does not.
  if (!/\s/.test(text.trim())) text = text.replaceAll('.', ' ');
  // "Avengers.Hulk" joins two words; the dots of "S.H.I.E.L.D." are initials and stay.
  text = text.replace(/(?<=\p{L}{2})\.(?=\p{L}{2})/gu, ' ');
  text = text.replace(/[\s.\-–—:,#]+$/, '').replace(/^[\s.\-–—:,]+/, '').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}
