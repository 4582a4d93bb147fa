import { z } from 'zod';
import {
  LibraryPageSchema,
  LibraryQuerySchema,
  RootSchema,
  ScanResultSchema,
  SearchCountsSchema,
} from './library.ts';
import { SettingsSchema } from './settings.ts';
import { SETTINGS_PREVIEW_COMMANDS, SettingsPatchSchema } from './settings-preview.ts';
import { FILE_COMMANDS } from './files.ts';
import { IDENTIFY_COMMANDS } from './identify.ts';
import { JOB_HOSTING_COMMANDS } from './job-hosting.ts';
import { JOB_COMMANDS } from './jobs.ts';
import { LIBRARY_PATH_COMMANDS } from './library-paths.ts';
import { LIBRARY_VIEW_COMMANDS } from './library-view.ts';
import { LOG_COMMANDS } from './logs.ts';
import { ROOT_ADD_COMMANDS } from './root-add.ts';
import { COMICINFO_REPAIR_COMMANDS } from './comicinfo-repair.ts';
import { WATCH_COMMANDS } from './watch.ts';

const NoInput = z.object({}).strict().default({});

export const AppInfoSchema = z.object({
  name: z.literal('Longbox'),
  version: z.string(),
  contractVersion: z.number().int(),
  dataDir: z.string(),
  mode: z.enum(['electron', 'serve', 'test']),
  /** Whether the host can show a native folder picker (Electron) or needs a typed path (serve). */
  nativeFolderPicker: z.boolean(),
});

/** Bumped on any breaking change of a command or event shape. */
export const CONTRACT_VERSION = 2;

/**
 * Every command: its input schema (validated in main, always) and output schema.
 * Names are `domain.verb`; transports map them 1:1 to channels/messages.
 */
export const COMMANDS = {
  'app.info': { input: NoInput, output: AppInfoSchema },
  'library.roots.list': { input: NoInput, output: z.array(RootSchema) },
  'library.roots.add': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: RootSchema,
  },
  /** Opens the host's native folder dialog; null when cancelled. Electron only. */
  'library.roots.pick': { input: NoInput, output: z.string().nullable() },
  'library.roots.remove': { input: z.object({ rootId: z.number().int() }).strict(), output: z.null() },
  'library.scan': {
    input: z.object({ rootId: z.number().int().nullable().default(null) }).strict().default({ rootId: null }),
    output: ScanResultSchema,
  },
  'library.query': { input: LibraryQuerySchema.strict().default(LibraryQuerySchema.parse({})), output: LibraryPageSchema },
  /** Counts per status; with `search`, of the files the search matches (the view's filter counts), large ones as lower bounds. */
  'library.counts': {
    input: z
      .object({ rootId: z.number().int().nullable().default(null), search: z.string().max(500).default('') })
      .strict()
      .default({ rootId: null, search: '' }),
    output: SearchCountsSchema,
  },
  'settings.get': { input: NoInput, output: SettingsSchema },
  'settings.update': { input: SettingsPatchSchema, output: SettingsSchema },
  ...SETTINGS_PREVIEW_COMMANDS,
  ...LIBRARY_VIEW_COMMANDS,
  ...FILE_COMMANDS,
  ...JOB_COMMANDS,
  ...JOB_HOSTING_COMMANDS,
  ...LIBRARY_PATH_COMMANDS,
  ...LOG_COMMANDS,
  ...WATCH_COMMANDS,
  ...IDENTIFY_COMMANDS,
  ...ROOT_ADD_COMMANDS,
  ...COMICINFO_REPAIR_COMMANDS,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Commands = typeof COMMANDS;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type CommandParsedInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMANDS, name);
}
