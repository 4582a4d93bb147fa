/** Which ComicInfo element feeds which template field: one mapping for titles and file names. */
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import type { TemplateFields } from './template.ts';

export function templateFieldsFromComicInfo(values: ComicInfoValues): TemplateFields {
  return {
    series: values.Series ?? null,
    number: values.Number ?? null,
    title: values.Title ?? null,
    volume: values.Volume ?? null,
    year: values.Year ?? null,
    month: values.Month ?? null,
    publisher: values.Publisher ?? null,
    count: values.Count ?? null,
  };
}
