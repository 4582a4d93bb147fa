import { z } from 'zod';
import { ErrorInfoSchema } from './error-schemas.ts';
import { SettingsSchema } from './settings.ts';

type PatchShape<S extends z.ZodRawShape> = {
  [K in keyof S]: S[K] extends z.ZodDefault<infer T> ? z.ZodOptional<T> : z.ZodOptional<S[K]>;
};

/**
 * Some settings, each optional. Not `SettingsSchema.partial()`: zod 4 applies a field's default
 * inside `.optional()`, so that would fill every missing key with its default and an update of
 * one setting would reset all the others.
 */
function patchOf<S extends z.ZodRawShape>(shape: S): z.ZodObject<PatchShape<S>> {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, ((schema instanceof z.ZodDefault ? schema.unwrap() : schema) as z.ZodType).optional()]),
  );
  return z.object(fields).strict() as unknown as z.ZodObject<PatchShape<S>>;
}

export const SettingsPatchSchema = patchOf(SettingsSchema.shape);

export const SettingsPreviewSchema = z.object({
  /** Both templates parse; a window offers Save only then. */
  valid: z.boolean(),
  /** The file previewed (null: none given and the library is empty). */
  file: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** What Process would name the file and which Title it would carry, with the candidate settings. */
  fileName: z.string().nullable(),
  title: z.string().nullable(),
  /** An invalid template, or why Process would not rename this file (no number, name taken…). */
  error: ErrorInfoSchema.optional(),
});
export type SettingsPreview = z.infer<typeof SettingsPreviewSchema>;

export const SETTINGS_PREVIEW_COMMANDS = {
  /** Dry-runs Process on one file (the given one, else the first) with candidate settings; writes nothing. */
  'settings.preview': {
    input: z.object({ settings: SettingsPatchSchema, fileId: z.number().int().nullable().default(null) }).strict(),
    output: SettingsPreviewSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
