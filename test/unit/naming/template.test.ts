import { describe, expect, it } from 'vitest';
import { LongboxError } from '../../../src-shared/contract/errors.ts';
import {
  expandTemplate,
  missingRequiredFields,
  validateTemplate,
} from '../../../src-main/core/naming/template.ts';

const pad4 = { padding: 4 };

describe('expandTemplate (docs/behaviour.md §3.3)', () => {
  it('expands the default template with padding on the integer part', () => {
    expect(expandTemplate('{series} - Chapter {number}', { series: 'Bar: Baz', number: '12.5' }, pad4)).toBe(
      'Bar: Baz - Chapter 0012.5',
    );
    expect(expandTemplate('{series} - Chapter {number}', { series: 'Bar', number: '12.0' }, pad4)).toBe(
      'Bar - Chapter 0012',
    );
    expect(expandTemplate('{number}', { number: '5' }, { padding: 0 })).toBe('5');
    expect(expandTemplate('{number}', { number: '12345' }, pad4)).toBe('12345');
  });

  it('accepts {issue} / {issue_no_pad} as aliases and {number:N} as a width override', () => {
    const fields = { number: '7' };
    expect(expandTemplate('{issue}|{issue_no_pad}|{number_raw}|{number:3}|{issue:0}', fields, pad4)).toBe(
      '0007|7|7|007|7',
    );
    expect(expandTemplate('{number_raw}', { number: '007' }, pad4)).toBe('007');
  });

  it('shows every field', () => {
    const fields = {
      series: 'S', number: '1', title: 'T', volume: '2', year: '2020', month: '3', publisher: 'P', count: '6',
    };
    expect(
      expandTemplate('{series}|{number}|{number_raw}|{title}|{volume}|{year}|{month:2}|{publisher}|{count}', fields, pad4),
    ).toBe('S|0001|1|T|2|2020|03|P|6');
  });

  it('drops an optional section when any field inside is empty', () => {
    const template = '{series}< v{volume}> - Chapter {number}< ({year})>';
    expect(expandTemplate(template, { series: 'Bar', number: '71.4', volume: '2', year: '2020' }, pad4)).toBe(
      'Bar v2 - Chapter 0071.4 (2020)',
    );
    expect(expandTemplate(template, { series: 'Bar', number: '71.4' }, pad4)).toBe('Bar - Chapter 0071.4');
    expect(expandTemplate(template, { series: 'Bar', number: '1', volume: '  ', year: null }, pad4)).toBe(
      'Bar - Chapter 0001',
    );
    expect(expandTemplate('<{volume}{year}>{number}', { volume: '1', number: '2' }, pad4)).toBe('0002');
  });

  it('never re-expands a value', () => {
    expect(expandTemplate('{series} - {number}', { series: 'Foo {issue} <x>', number: '3' }, pad4)).toBe(
      'Foo {issue} <x> - 0003',
    );
  });

  it('keeps a non-numeric number unpadded', () => {
    expect(expandTemplate('{number}', { number: '1AU' }, pad4)).toBe('1AU');
  });

  it('throws NAME_INVALID for an invalid template', () => {
    expect(() => expandTemplate('{series} {unknown} {number}', {}, pad4)).toThrow(LongboxError);
    try {
      expandTemplate('{nope} {number}', {}, pad4);
    } catch (error) {
      expect((error as LongboxError).code).toBe('NAME_INVALID');
    }
  });
});

describe('validateTemplate', () => {
  it.each([
    '{series} - Chapter {number}',
    '{series}< v{volume}> - Chapter {number}< ({year})>',
    '{series} #{issue_no_pad}',
    '{number:3}',
    '{ number }',
  ])('accepts %j', (template) => {
    expect(validateTemplate(template)).toEqual({ ok: true });
  });

  it.each([
    ['{series} {unknown} {number}', /unknown field \{unknown\}/],
    ['{series} {number', /never closed/],
    ['{series} number}', /no matching "\{"/],
    ['{series} <v{volume} {number}', /never closed/],
    ['{series} v{volume}> {number}', /no matching "<"/],
    ['<a <b>> {number}', /nested/],
    ['{series:3} {number}', /does not take a width/],
    ['{number:abc}', /unknown field/],
    ['{series} - {title}', /must contain \{number\}/],
    ['{{number}}', /never closed/],
  ])('rejects %j', (template, message) => {
    const result = validateTemplate(template);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('NAME_INVALID');
      expect(result.error.message).toMatch(message);
    }
  });

  it('title templates need no number but cannot read {title}', () => {
    expect(validateTemplate('{series}', 'title')).toEqual({ ok: true });
    expect(validateTemplate('Chapter {number}< - {title}>', 'title')).toMatchObject({ ok: false });
  });
});

describe('missingRequiredFields', () => {
  it('lists empty fields outside optional sections, as written', () => {
    expect(missingRequiredFields('{series} - Chapter {issue}< ({year})>', { number: '3' })).toEqual(['series']);
    expect(missingRequiredFields('{series} - Chapter {issue}', { series: 'S', number: '3' })).toEqual([]);
  });
});
