/**
 * Characters XML 1.0 allows (production [2] Char): tab, newline, carriage return and
 * everything from U+0020 except the surrogates and U+FFFE/U+FFFF. Anything else (control
 * characters from a folder name, a `&#1;` in someone else's XML, a lone surrogate) would make
 * the whole document unreadable to libxml2, ComicRack and every reader: it is dropped
 * (docs/parsing-rules.md, "What Longbox writes").
 */
// With the `u` flag a lone surrogate is one code point in D800–DFFF, outside every range here.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}
