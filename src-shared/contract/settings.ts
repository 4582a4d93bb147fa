import { z } from 'zod';
import { MergePolicySchema, ProviderNameSchema } from './identify.ts';

export const TitleModeSchema = z.enum(['always', 'when-empty', 'never']);
export type TitleMode = z.infer<typeof TitleModeSchema>;

/** One row of the file-name sanitizing table: every occurrence of `from` becomes `to`. */
export const ReplacementSchema = z.object({ from: z.string().min(1), to: z.string() });
export type Replacement = z.infer<typeof ReplacementSchema>;

export const DEFAULT_REPLACEMENTS: Replacement[] = [
  { from: ':', to: '_' },
  { from: '/', to: '-' },
  { from: '\\', to: '-' },
];

export const AutoProcessSchema = z.enum(['off', 'normalize', 'process']);
export type AutoProcess = z.infer<typeof AutoProcessSchema>;

export const SettingsSchema = z.object({
  fileNameTemplate: z.string().min(1).default('{series} - Chapter {number}'),
  /** Names a volume file (a volume marker and no number, `Vagabond v01`): docs/parsing-rules.md. */
  volumeFileNameTemplate: z.string().min(1).default('{series} v{volume:2}'),
  titleTemplate: z.string().min(1).default('Chapter {number}'),
  numberPadding: z.number().int().min(0).max(10).default(4),
  titleMode: TitleModeSchema.default('always'),
  seriesFromFolder: z.boolean().default(true),
  /** Empty Volume, Year, Month and Count are filled from the parsed file name, so a rename loses nothing. */
  fillFromName: z.boolean().default(true),
  replacements: z.array(ReplacementSchema).default(DEFAULT_REPLACEMENTS),
  duplicatesFolder: z.string().nullable().default(null),
  cbrMode: z.enum(['read-only', 'convert']).default('read-only'),
  /**
   * Threads for per-file work. `'auto'` lets the main process pick (min(4, available cores)):
   * the core count is only known there, this contract runs anywhere.
   */
  workerCount: z.union([z.literal('auto'), z.number().int().min(1).max(32)]).default('auto'),
  concurrentJobs: z.number().int().min(1).max(8).default(2),
  /** Watch library folders while the app or `serve` runs (`longbox watch` always watches). */
  watcher: z.boolean().default(true),
  /** What happens to a file first seen after its folder's first scan (docs/watcher.md). */
  autoProcess: AutoProcessSchema.default('off'),
  /** A changed file is acted on once its size and mtime stayed the same this long. */
  watchStableSeconds: z.number().int().min(1).max(3600).default(5),
  retentionDays: z.number().int().min(1).max(3650).default(30),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Identification: a best candidate scoring at least this is applied; below it, review. */
  identifyThreshold: z.number().min(0).max(1).default(0.8),
  identifyMerge: MergePolicySchema.default('fill-empty'),
  /** Per-provider API root replacing the public one (`LONGBOX_<PROVIDER>_URL` wins over this). */
  providerUrls: z.partialRecord(ProviderNameSchema, z.string().url()).default({}),
  /** Desktop app: start when the user logs in, in the tray (no window), so the watcher runs. */
  startAtLogin: z.boolean().default(false),
  /** Desktop app: check for and install updates (electron-updater); off = never contacts the update feed. */
  autoUpdate: z.boolean().default(true),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
