import type { Result } from './envelope.ts';
import type { CommandInput, CommandName, CommandOutput } from './commands.ts';
import type { EventName, EventPayload } from './events.ts';

/**
 * What a window (or a test) holds: the same surface over Electron IPC, WebSocket or in-process.
 * `invoke` never throws for a contract error; transport failures resolve to an error envelope too.
 */
export interface ContractClient {
  invoke<N extends CommandName>(name: N, input?: CommandInput<N>): Promise<Result<CommandOutput<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The raw, untyped bridge the preload exposes as `window.longbox`. */
export interface RawBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
