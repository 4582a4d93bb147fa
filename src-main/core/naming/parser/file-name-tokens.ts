/**
 * First stage of the file-name parser (docs/parsing-rules.md): the base name cut into tokens
 * that keep their offsets, so later rules reason about neighbours ("glued to a word", "inside
 * brackets", "after an apostrophe") instead of re-scanning the text with ever more regexes.
 */

export type TokenKind =
  /** `(…)`, `[…]`, `{…}`, `【…】`: `text` is the inside, `bracket` the opening character. */
  | 'group'
  /** Digits with an optional decimal part (`12`, `12.5`, `12,5`), or a fraction (`½`, `1/2`). */
  | 'number'
  /** Letters of a script that separates words with spaces (Latin, Cyrillic, Hangul…). */
  | 'word'
  /** Han, Hiragana, Katakana: these scripts run straight into digits ("第12话", "ワンピース1050"). */
  | 'cjk'
  /** A run of spaces, `_`, `.`, `-`, `–`, `—`. */
  | 'sep'
  /** Any other single character: `#`, `'`, `&`, `,`, `!`… */
  | 'symbol';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offsets into the base name: `name.slice(start, end)` is the token as written. */
  start: number;
  end: number;
  bracket?: '(' | '[' | '{';
}

const FRACTIONS: Readonly<Record<string, string>> = { '½': '0.5', '¼': '0.25', '¾': '0.75' };

// Alternatives are tried in order at each position; the last one always matches one character.
const TOKEN = new RegExp(
  [
    // 【…】 is how Chinese scanlation groups tag their releases: a `[…]` group.
    String.raw`(?<group>\([^()]*\)|\[[^[\]]*\]|\{[^{}]*\}|【[^【】]*】)`,
    // `1/2` is a fraction only as a whole token: `1/2` in "Foo 1/2" but not in dates.
    String.raw`(?<number>\d+/\d+(?!\d)|\d+(?:[.,]\d+)?|[½¼¾])`,
    // `第` ("number …") always opens a marker (`第12话`, `第3卷`), so it is a token of its own.
    String.raw`(?<cjk>第|(?:(?!第)[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー])+)`,
    String.raw`(?<word>[\p{L}\p{M}]+)`,
    String.raw`(?<sep>[\s_.\-–—]+)`,
    String.raw`(?<symbol>[^])`,
  ].join('|'),
  'gu',
);

export function tokenize(name: string): Token[] {
  const tokens: Token[] = [];
  for (const match of name.matchAll(TOKEN)) {
    const groups = match.groups ?? {};
    const kind = (Object.keys(groups) as TokenKind[]).find((key) => groups[key] !== undefined) ?? 'symbol';
    const start = match.index;
    const end = start + match[0].length;
    if (kind === 'group') {
      const bracket = match[0][0] === '【' ? '[' : (match[0][0] as Token['bracket']);
      tokens.push({ kind, text: match[0].slice(1, -1), start, end, bracket });
    } else {
      tokens.push({ kind, text: match[0], start, end });
    }
  }
  return tokens;
}

/**
 * A number token's value as plain decimal text (`½` → `0.5`, `1/2` → `0.5`, `12,5` → `12.5`);
 * null for a fraction that is not a plain decimal (`1/3`).
 */
export function numberValue(text: string): string | null {
  const fraction = FRACTIONS[text];
  if (fraction !== undefined) return fraction;
  const slash = /^(\d+)\/(\d+)$/.exec(text);
  if (!slash) return text.replace(',', '.');
  const value = Number(slash[1]) / Number(slash[2]);
  // Only fractions that end (½, ¼, ¾…) are numbers people write; `1/3` is no issue number.
  return Number.isFinite(value) && /^\d+(\.\d{1,4})?$/.test(String(value)) ? String(value) : null;
}

/** True when nothing (not even a space) stands between the two tokens. */
export function glued(a: Token | undefined, b: Token | undefined): boolean {
  return a !== undefined && b !== undefined && a.end === b.start;
}

export function isSpacedDash(token: Token | undefined): boolean {
  return token?.kind === 'sep' && /\s[-–—]+\s/.test(token.text);
}
