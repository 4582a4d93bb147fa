import type { Settings } from '../../src-shared/contract/settings.ts';

/** The settings form's state: numbers and the optional folder as typed, checked before use. */
export type SettingsDraft = Omit<
  Settings,
  'numberPadding' | 'concurrentJobs' | 'retentionDays' | 'duplicatesFolder' | 'workerCount' | 'watchStableSeconds'
> & {
  numberPadding: string;
  watchStableSeconds: string;
  concurrentJobs: string;
  retentionDays: string;
  duplicatesFolder: string;
  workerCount: string;
};

export function toDraft(settings: Settings): SettingsDraft {
  return {
    ...settings,
    numberPadding: String(settings.numberPadding),
    concurrentJobs: String(settings.concurrentJobs),
    retentionDays: String(settings.retentionDays),
    watchStableSeconds: String(settings.watchStableSeconds),
    duplicatesFolder: settings.duplicatesFolder ?? '',
    workerCount: String(settings.workerCount),
  };
}

const RANGES = {
  numberPadding: [0, 10, 'Number padding'],
  concurrentJobs: [1, 8, 'Concurrent jobs'],
  retentionDays: [1, 3650, 'Keep finished jobs'],
  watchStableSeconds: [1, 3600, 'Stability window'],
} as const;

export type DraftErrors = Partial<Record<keyof SettingsDraft, string>>;

/** The draft as settings, and what is wrong with it (each key with a message). */
export function fromDraft(draft: SettingsDraft): { settings: Partial<Settings>; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const settings: Partial<Settings> = {
    fileNameTemplate: draft.fileNameTemplate,
    volumeFileNameTemplate: draft.volumeFileNameTemplate,
    titleTemplate: draft.titleTemplate,
    titleMode: draft.titleMode,
    seriesFromFolder: draft.seriesFromFolder,
    fillFromName: draft.fillFromName,
    replacements: draft.replacements,
    duplicatesFolder: draft.duplicatesFolder.trim() || null,
    cbrMode: draft.cbrMode,
    workerCount: draft.workerCount === 'auto' ? 'auto' : Number(draft.workerCount),
    watcher: draft.watcher,
    autoProcess: draft.autoProcess,
    theme: draft.theme,
    startAtLogin: draft.startAtLogin,
    autoUpdate: draft.autoUpdate,
  };
  for (const [key, [min, max, label]] of Object.entries(RANGES) as Array<[keyof typeof RANGES, (typeof RANGES)[keyof typeof RANGES]]>) {
    const text = draft[key].trim();
    const n = Number(text);
    if (text === '' || !Number.isInteger(n) || n < min || n > max) errors[key] = `${label} must be a whole number from ${min} to ${max}`;
    else settings[key] = n;
  }
  if (draft.fileNameTemplate.trim() === '') errors.fileNameTemplate = 'The file-name template cannot be empty';
  if (draft.volumeFileNameTemplate.trim() === '') errors.volumeFileNameTemplate = 'The volume file-name template cannot be empty';
  if (draft.titleTemplate.trim() === '') errors.titleTemplate = 'The title template cannot be empty';
  return { settings, errors };
}

/** Only the keys whose value differs from the saved settings. */
export function changedSettings(saved: Settings, next: Partial<Settings>): Partial<Settings> {
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => JSON.stringify(saved[key as keyof Settings]) !== JSON.stringify(value)),
  ) as Partial<Settings>;
}
