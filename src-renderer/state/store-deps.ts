import type { ContractClient } from '../../src-shared/contract/client.ts';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/contract/commands.ts';
import type { ErrorInfo } from '../../src-shared/contract/errors.ts';
import { describeError } from './error-messages.ts';

/** A command's error envelope, thrown for UI code; `message` is already the human sentence. */
export class CommandError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(describeError(info));
    this.info = info;
  }
}

export type Call = <N extends CommandName>(name: N, input?: CommandInput<N>) => Promise<CommandOutput<N>>;

/**
 * What every store is built over (docs/ui.md "State"): the contract client and the link's
 * reconnect signal. Injected, so importing a store module opens no connection and tests drive
 * stores over the in-process core.
 */
export interface StoreDeps {
  client: ContractClient;
  call: Call;
  onReconnect(listener: () => void): () => void;
}

export function storeDeps(client: ContractClient, onReconnect: StoreDeps['onReconnect'] = () => () => {}): StoreDeps {
  const call: Call = async (name, input) => {
    const result = await client.invoke(name, input);
    if (!result.ok) throw new CommandError(result.error);
    return result.value;
  };
  return { client, call, onReconnect };
}

/** The message to keep in a store's `error` for anything a command threw. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
