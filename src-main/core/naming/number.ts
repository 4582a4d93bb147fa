/**
 * Chapter/issue numbers (docs/parsing-rules.md rule 10, and the `{number}` template field).
 *
 * Numbers stay strings end to end: ComicInfo stores `<Number>` as text and a float round-trip
 * would turn `12.10` into `12.1` only by accident and `99999999999999999` into garbage.
 */

// Optional sign (tags like "-1" exist: Marvel's Flashback issues), digits, and a decimal part
// written with `.` or `,` (European scanlation releases write `12,5`).
const NUMBER_PATTERN = /^(-?)(\d*)(?:[.,](\d*))?$/;

/**
 * `007` → `7`, `12.50` → `12.5`, `12,5` → `12.5`, `12.0` → `12`, `0` → `0`, `.5` → `0.5`.
 * Returns null when the text is not a plain decimal number (`5a`, `1/2`, `1e3`, `inf`, ``).
 */
export function canonicalNumber(raw: string): string | null {
  const match = NUMBER_PATTERN.exec(raw.trim());
  if (!match) return null;
  const [, sign = '', intDigits = '', fracDigits = ''] = match;
  if (intDigits === '' && fracDigits === '') return null;
  const integer = intDigits.replace(/^0+/, '') || '0';
  const fraction = fracDigits.replace(/0+$/, '');
  const magnitude = fraction ? `${integer}.${fraction}` : integer;
  return magnitude === '0' ? '0' : sign + magnitude;
}

/**
 * The `{number}` rendering: the integer part zero-padded to `width` (0 = no padding), decimals
 * kept (`12.5`, width 4 → `0012.5`). A value that is not a number (`1AU`) is returned trimmed
 * and unpadded, because padding a letter suffix has no meaning.
 */
export function formatNumber(value: string, width: number): string {
  const canonical = canonicalNumber(value);
  if (canonical === null) return value.trim();
  const negative = canonical.startsWith('-');
  const [integer = '0', fraction] = (negative ? canonical.slice(1) : canonical).split('.');
  const padded = integer.padStart(width, '0');
  return (negative ? '-' : '') + padded + (fraction === undefined ? '' : `.${fraction}`);
}
