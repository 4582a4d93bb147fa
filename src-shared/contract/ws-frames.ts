import { z } from 'zod';

/**
 * The WebSocket framing of the contract: the same commands and events as Electron IPC, one
 * JSON message per frame. Request ids are chosen by the client and echoed back. Both ends
 * parse with these schemas: `longbox serve` (`server/serve-bridge.ts`) and the page
 * (`transport/ws-bridge.ts`).
 */
export const ClientMessageSchema = z.object({
  t: z.literal('req'),
  id: z.number().int(),
  name: z.string().max(200),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** `id` is null only when answering a request too malformed to carry one. */
export const ServerMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('res'), id: z.number().int().nullable(), result: z.unknown() }),
  z.object({ t: z.literal('evt'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
