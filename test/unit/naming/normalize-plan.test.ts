import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/contract/settings.ts';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import { planNormalize, type NormalizeInput } from '../../../src-main/core/naming/normalize-plan.ts';

function plan(overrides: Partial<NormalizeInput> & { current?: ComicInfoValues }) {
  return planNormalize({
    fileName: 'Foo 7.cbz',
    folderName: 'Foo',
    current: {},
    settings: DEFAULT_SETTINGS,
    ...overrides,
  });
}

describe('planNormalize (docs/behaviour.md §3.2)', () => {
  it('E1: untagged file gets number, title and series from folder', () => {
    const result = plan({ fileName: 'Foo ch. 12.5 (2020).cbz', folderName: 'Bar_ Baz' });
    expect(result.patch).toEqual({ Number: '12.5', Title: 'Chapter 12.5', Series: 'Bar: Baz', Year: '2020' });
    expect(result.after).toEqual({ Number: '12.5', Title: 'Chapter 12.5', Series: 'Bar: Baz', Year: '2020' });
    expect(result).toMatchObject({ changed: true, number: '12.5' });
  });

  it('E2: an already normalized file is unchanged (nothing to write)', () => {
    const current = { Number: '12.5', Title: 'Chapter 12.5', Series: 'Bar: Baz', Year: '2020' };
    const result = plan({ fileName: 'Bar_ Baz - Chapter 0012.5.cbz', folderName: 'Bar_ Baz', current });
    expect(result).toEqual({ after: current, patch: {}, changed: false, number: '12.5' });
  });

  it('E3: the tag wins over the name; real titles are overwritten in "always" mode', () => {
    const result = plan({
      fileName: 'Batman 005.cbz',
      folderName: 'Batman',
      current: { Number: '5', Title: 'The Joker', Series: 'Batman' },
    });
    expect(result.patch).toEqual({ Title: 'Chapter 5' });
  });

  it('E4: a bracketed year never gives the number', () => {
    expect(plan({ fileName: 'Foo (2019) 12.cbz' }).patch).toEqual({ Number: '12', Title: 'Chapter 12', Series: 'Foo', Year: '2019' });
  });

  it('E5: a title that already matches still gets the number written', () => {
    const result = plan({ current: { Title: 'Chapter 7', Series: 'Foo' } });
    expect(result.patch).toEqual({ Number: '7' });
    expect(result.number).toBe('7');
  });

  it('canonicalizes an existing number tag (title uses it unpadded)', () => {
    const result = plan({ current: { Number: '007', Title: 'Chapter 007', Series: 'Foo' } });
    expect(result.patch).toEqual({ Number: '7', Title: 'Chapter 7' });
  });

  it('keeps a non-numeric number tag as the user wrote it', () => {
    const result = plan({ current: { Number: '1AU', Series: 'Foo' } });
    expect(result.patch).toEqual({ Title: 'Chapter 1AU' });
    expect(result.number).toBe('1AU');
  });

  it('an empty number tag counts as absent', () => {
    expect(plan({ current: { Number: '  ', Series: 'Foo' } }).patch).toMatchObject({ Number: '7' });
  });

  it('no number: nothing is invented, title is left alone, number is null', () => {
    const result = plan({ fileName: 'Foo (2020).cbz', current: { Title: 'Old', Series: 'Foo', Year: '2020' } });
    expect(result).toEqual({ after: { Title: 'Old', Series: 'Foo', Year: '2020' }, patch: {}, changed: false, number: null });
  });

  describe('title modes', () => {
    it('when-empty keeps a real title and fills an empty one', () => {
      const settings = { ...DEFAULT_SETTINGS, titleMode: 'when-empty' as const };
      expect(plan({ settings, current: { Title: 'The Joker', Series: 'Foo' } }).patch).toEqual({ Number: '7' });
      expect(plan({ settings, current: { Title: ' ', Series: 'Foo' } }).patch).toEqual({ Number: '7', Title: 'Chapter 7' });
    });

    it('never leaves the title alone', () => {
      const settings = { ...DEFAULT_SETTINGS, titleMode: 'never' as const };
      expect(plan({ settings, current: { Series: 'Foo' } }).patch).toEqual({ Number: '7' });
    });

    it('uses the title template with the same fields (after normalizing)', () => {
      const settings = { ...DEFAULT_SETTINGS, titleTemplate: '{series} #{number:3}< ({year})>' };
      expect(plan({ settings, folderName: 'Bar_ Baz' }).patch.Title).toBe('Bar: Baz #007');
      expect(plan({ settings, current: { Year: '2020' } }).patch.Title).toBe('Foo #007 (2020)');
    });
  });

  describe('series', () => {
    it.each([
      ['Bar_ Baz', undefined, 'Bar: Baz'],
      ['Batman_ Year One', undefined, 'Batman: Year One'],
      ['Foo_Bar', undefined, 'Foo:Bar'],
      ['Foo (2020)', undefined, 'Foo (2020)'],
      ['Bar_ Baz', 'Bar: Baz ', undefined],
      [' Foo ', 'Foo', undefined],
      ['Foo', 'Other', 'Foo'],
    ])('folder %j, tag %j → patch %j', (folderName, tag, expected) => {
      const current: ComicInfoValues = tag === undefined ? {} : { Series: tag };
      expect(plan({ folderName, current }).patch.Series).toBe(expected);
    });

    it('root files keep their tag or get the parsed series (never the library folder name)', () => {
      expect(plan({ folderName: null, fileName: 'X 3.cbz' }).patch.Series).toBe('X');
      expect(plan({ folderName: null, current: { Series: 'Kept' } }).patch.Series).toBeUndefined();
      expect(plan({ folderName: null, fileName: '003.cbz' }).patch.Series).toBeUndefined();
    });

    it('seriesFromFolder off leaves series untouched', () => {
      const settings = { ...DEFAULT_SETTINGS, seriesFromFolder: false };
      expect(plan({ settings, folderName: 'Other', current: { Series: 'Foo' } }).patch.Series).toBeUndefined();
    });
  });

  describe('nothing is lost: Volume, Year, Month, Count from the name', () => {
    it('fills the empty ones', () => {
      const result = plan({ fileName: 'Berserk v02 012 (of 40) (1990).cbz', folderName: 'Berserk' });
      expect(result.patch).toMatchObject({ Number: '12', Volume: '2', Year: '1990', Count: '40' });
      expect(plan({ fileName: 'Wonder Woman 49 DC Sep-Oct 1951.cbz' }).patch).toMatchObject({ Number: '49', Year: '1951', Month: '9' });
    });

    it('never overwrites a tag, even one that disagrees with the name', () => {
      const current = { Series: 'Foo', Number: '7', Title: 'Chapter 7', Volume: '2016', Year: '2017', Count: '12', Month: '3' };
      const result = plan({ fileName: 'Foo v01 007 (of 6) (2020).cbz', current });
      expect(result).toMatchObject({ patch: {}, changed: false });
    });

    it('a blank tag counts as empty', () => {
      expect(plan({ fileName: 'Foo 7 (2020).cbz', current: { Year: ' ' } }).patch.Year).toBe('2020');
    });

    it('the setting turns it off', () => {
      const settings = { ...DEFAULT_SETTINGS, fillFromName: false };
      expect(Object.keys(plan({ settings, fileName: 'Foo v01 007 (of 6) (2020).cbz' }).patch).sort()).toEqual(['Number', 'Series', 'Title']);
    });

    it('a volume file keeps an empty Number and gets its Volume (rule 7)', () => {
      const result = plan({ fileName: 'Vagabond v01.cbz', folderName: 'Vagabond' });
      expect(result).toMatchObject({ patch: { Series: 'Vagabond', Volume: '1' }, number: null });
      expect(result.after.Number).toBeUndefined();
      expect(result.after.Title).toBeUndefined();
    });
  });

  describe('volume folders', () => {
    it('Sandman/Vol 1 - Preludes & Nocturnes/: the series is the parent, the volume comes from the folder', () => {
      const result = plan({ fileName: 'Sandman 003.cbz', folderName: 'Vol 1 - Preludes & Nocturnes', grandparentFolderName: 'Sandman' });
      expect(result.patch).toMatchObject({ Series: 'Sandman', Number: '3', Volume: '1' });
    });

    it('a folder that only sorts ("Volumes") gives way to its parent; a named volume in the file wins', () => {
      const result = plan({ fileName: 'Berserk v02.cbz', folderName: 'Volumes', grandparentFolderName: 'Berserk' });
      expect(result.patch).toEqual({ Series: 'Berserk', Volume: '2' });
    });

    it('a volume folder directly in the library root keeps its own name (there is no parent to use)', () => {
      expect(plan({ fileName: 'x 3.cbz', folderName: 'Vol 2', grandparentFolderName: null }).patch.Series).toBe('Vol 2');
    });

    it('an ordinary folder is the series whatever its parent', () => {
      expect(plan({ fileName: 'x 3.cbz', folderName: 'Saga', grandparentFolderName: 'Image' }).patch.Series).toBe('Saga');
    });
  });

  it('keeps unrelated fields in `after` and never patches them', () => {
    const current = { Series: 'Foo', Publisher: 'P', Summary: 'S' };
    const result = plan({ current });
    expect(result.after).toMatchObject(current);
    expect(Object.keys(result.patch).sort()).toEqual(['Number', 'Title']);
  });
});
