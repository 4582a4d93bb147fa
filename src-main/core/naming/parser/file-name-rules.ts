/**
 * Second stage of the file-name parser: an ordered list of rules over the tokens
 * (docs/parsing-rules.md has the rules as users see them, numbered as here). Each rule claims
 * the tokens it understands (a date, a volume marker, a chapter keyword…) so later rules, and
 * finally "the last standalone number", only see what is left. The order is the precedence:
 * a token a date claimed can never become the issue number.
 */
import { canonicalNumber } from '../number.ts';
import { glued, isSpacedDash, numberValue, type Token } from './file-name-tokens.ts';

export type Role =
  | 'date'
  | 'volume'
  | 'keyword'
  | 'number'
  | 'count'
  /** The second half of a range (`12-14`): never the number. */
  | 'range'
  /** Digits that belong to the series name (`IG-88`, `Batman '89`, `2000 AD`, `7th`). */
  | 'series'
  /** Digits that are neither (the `.2` of `1.5.2`, the "1 of 2" of a title's "Part 1 of 2"). */
  | 'ignored';

export interface Found {
  value: string;
  raw: string;
  /** Index of the first token of the marker (`Vol` in `Vol.01`, `#` in `#12`). */
  at: number;
}

export interface ParseState {
  tokens: Token[];
  roles: (Role | undefined)[];
  volume?: Found;
  number?: Found;
  year?: string;
  month?: string;
  count?: string;
  /** Token indexes of `(1957)`-style groups, in order (rule 11 decides volume vs year). */
  yearGroups: number[];
  /** `(#02)`: an issue number in brackets, used only when nothing outside brackets is one. */
  bracketNumber?: Found;
}

type Rule = (state: ParseState) => void;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

/** 1–12 for a month name or its abbreviation (`Sep`, `Sept`, `September`), else null. */
function monthOf(word: string): number | null {
  const lower = word.toLowerCase();
  const full = FULL_MONTHS.indexOf(lower);
  if (full >= 0) return full + 1;
  if (lower === 'sept') return 9;
  const short = MONTHS.indexOf(lower);
  return short >= 0 ? short + 1 : null;
}

const YEAR = /^(?:19|20)\d\d$/;
const VOLUME_WORDS = new Set(['v', 'vol', 'vols', 'volume', 'tome', 'tomo']);
const CHAPTER_WORDS = new Set(['chapter', 'chap', 'ch', 'chp', 'episode', 'ep', 'c']);
const CHAPTER_SUFFIXES = /^[话話章回]/u;
const VOLUME_SUFFIXES = /^[卷巻册冊]/u;
/** Words that make "Part 1 of 2" part of a title rather than the issue and its count. */
const PART_WORDS = new Set(['part', 'pt']);

// ── helpers ────────────────────────────────────────────────────────────────────────────────

function free(state: ParseState, i: number): boolean {
  return state.roles[i] === undefined;
}

function claim(state: ParseState, from: number, to: number, role: Role): void {
  for (let i = from; i <= to; i++) state.roles[i] ??= role;
}

function isNumber(token: Token | undefined): token is Token {
  return token?.kind === 'number';
}

/** An integer without decimals or fraction signs (volumes, counts, years are integers in ComicInfo). */
function isInteger(token: Token | undefined): token is Token {
  return isNumber(token) && /^\d+$/.test(token.text);
}

/** Index of the next token after `i` that is not a separator (and not one of `skip`). */
function nextSolid(tokens: Token[], i: number, skip = ''): number {
  let j = i + 1;
  while (j < tokens.length && (tokens[j]?.kind === 'sep' || skip.includes(tokens[j]?.text ?? '\u0000'))) j++;
  return j;
}

function isWord(token: Token | undefined, words: ReadonlySet<string>): boolean {
  return token?.kind === 'word' && words.has(token.text.toLowerCase());
}

/** Hangul is written with spaces, but its markers (`12화`, `3권`) are glued to digits. */
function isHangul(token: Token | undefined): boolean {
  return token !== undefined && /\p{Script=Hangul}/u.test(token.text);
}

function found(state: ParseState, at: number, numberAt: number): Found | undefined {
  return foundRaw((state.tokens[numberAt] as Token).text, at);
}

/** `raw` as written (`007`, `½`, `12,5`) with its canonical value; undefined if not a number. */
function foundRaw(raw: string, at: number): Found | undefined {
  const value = numberValue(raw);
  const canonical = value === null ? null : canonicalNumber(value);
  return canonical === null ? undefined : { value: canonical, raw, at };
}

/** After a number at `i`: `-14`, `-c003` (a glued range) are claimed so they never count. */
function claimRangeTail(state: ParseState, i: number): void {
  const { tokens } = state;
  const dash = tokens[i + 1];
  if (dash?.kind !== 'sep' || dash.text !== '-' || !glued(tokens[i], dash)) return;
  let j = i + 2;
  if (isWord(tokens[j], CHAPTER_WORDS) && glued(tokens[j], tokens[j + 1])) j++;
  if (isNumber(tokens[j]) && glued(dash, tokens[i + 2])) claim(state, i + 1, j, 'range');
}

// ── the rules, in order ────────────────────────────────────────────────────────────────────

/**
 * Rule 1 and dates in brackets: `(1957)` is a year (rule 11 may make it the volume), `(of 6)`
 * the count, `(January 2022)` / `(Sep 1951)` / `(2021-08-04)` year and month, `(#02)` a
 * fallback number. Groups are never the number themselves and end the series.
 */
const readGroups: Rule = (state) => {
  state.tokens.forEach((token, i) => {
    if (token.kind !== 'group' || token.bracket !== '(') return;
    const text = token.text.trim();
    if (YEAR.test(text)) {
      state.yearGroups.push(i);
      return;
    }
    const total = /^of\s*(\d+)$/i.exec(text)?.[1];
    if (total !== undefined) {
      state.count ??= canonicalNumber(total) ?? undefined;
      return;
    }
    // `(January 2022)`, `(Sep-Oct 1951)`, and a word before a year (`(FCBD 2021)`): the year,
    // and the month when the word is one.
    const date = /^([a-z]+)(?:[\s-]+[a-z]+)?[\s,.-]+((?:19|20)\d\d)$/i.exec(text);
    if (date) {
      const month = monthOf(date[1] as string);
      state.year ??= date[2];
      if (month !== null) state.month ??= String(month);
      return;
    }
    const full = /^((?:19|20)\d\d)-(\d\d)-(\d\d)$/.exec(text);
    if (full) {
      setDate(state, full[1] as string, full[2] as string);
      return;
    }
    const issue = /^#\s*(\d+(?:[.,]\d+)?|[½¼¾])$/u.exec(text)?.[1];
    if (issue !== undefined) state.bracketNumber ??= foundRaw(issue, i);
  });
};

function setDate(state: ParseState, year: string, month: string): void {
  const m = Number(month);
  state.year ??= year;
  if (m >= 1 && m <= 12) state.month ??= String(m);
}

/**
 * Rule 2, dates outside brackets: `2021-08-04`, `Sep-Oct 1951`, `January 2022`. They give
 * the year and month, and none of their digits can be the number (the day is not an issue).
 */
const readDates: Rule = (state) => {
  const { tokens } = state;
  tokens.forEach((token, i) => {
    if (!free(state, i)) return;
    // 2021-08-04
    if (isInteger(token) && YEAR.test(token.text)) {
      const [d1, mm, d2, dd] = [tokens[i + 1], tokens[i + 2], tokens[i + 3], tokens[i + 4]];
      if (d1?.text === '-' && d2?.text === '-' && isInteger(mm) && isInteger(dd) && mm.text.length <= 2 && dd.text.length <= 2) {
        setDate(state, token.text, mm.text);
        claim(state, i, i + 4, 'date');
      }
      return;
    }
    // Sep 1951, Sep-Oct 1951, January 2022
    if (token.kind !== 'word') return;
    const month = monthOf(token.text);
    if (month === null) return;
    let j = i + 1;
    // A two-month issue: `Sep-Oct`, `Sep/Oct`.
    if (/^[-–/]$/.test(tokens[j]?.text ?? '') && tokens[j + 1]?.kind === 'word' && monthOf(tokens[j + 1]?.text ?? '') !== null) j += 2;
    const yearAt = nextSolid(tokens, j - 1, ',');
    const year = tokens[yearAt];
    if (isInteger(year) && YEAR.test(year.text) && /^[\s,.-]*$/.test(textBetween(tokens, j - 1, yearAt))) {
      state.year ??= year.text;
      state.month ??= String(month);
      claim(state, i, yearAt, 'date');
    }
  });
};

function textBetween(tokens: Token[], from: number, to: number): string {
  return tokens.slice(from + 1, to).map((t) => t.text).join('');
}

/**
 * Rule 3: `v01`, `Vol.2`, `volume 3`, `V1965`, `第3卷`, `3巻`, `제3권`, `3권`. The first marker is
 * the volume; it is never the chapter. `v` needs the digits glued (`v2`), the longer words
 * accept separators (`Vol. 2`, `Volume_02`).
 */
const readVolume: Rule = (state) => {
  const { tokens } = state;
  for (let i = 0; i < tokens.length && state.volume === undefined; i++) {
    const token = tokens[i] as Token;
    if (!free(state, i)) continue;
    if (isWord(token, VOLUME_WORDS)) {
      const short = token.text.length === 1;
      const at = short ? i + 1 : nextSolid(tokens, i);
      const digits = tokens[at];
      if (!isInteger(digits) || (short && !glued(token, digits)) || !free(state, at)) continue;
      // `v2c` / `vol2x` is a word, not a marker.
      if (tokens[at + 1]?.kind === 'word' && glued(digits, tokens[at + 1])) continue;
      if (at > i + 1 && isSpacedDash(tokens[i + 1])) continue;
      state.volume = found(state, i, at);
      claim(state, i, at, 'volume');
      // In a name that uses hyphens as spaces (`X-Men-V1-067`, `VOLUME-07-123`) "-" is no range.
      const hyphenated = tokens[i + 1]?.text === '-' || (tokens[i - 1]?.text === '-' && glued(tokens[i - 1], token));
      if (!hyphenated) claimVolumeRange(state, at);
      continue;
    }
    if (isInteger(token) && free(state, i)) {
      const after = tokens[i + 1];
      const cjkMarker = after?.kind === 'cjk' && VOLUME_SUFFIXES.test(after.text);
      const hangulMarker = after?.kind === 'word' && after.text.startsWith('권');
      if (!cjkMarker && !hangulMarker) continue;
      // `1-3巻` (volumes 1 to 3): the first volume of the range.
      const rangeStart = tokens[i - 1]?.text === '-' && glued(tokens[i - 2], tokens[i - 1]) && isInteger(tokens[i - 2]) ? i - 2 : i;
      const prefix = markerPrefix(tokens, rangeStart);
      state.volume = found(state, prefix, rangeStart);
      claim(state, prefix, i + 1, 'volume');
    }
  }
};

/**
 * `v16-17` (volumes 16 and 17 in one file): the second half is claimed. Only an unpadded,
 * larger number is a volume range; `Foo v1-067` is volume 1, issue 67.
 */
function claimVolumeRange(state: ParseState, at: number): void {
  const { tokens } = state;
  const [dash, next] = [tokens[at + 1], tokens[at + 2]];
  if (dash?.text !== '-' || !glued(tokens[at], dash) || !glued(dash, next) || !isInteger(next)) return;
  if (next.text.startsWith('0') || Number(next.text) <= Number(tokens[at]?.text)) return;
  claim(state, at + 1, at + 2, 'volume');
}

/** `第` / `제` right before the digits (maybe after a space) starts the marker. */
function markerPrefix(tokens: Token[], i: number): number {
  const before = tokens[i - 1];
  if (before !== undefined && (before.text === '第' || before.text === '제')) return i - 1;
  return i;
}

/**
 * Rule 4: `chapter`, `chap`, `ch`, `episode`, `ep` (any separators), `c001` (glued), `#12`,
 * `第12话`, `12화`. The first keyword gives the number; a glued range after it (`c001-c003`,
 * `ch12-13`) is consumed.
 */
const readChapterKeyword: Rule = (state) => {
  const { tokens } = state;
  for (let i = 0; i < tokens.length && state.number === undefined; i++) {
    const token = tokens[i] as Token;
    if (!free(state, i)) continue;
    let at = -1;
    if (isWord(token, CHAPTER_WORDS)) {
      at = token.text.length === 1 ? i + 1 : nextSolid(tokens, i, '#');
      if (token.text.length === 1 && !glued(token, tokens[at])) continue;
    } else if (token.text === '#') {
      at = nextSolid(tokens, i);
    } else if (isNumber(token)) {
      const after = tokens[i + 1];
      const cjk = after?.kind === 'cjk' && CHAPTER_SUFFIXES.test(after.text);
      const hangul = after?.kind === 'word' && after.text.startsWith('화');
      if (!cjk && !hangul) continue;
      const prefix = markerPrefix(tokens, i);
      state.number = found(state, prefix, i);
      claim(state, prefix, i + 1, 'keyword');
      state.roles[i] = 'number';
      continue;
    } else {
      continue;
    }
    const digits = tokens[at];
    if (!isNumber(digits) || !free(state, at)) continue;
    // `c2c` ("cover to cover") and `ch3x` are words, not chapters; `12a` keeps its variant letter.
    const next = tokens[at + 1];
    if (next?.kind === 'word' && glued(digits, next) && next.text.length > 1 && !isHangul(next)) continue;
    if (token.text.toLowerCase() === 'c' && next?.kind === 'word' && glued(digits, next)) continue;
    const result = found(state, i, at);
    if (result === undefined) continue;
    state.number = result;
    claim(state, i, at - 1, 'keyword');
    state.roles[at] = 'number';
    claimRangeTail(state, at);
  }
};

/**
 * Rule 5: "5 of 10" outside brackets is the count. In a title's "Part 1 of 2" neither number is the
 * issue nor the count.
 */
const readBareCount: Rule = (state) => {
  const { tokens } = state;
  tokens.forEach((token, i) => {
    if (!isNumber(token) || tokens[i + 2]?.text.toLowerCase() !== 'of') return;
    const total = tokens[i + 4];
    if (tokens[i + 1]?.kind !== 'sep' || tokens[i + 3]?.kind !== 'sep' || !isInteger(total)) return;
    if (isWord(tokens[i - 2], PART_WORDS)) {
      claim(state, i, i + 4, 'ignored');
      return;
    }
    state.count ??= canonicalNumber(total.text) ?? undefined;
    claim(state, i + 2, i + 4, 'count');
  });
};

/** Rule 6: `12-14`, `001-006`: the first half is a candidate, the second is consumed. */
const readRanges: Rule = (state) => {
  state.tokens.forEach((token, i) => {
    if (isNumber(token) && free(state, i)) claimRangeTail(state, i);
  });
};

/**
 * Rule 7: digits that are part of a name. Glued to an apostrophe (`Batman '89`), a short
 * capitalised code (`IG-88`, `X-23`), glued to letters (`7th`, `2048px`, `100-Page`, `Foo12`),
 * the tail of `1.5.2`, a leading number followed by words (`2000 AD`, `100 Bullets`), and a
 * bare year that a year group repeats (`Free Comic Book Day 2021 (2021)`).
 */
const readNameDigits: Rule = (state) => {
  const { tokens } = state;
  const first = tokens.findIndex((t) => t.kind !== 'sep' && t.kind !== 'group');
  tokens.forEach((token, i) => {
    if (!isNumber(token) || !free(state, i)) return;
    const [before, after] = [tokens[i - 1], tokens[i + 1]];
    const apostrophe = (before?.text === "'" || before?.text === '’') && glued(before, token);
    const code =
      before?.text === '-' && glued(before, token) && glued(tokens[i - 2], before) &&
      /^\p{Lu}{1,3}$/u.test(tokens[i - 2]?.text ?? '') && !token.text.startsWith('0');
    const gluedAfter =
      after?.kind === 'word' && glued(token, after) && !isHangul(after) &&
      (after.text.length > 1 || tokens[i + 2]?.kind === 'word' && glued(after, tokens[i + 2]));
    const hyphenWord = after?.text === '-' && glued(token, after) && tokens[i + 2]?.kind === 'word' && glued(after, tokens[i + 2]);
    const gluedBefore = before?.kind === 'word' && glued(before, token) && !isHangul(before);
    if (apostrophe || code || gluedAfter || hyphenWord || gluedBefore) {
      state.roles[i] = 'series';
      return;
    }
    const decimalTail = before?.kind === 'sep' && /^[.,]$/.test(before.text) && glued(tokens[i - 2], before) && isNumber(tokens[i - 2]);
    if (decimalTail) {
      state.roles[i] = 'ignored';
      return;
    }
    const leading = i === first && !token.text.startsWith('0') && tokens[nextSolid(tokens, i)]?.kind === 'word';
    // "Free Comic Book Day 2021 (2021)": a bare year repeated in a year group names the edition.
    const editionYear = state.yearGroups.some((g) => (tokens[g] as Token).text.trim() === token.text);
    if (leading || editionYear) state.roles[i] = 'series';
  });
};

/**
 * Rule 8: without a keyword, the last free number after the volume marker (numbers
 * before it name the series: "86 - Eighty Six v02"). A zero-padded number right before
 * " - Title" ends the name part even when the title holds digits. "Part 2" counts only when
 * nothing else does ("1984 part 2"), and `(#02)` when nothing outside brackets does.
 */
const chooseNumber: Rule = (state) => {
  if (state.number !== undefined) return;
  const { tokens } = state;
  const from = state.volume === undefined ? 0 : state.volume.at;
  let last: number | undefined;
  let weak: number | undefined;
  for (let i = from; i < tokens.length; i++) {
    if (!isNumber(tokens[i]) || !free(state, i)) continue;
    if (isWord(tokens[i - 2], PART_WORDS) || isWord(tokens[i - 1], PART_WORDS)) {
      weak = i;
      continue;
    }
    if (tokens[i]?.text.startsWith('0') && isSpacedDash(tokens[i + 1]) && tokens[i + 2]?.kind === 'word') {
      last = i;
      break;
    }
    last = i;
  }
  const at = last ?? weak;
  if (at !== undefined) {
    state.number = found(state, at, at);
    state.roles[at] = 'number';
  } else if (state.bracketNumber !== undefined) {
    state.number = state.bracketNumber;
  }
};

/**
 * Rule 11: `Series (1957) #92 (1969)`: a year group before the number and another after it:
 * the first is the volume (the series' start year), the later one the year. Otherwise the
 * first year group is the year.
 */
const chooseYears: Rule = (state) => {
  const groups = state.yearGroups;
  const text = (i: number) => (state.tokens[i] as Token).text.trim();
  const numberAt = state.number?.at;
  const firstAt = groups[0];
  if (firstAt === undefined) return;
  const later = numberAt === undefined ? undefined : groups.find((g) => g > numberAt);
  if (state.volume === undefined && numberAt !== undefined && firstAt < numberAt && later !== undefined) {
    state.volume = { value: text(firstAt), raw: text(firstAt), at: firstAt };
    state.year ??= text(later);
    return;
  }
  state.year ??= text(firstAt);
};

export const RULES: readonly Rule[] = [
  readGroups,
  readDates,
  readVolume,
  readChapterKeyword,
  readBareCount,
  readRanges,
  readNameDigits,
  chooseNumber,
  chooseYears,
];
