import { describe, expect, it } from 'vitest';
import { parseFileName } from '../../../src-main/core/naming/file-name-parser.ts';
import { PARSER_VECTORS } from './file-name-parser.vectors.ts';

describe('parseFileName (docs/parsing-rules.md vectors)', () => {
  it('has at least 150 real-world vectors, comics and manga, Western and CJK', () => {
    expect(PARSER_VECTORS.length).toBeGreaterThanOrEqual(150);
    const cjk = PARSER_VECTORS.filter((v) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(v.name));
    expect(cjk.length).toBeGreaterThanOrEqual(20);
  });

  it.each(PARSER_VECTORS)('$name', (vector) => {
    const parsed = parseFileName(vector.name);
    expect({
      series: parsed.series,
      number: parsed.number,
      volume: parsed.volume,
      year: parsed.year,
      month: parsed.month,
      count: parsed.count,
    }).toEqual({
      series: vector.series,
      number: vector.number,
      volume: vector.volume ?? null,
      year: vector.year ?? null,
      month: vector.month ?? null,
      count: vector.count ?? null,
    });
    if (vector.numberRaw !== undefined) expect(parsed.numberRaw).toBe(vector.numberRaw);
  });

  it('keeps the raw digits next to the canonical number', () => {
    expect(parseFileName('Foo 007')).toMatchObject({ number: '7', numberRaw: '007' });
    expect(parseFileName('Blue Beetle #½')).toMatchObject({ number: '0.5', numberRaw: '½' });
    expect(parseFileName('Foo')).toMatchObject({ number: null, numberRaw: null });
  });

  it('a bare range gives its first half, never its second (rule 4)', () => {
    // Without the range rule the last standalone number (14, 006) would win.
    expect(parseFileName('Foo 12-14')).toMatchObject({ number: '12', numberRaw: '12' });
    expect(parseFileName('Saga 001-006 (2012)')).toMatchObject({ series: 'Saga', number: '1', year: '2012' });
    expect(parseFileName('Hunter x Hunter v36 c380-390')).toMatchObject({ number: '380', volume: '36' });
  });

  it('a volume marker of any length followed by a bare number gives both (rule 8)', () => {
    for (const name of ['Berserk v07 123', 'Berserk V07 123', 'Berserk Vol07 123', 'Berserk Vol.07 123', 'Berserk vol. 07 123', 'Berserk Volume 07 123', 'Berserk Volume_07_123', 'Berserk VOLUME-07-123']) {
      expect(parseFileName(name), name).toMatchObject({ series: 'Berserk', volume: '7', number: '123' });
    }
  });
});
