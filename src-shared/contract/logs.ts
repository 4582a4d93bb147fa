import { z } from 'zod';

export const MAX_LOG_LINES = 2000;

export const LogLineSchema = z.object({
  /** Epoch ms; null for a line that is not a pino JSON record. */
  time: z.number().nullable(),
  /** pino's label (trace … fatal); '' when unknown. */
  level: z.string(),
  message: z.string(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const LOG_COMMANDS = {
  /** The last lines of the newest log file in the data folder's `logs/`, oldest first. */
  'logs.tail': {
    input: z.object({ lines: z.number().int().min(1).max(MAX_LOG_LINES).default(200) }).strict().default({ lines: 200 }),
    output: z.object({ file: z.string().nullable(), lines: z.array(LogLineSchema) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
