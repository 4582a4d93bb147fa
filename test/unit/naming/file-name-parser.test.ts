import { describe, expect, it } from 'vitest';
import { parseFileName } from '../../../src-main/core/naming/file-name-parser.ts';
import { PARSER_VECTORS } from './file-name-parser.vectors.ts';

describe('parseFileName (SPEC §3.1 vectors)', () => {
  it('has at least 60 real-world vectors', () => {
    expect(PARSER_VECTORS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(PARSER_VECTORS)('$name', (vector) => {
    const parsed = parseFileName(vector.name);
    expect({
      series: parsed.series,
      number: parsed.number,
      volume: parsed.volume,
      year: parsed.year,
      count: parsed.count,
    }).toEqual({
      series: vector.series,
      number: vector.number,
      volume: vector.volume ?? null,
      year: vector.year ?? null,
      count: vector.count ?? null,
    });
    if (vector.numberRaw !== undefined) expect(parsed.numberRaw).toBe(vector.numberRaw);
  });

  it('keeps the raw digits next to the canonical number', () => {
    expect(parseFileName('Foo 007')).toMatchObject({ number: '7', numberRaw: '007' });
    expect(parseFileName('Foo')).toMatchObject({ number: null, numberRaw: null });
  });
});
