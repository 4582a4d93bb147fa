import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/contract/commands.ts';
import type { ErrorInfo } from '../../src-shared/contract/errors.ts';
import { connect } from '../transport/connect.ts';

export const connection = connect();
export const client = connection.client;

export class CommandError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

/** Invokes a command and throws its error envelope, for UI code that handles errors in one place. */
export async function call<N extends CommandName>(name: N, input?: CommandInput<N>): Promise<CommandOutput<N>> {
  const result = await client.invoke(name, input);
  if (!result.ok) throw new CommandError(result.error);
  return result.value;
}
