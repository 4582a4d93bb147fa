import type { ComicInfoField, ComicInfoPatch, ComicInfoValues } from '../../src-shared/contract/comicinfo.ts';

export interface FieldSpec {
  field: ComicInfoField;
  label: string;
  input: 'text' | 'textarea' | 'select';
  /** Allowed values (ComicInfo v2.0 enumerations) for selects. */
  options?: readonly string[];
  /** For numeric fields: what a valid value looks like, checked before Save. */
  pattern?: RegExp;
  hint?: string;
}

const MANGA = ['Unknown', 'No', 'Yes', 'YesAndRightToLeft'] as const;
const AGE_RATINGS = [
  'Unknown', 'Adults Only 18+', 'Early Childhood', 'Everyone', 'Everyone 10+', 'G', 'Kids to Adults', 'M',
  'MA15+', 'Mature 17+', 'PG', 'R18+', 'Rating Pending', 'Teen', 'X18+',
] as const;

const spec = (field: ComicInfoField, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ field, label, input: 'text', ...extra });

const YEAR = { pattern: /^\d{4}$/, hint: 'four digits' };

/** The ComicInfo v2.0 fields people edit (docs/behaviour.md §5), in the editor's order. */
export const EDITOR_FIELDS: readonly FieldSpec[] = [
  spec('Series', 'Series'),
  spec('Number', 'Number'),
  spec('Title', 'Title'),
  spec('Volume', 'Volume', { pattern: /^\d+$/, hint: 'a whole number' }),
  spec('Year', 'Year', YEAR),
  spec('Month', 'Month', { pattern: /^(0?[1-9]|1[0-2])$/, hint: '1–12' }),
  spec('Day', 'Day', { pattern: /^(0?[1-9]|[12]\d|3[01])$/, hint: '1–31' }),
  spec('Publisher', 'Publisher'),
  spec('Writer', 'Writer'),
  spec('Penciller', 'Penciller'),
  spec('Inker', 'Inker'),
  spec('Colorist', 'Colorist'),
  spec('Letterer', 'Letterer'),
  spec('CoverArtist', 'Cover artist'),
  spec('Editor', 'Editor'),
  spec('Genre', 'Genre'),
  spec('Tags', 'Tags'),
  spec('LanguageISO', 'Language (ISO code)', { pattern: /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, hint: 'e.g. en, ja, pt-BR' }),
  spec('Manga', 'Manga', { input: 'select', options: MANGA }),
  spec('AgeRating', 'Age rating', { input: 'select', options: AGE_RATINGS }),
  spec('Summary', 'Summary', { input: 'textarea' }),
];

/** The fields offered when editing several files at once: ones that are usually shared. */
export const BATCH_FIELDS: readonly FieldSpec[] = (['Series', 'Publisher', 'Year', 'Writer', 'Genre', 'LanguageISO', 'Manga', 'AgeRating'] as const).map(
  (field) => EDITOR_FIELDS.find((f) => f.field === field)!,
);

export type Draft = Partial<Record<ComicInfoField, string>>;

/** Why a value cannot be saved, or null. An empty value is always fine: it removes the element. */
export function fieldError(spec: FieldSpec, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || !spec.pattern || spec.pattern.test(trimmed)) return null;
  return `${spec.label} must be ${spec.hint}`;
}

/** Only what the user changed: a new value sets the element, an emptied one (null) removes it. */
export function changedFields(original: ComicInfoValues, draft: Draft): ComicInfoPatch {
  const patch: ComicInfoPatch = {};
  for (const [field, value] of Object.entries(draft) as Array<[ComicInfoField, string]>) {
    const next = value.trim();
    if (next === (original[field] ?? '').trim()) continue;
    patch[field] = next === '' ? null : next;
  }
  return patch;
}
