/**
 * What normalize changes in one file's ComicInfo: number, title and series, and
 * the empty Volume, Year, Month and Count filled from the name (docs/parsing-rules.md, "Nothing
 * is lost"). Pure: the caller reads the current values and writes `patch` only when `changed`.
 */
import type { ComicInfoPatch, ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import { templateFieldsFromComicInfo } from './comicinfo-fields.ts';
import { parseFileName, type ParsedFileName } from './file-name-parser.ts';
import { xmlSafe } from '../comicinfo/xml-chars.ts';
import { canonicalNumber } from './number.ts';
import { splitExtension } from './split-extension.ts';
import { expandTemplate, missingRequiredFields } from './template.ts';

export interface NormalizeInput {
  /** Archive file name with extension. */
  fileName: string;
  /** Name of the parent folder; null when the file sits directly in a library root. */
  folderName: string | null;
  /** Name of the folder above that one; null when the parent folder is a library root's child. */
  grandparentFolderName?: string | null;
  current: ComicInfoValues;
  settings: Pick<Settings, 'titleTemplate' | 'titleMode' | 'seriesFromFolder' | 'fillFromName'>;
}

/** Filled from the name only when empty: the tag is the user's and always wins. */
const FILLED_FROM_NAME = ['Volume', 'Year', 'Month', 'Count'] as const;
const PATCHED = ['Number', 'Series', 'Title', ...FILLED_FROM_NAME] as const;

export interface NormalizePlan {
  after: ComicInfoValues;
  patch: ComicInfoPatch;
  changed: boolean;
  /** The number after normalizing; null means rename must skip this file. */
  number: string | null;
}

export function planNormalize(input: NormalizeInput): NormalizePlan {
  const parsed = parseFileName(splitExtension(input.fileName).stem);
  const after: ComicInfoValues = { ...input.current };

  const number = normalizedNumber(input.current.Number, parsed);
  if (number !== null) after.Number = number;

  const series = normalizedSeries(input, parsed);
  if (series !== null) after.Series = series;

  if (input.settings.fillFromName) {
    const fromName = { Volume: parsed.volume ?? volumeFolder(input)?.volume ?? null, Year: parsed.year, Month: parsed.month, Count: parsed.count };
    for (const field of FILLED_FROM_NAME) {
      const value = fromName[field];
      if (value !== null && (input.current[field] ?? '').trim() === '') after[field] = value;
    }
  }

  // After number and series, so a title template like "{series} #{number}" sees the new ones.
  const title = normalizedTitle(input, after);
  if (title !== null) after.Title = title;

  const patch: ComicInfoPatch = {};
  for (const field of PATCHED) {
    if (after[field] === undefined) continue;
    // As it will read back: a control character from a folder name cannot be written, and
    // comparing with it would make the file look un-normalized forever.
    const value = xmlSafe(after[field]);
    after[field] = value;
    if (value !== input.current[field]) patch[field] = value;
  }
  return { after, patch, changed: Object.keys(patch).length > 0, number: after.Number ?? null };
}

/**
 * The tag wins over the file name. A tag that is not a plain number (`1AU`, `½`) is the user's
 * data and stays as it is.
 */
function normalizedNumber(tag: string | undefined, parsed: ParsedFileName): string | null {
  if (tag !== undefined && tag.trim() !== '') return canonicalNumber(tag) ?? tag;
  return parsed.number;
}

function normalizedSeries(input: NormalizeInput, parsed: ParsedFileName): string | null {
  if (!input.settings.seriesFromFolder) return null;
  const tag = input.current.Series;
  if (input.folderName === null) {
    return tag !== undefined && tag.trim() !== '' ? null : parsed.series;
  }
  // A volume folder ("Sandman/Vol 1 - Preludes & Nocturnes/") names a volume, not the series,
  // and "Berserk/Volumes/" only sorts files: the series is the folder above.
  const grouping = volumeFolder(input) !== null || GROUPING_FOLDER.test(input.folderName);
  const seriesFolder = grouping && input.grandparentFolderName ? input.grandparentFolderName : input.folderName;
  // Folders cannot hold ":" on Windows, so "Batman_ Year One" stands for "Batman: Year One".
  const fromFolder = seriesFolder.replaceAll('_', ':').trim();
  if (fromFolder === '' || tag?.trim() === fromFolder) return null;
  return fromFolder;
}

/** The parent folder parsed, when it is a volume folder: a volume marker before any series text. */
function volumeFolder(input: NormalizeInput): ParsedFileName | null {
  if (input.folderName === null) return null;
  const parsed = parseFileName(input.folderName);
  return parsed.volume !== null && parsed.series === null && parsed.number === null ? parsed : null;
}

// "Berserk/Volumes/…", "One Piece/Chapters/…": a folder that only sorts the series' files.
const GROUPING_FOLDER = /^\s*(?:volumes|vols|tomes|chapters|issues|extras|specials)\s*$/i;

function normalizedTitle(input: NormalizeInput, after: ComicInfoValues): string | null {
  const { titleMode, titleTemplate } = input.settings;
  if (titleMode === 'never') return null;
  if (titleMode === 'when-empty' && (input.current.Title ?? '').trim() !== '') return null;
  const fields = templateFieldsFromComicInfo(after);
  // "Chapter " with no number would be worse than the title the file already has.
  if (missingRequiredFields(titleTemplate, fields, 'title').length > 0) return null;
  // Titles read "Chapter 12.5", as in the original; the padding setting is for sortable file
  // names, and `{number:3}` still pads a title on purpose.
  const title = expandTemplate(titleTemplate, fields, { padding: 0, kind: 'title' })
    .replace(/\s+/g, ' ')
    .trim();
  return title === '' ? null : title;
}
