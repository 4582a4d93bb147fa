import { z } from 'zod';
import { ErrorInfoSchema } from './error-schemas.ts';
import type { ErrorInfo } from './errors.ts';

/** Every response crosses the wire in this envelope; errors are values, never thrown across. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
  ]);
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ErrorInfo): Result<never> => ({ ok: false, error });
