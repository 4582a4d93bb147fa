import { describe, expect, it } from 'vitest';
import { canonicalNumber, formatNumber } from '../../../src-main/core/naming/number.ts';

describe('canonicalNumber (docs/behaviour.md §3.1 rule 6)', () => {
  it.each([
    ['007', '7'],
    ['12.50', '12.5'],
    ['12,5', '12.5'],
    ['12.0', '12'],
    ['0', '0'],
    ['000', '0'],
    ['0.0', '0'],
    ['.5', '0.5'],
    ['12.', '12'],
    [' 7 ', '7'],
    ['-1', '-1'],
    ['-0', '0'],
    ['12345', '12345'],
    ['99999999999999999999', '99999999999999999999'],
  ])('%j → %j', (raw, expected) => {
    expect(canonicalNumber(raw)).toBe(expected);
  });

  it.each(['', ' ', '.', 'abc', '5a', '1/2', '1e3', 'inf', '½', '1.2.3', '1 2', '--1'])('%j is not a number', (raw) => {
    expect(canonicalNumber(raw)).toBeNull();
  });
});

describe('formatNumber ({number} rendering)', () => {
  it.each([
    ['12.5', 4, '0012.5'],
    ['12.50', 4, '0012.5'],
    ['12.0', 4, '0012'],
    ['5', 4, '0005'],
    ['5', 3, '005'],
    ['5', 0, '5'],
    ['007', 0, '7'],
    ['12345', 4, '12345'],
    ['.5', 4, '0000.5'],
    ['-1', 4, '-0001'],
    ['1AU', 4, '1AU'],
    [' 7 ', 4, '0007'],
  ])('%j padded to %i → %j', (value, width, expected) => {
    expect(formatNumber(value, width)).toBe(expected);
  });
});
