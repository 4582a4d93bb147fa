import { z } from 'zod';
import { ERROR_CODES, type ErrorInfo } from './errors.ts';

/**
 * The error types as schemas, apart from errors.ts: every module that throws or reports an
 * error imports errors.ts, pool threads included, and zod is most of what a thread would
 * otherwise compile before reading its first archive (docs/packaging.md, "Start-up").
 */
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export const ErrorInfoSchema: z.ZodType<ErrorInfo> = z.object({ code: ErrorCodeSchema, message: z.string() });
