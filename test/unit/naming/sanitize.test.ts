import { describe, expect, it } from 'vitest';
import { DEFAULT_REPLACEMENTS } from '../../../src-shared/contract/settings.ts';
import { sanitizeFileName } from '../../../src-main/core/naming/sanitize.ts';

const clean = (name: string): string => sanitizeFileName(name, DEFAULT_REPLACEMENTS);

describe('sanitizeFileName (docs/behaviour.md §3.3)', () => {
  it('applies the replacement table first (":" round-trips with the folder rule)', () => {
    expect(clean('Bar: Baz - Chapter 0012.5.cbz')).toBe('Bar_ Baz - Chapter 0012.5.cbz');
    expect(clean('AC/DC 1\\2.cbz')).toBe('AC-DC 1-2.cbz');
    expect(sanitizeFileName('Foo & Bar.cbz', [{ from: '&', to: 'and' }])).toBe('Foo and Bar.cbz');
  });

  it('removes forbidden and control characters, also separators the table no longer covers', () => {
    expect(clean('W?h*a"t<>|.cbz')).toBe('What.cbz');
    expect(clean('a\u0000b\u001fc\u007f.cbz')).toBe('abc.cbz');
    expect(sanitizeFileName('a/b\\c:d.cbz', [])).toBe('abcd.cbz');
  });

  it('collapses whitespace and trims leading spaces/dots and trailing dots/spaces', () => {
    expect(clean('  Bar   Baz\t - Chapter 0003.cbz')).toBe('Bar Baz - Chapter 0003.cbz');
    expect(clean('Foo Vol. .cbz')).toBe('Foo Vol.cbz');
    expect(clean('...hidden.cbz')).toBe('hidden.cbz');
    expect(clean('Foo...')).toBe('Foo');
  });

  it('suffixes Windows reserved names, with or without extension, any case', () => {
    expect(clean('CON.cbz')).toBe('CON_.cbz');
    expect(clean('nul')).toBe('nul_');
    expect(clean('com1.cbr')).toBe('com1_.cbr');
    expect(clean('Lpt9.tar.cbz')).toBe('Lpt9_.tar.cbz');
    expect(clean('AUX .cbz')).toBe('AUX_.cbz');
    expect(clean('CONSOLE.cbz')).toBe('CONSOLE.cbz');
    expect(clean('COM0.cbz')).toBe('COM0.cbz');
  });

  it('keeps the whole name within 255 UTF-8 bytes without splitting a code point', () => {
    const ascii = clean(`${'a'.repeat(300)}.cbz`);
    expect(Buffer.byteLength(ascii)).toBe(255);
    expect(ascii.endsWith('a.cbz')).toBe(true);

    for (const char of ['é', '進', '😀']) {
      const name = clean(`${char.repeat(200)}.cbz`);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(name.endsWith('.cbz')).toBe(true);
      expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
      expect(name.includes('\uFFFD')).toBe(false);
      const stem = name.slice(0, -4);
      expect([...stem].every((c) => c === char)).toBe(true);
    }
  });

  it('preserves the extension from the table and truncation', () => {
    expect(sanitizeFileName('Cozy.cbz', [{ from: 'z', to: 's' }])).toBe('Cosy.cbz');
    expect(clean('Foo 12.5')).toBe('Foo 12.5');
  });

  it('returns only the extension when nothing else survives', () => {
    expect(clean(' ?*. .cbz')).toBe('.cbz');
  });
});
