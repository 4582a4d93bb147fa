import { z } from 'zod';

/**
 * The WebSocket framing of the contract: the same commands and events as Electron IPC, one
 * JSON message per frame. Request ids are chosen by the client and echoed back.
 */
export const ClientMessageSchema = z.object({
  t: z.literal('req'),
  id: z.number().int(),
  name: z.string().max(200),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** `id` is null only when answering a request too malformed to carry one. */
export type ServerMessage =
  | { t: 'res'; id: number | null; result: unknown }
  | { t: 'evt'; name: string; payload: unknown };
