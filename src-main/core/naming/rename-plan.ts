/**
 * The target file name for one archive (docs/behaviour.md §3.3), from its values after normalize. Pure: the
 * claim itself is `claim-rename.ts`.
 */
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import { templateFieldsFromComicInfo } from './comicinfo-fields.ts';
import { parseFileName } from './file-name-parser.ts';
import { sanitizeFileName } from './sanitize.ts';
import { splitExtension } from './split-extension.ts';
import { expandTemplate, missingRequiredFields, validateTemplate } from './template.ts';

export interface RenameInput {
  /** Current file name with extension. */
  fileName: string;
  values: ComicInfoValues;
  settings: Pick<Settings, 'fileNameTemplate' | 'volumeFileNameTemplate' | 'numberPadding' | 'replacements'>;
}

export type RenamePlan =
  | { action: 'rename'; targetName: string }
  | { action: 'keep' }
  | { action: 'skip'; code: 'NO_NUMBER' | 'NAME_INVALID'; reason: string };

export function planRename({ fileName, values, settings }: RenameInput): RenamePlan {
  const hasNumber = (values.Number ?? '').trim() !== '';
  // A volume file (docs/parsing-rules.md: a volume marker in the name and no number) is named by the
  // volume template. The marker must be in the name: a Volume tag alone (often the series' start
  // year) would turn every unnumbered comic into "Series v2016".
  const volumeFile = !hasNumber && (values.Volume ?? '').trim() !== '' && isVolumeFileName(fileName);
  // Without a number every chapter would get the same name ("Series - Chapter.cbz").
  if (!hasNumber && !volumeFile) {
    return { action: 'skip', code: 'NO_NUMBER', reason: 'No chapter/issue number in ComicInfo or the file name' };
  }
  const [template, kind, label] = volumeFile
    ? [settings.volumeFileNameTemplate, 'volumeFileName' as const, 'volume file-name template']
    : [settings.fileNameTemplate, 'fileName' as const, 'file-name template'];
  const valid = validateTemplate(template, kind);
  if (!valid.ok) return { action: 'skip', code: 'NAME_INVALID', reason: valid.error.message };

  const fields = templateFieldsFromComicInfo(values);
  const missing = missingRequiredFields(template, fields, kind);
  if (missing.length > 0) {
    const list = missing.map((name) => `{${name}}`).join(', ');
    return {
      action: 'skip',
      code: 'NAME_INVALID',
      reason: `The ${label} needs ${list}, which is empty for this file (put optional parts in <...>)`,
    };
  }

  const extension = splitExtension(fileName).extension.toLowerCase();
  const expanded = expandTemplate(template, fields, { padding: settings.numberPadding, kind });
  const targetName = sanitizeFileName(expanded + extension, settings.replacements);
  if (targetName === extension) {
    return { action: 'skip', code: 'NAME_INVALID', reason: 'The file-name template produced an empty name' };
  }
  // macOS hands out decomposed (NFD) names; the same name in NFC is not a rename.
  if (targetName.normalize('NFC') === fileName.normalize('NFC')) return { action: 'keep' };
  return { action: 'rename', targetName };
}

function isVolumeFileName(fileName: string): boolean {
  const parsed = parseFileName(splitExtension(fileName).stem);
  return parsed.volume !== null && parsed.number === null;
}
