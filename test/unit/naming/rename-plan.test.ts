import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/contract/settings.ts';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import { planRename } from '../../../src-main/core/naming/rename-plan.ts';

function plan(values: ComicInfoValues, fileName = 'x.cbz', settings: Partial<Settings> = {}) {
  return planRename({ fileName, values, settings: { ...DEFAULT_SETTINGS, ...settings } });
}

const target = (name: string) => ({ action: 'rename', targetName: name });

describe('planRename (docs/behaviour.md §3.3), the original app vectors, corrected', () => {
  it.each([
    [{ Series: 'Bar: Baz', Number: '12.5' }, 'Bar_ Baz - Chapter 0012.5.cbz'],
    [{ Series: 'Bar: Baz', Number: '12.50' }, 'Bar_ Baz - Chapter 0012.5.cbz'],
    [{ Series: 'Bar: Baz', Number: '12.0' }, 'Bar_ Baz - Chapter 0012.cbz'],
    [{ Series: 'Bar', Number: '007' }, 'Bar - Chapter 0007.cbz'],
    [{ Series: 'Bar', Number: '12345' }, 'Bar - Chapter 12345.cbz'],
    [{ Series: 'Bar', Number: '5a' }, 'Bar - Chapter 5a.cbz'],
    [{ Series: 'Bar', Number: '1/2' }, 'Bar - Chapter 1-2.cbz'],
    [{ Series: 'Bar', Number: '-1' }, 'Bar - Chapter -0001.cbz'],
    [{ Series: 'Bar', Number: '.5' }, 'Bar - Chapter 0000.5.cbz'],
    [{ Series: 'Bar', Number: ' 7 ' }, 'Bar - Chapter 0007.cbz'],
    [{ Series: '  Bar   Baz  ', Number: '3' }, 'Bar Baz - Chapter 0003.cbz'],
    [{ Series: 'Foo {issue}', Number: '3' }, 'Foo {issue} - Chapter 0003.cbz'],
  ])('%j → %j', (values, expected) => {
    expect(plan(values)).toEqual(target(expected));
  });

  it('honours padding 0 / 3 and keeps the extension lower-cased', () => {
    expect(plan({ Series: 'Bar', Number: '5' }, 'x.cbz', { numberPadding: 0 })).toEqual(target('Bar - Chapter 5.cbz'));
    expect(plan({ Series: 'Bar', Number: '5' }, 'x.cbz', { numberPadding: 3 })).toEqual(target('Bar - Chapter 005.cbz'));
    expect(plan({ Series: 'Bar', Number: '5' }, 'X.CBR')).toEqual(target('Bar - Chapter 0005.cbr'));
  });

  it('optional sections instead of literal leftovers', () => {
    const fileNameTemplate = '{series}< v{volume}> #{issue_no_pad}< ({year})>';
    expect(plan({ Series: 'Bar', Number: '71.4', Volume: '2', Year: '2020' }, 'x.cbz', { fileNameTemplate })).toEqual(
      target('Bar v2 #71.4 (2020).cbz'),
    );
    expect(plan({ Series: 'Bar', Number: '71.4' }, 'x.cbz', { fileNameTemplate })).toEqual(target('Bar #71.4.cbz'));
  });

  it('no number → skipped with NO_NUMBER, never "Series - Chapter.cbz"', () => {
    for (const values of [{ Series: 'Bar' }, { Series: 'Bar', Number: ' ' }]) {
      expect(plan(values)).toMatchObject({ action: 'skip', code: 'NO_NUMBER' });
    }
  });

  it('an empty required field → skipped with NAME_INVALID, never "- Chapter 0003.cbz"', () => {
    const result = plan({ Number: '3' });
    expect(result).toMatchObject({ action: 'skip', code: 'NAME_INVALID' });
    if (result.action === 'skip') expect(result.reason).toContain('{series}');
  });

  it('an invalid template → skipped with NAME_INVALID', () => {
    expect(plan({ Series: 'Bar', Number: '3' }, 'x.cbz', { fileNameTemplate: '{series} {unknown} {number}' })).toMatchObject({
      action: 'skip',
      code: 'NAME_INVALID',
    });
  });

  it('a name that sanitizes to nothing → skipped', () => {
    expect(plan({ Series: '?', Number: '1' }, 'x.cbz', { fileNameTemplate: '{series}<{number}>' })).toEqual(
      target('0001.cbz'),
    );
    expect(plan({ Number: '1', Series: '...' }, 'x.cbz', { fileNameTemplate: '{series}<{title}{number}>' })).toMatchObject({
      action: 'skip',
      code: 'NAME_INVALID',
    });
  });

  it('same name → keep; case-only difference → rename', () => {
    const values = { Series: 'Bar', Number: '5' };
    expect(plan(values, 'Bar - Chapter 0005.cbz')).toEqual({ action: 'keep' });
    expect(plan(values, 'Bar - Chapter 0005.CBZ')).toEqual(target('Bar - Chapter 0005.cbz'));
    expect(plan(values, 'bar - chapter 0005.cbz')).toEqual(target('Bar - Chapter 0005.cbz'));
  });

  it('an NFD name equal in NFC is kept', () => {
    const values = { Series: 'Pokémon', Number: '5' };
    expect(plan(values, 'Pokémon - Chapter 0005.cbz'.normalize('NFD'))).toEqual({ action: 'keep' });
  });

  describe('volume files (docs/parsing-rules.md)', () => {
    it('a volume marker in the name and no number: the volume template, default "{series} v{volume:2}"', () => {
      expect(plan({ Series: 'Vagabond', Volume: '1' }, 'Vagabond_v1.CBZ')).toEqual(target('Vagabond v01.cbz'));
      expect(plan({ Series: 'Vagabond', Volume: '37' }, 'Vagabond v37.cbz')).toEqual({ action: 'keep' });
      expect(plan({ Series: 'Vagabond', Volume: '3' }, 'Vagabond 3巻.cbz', { volumeFileNameTemplate: '{series} - Volume {volume:3}' })).toEqual(
        target('Vagabond - Volume 003.cbz'),
      );
    });

    it('a Volume tag without a marker in the name is no volume file (the series start year is often in Volume)', () => {
      expect(plan({ Series: 'Batman', Volume: '2016' }, 'Batman (2016).cbz')).toMatchObject({ action: 'skip', code: 'NO_NUMBER' });
    });

    it('a number wins over the volume: the chapter template', () => {
      expect(plan({ Series: 'Berserk', Volume: '1', Number: '12' }, 'Berserk Vol.01 012.cbz')).toEqual(target('Berserk - Chapter 0012.cbz'));
    });

    it('a volume template without {volume} or needing an empty field is refused with a reason', () => {
      expect(plan({ Series: 'V', Volume: '1' }, 'V v01.cbz', { volumeFileNameTemplate: '{series}' })).toMatchObject({ action: 'skip', code: 'NAME_INVALID' });
      const missing = plan({ Volume: '1' }, 'v01.cbz');
      expect(missing).toMatchObject({ action: 'skip', code: 'NAME_INVALID' });
      expect(missing.action === 'skip' && missing.reason).toContain('volume file-name template needs {series}');
    });
  });
});
