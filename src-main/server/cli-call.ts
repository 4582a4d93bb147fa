import type { ContractClient } from '../../src-shared/contract/client.ts';
import type { CommandInput, CommandName, CommandOutput } from '../../src-shared/contract/commands.ts';
import { LongboxError } from '../../src-shared/contract/errors.ts';

/**
 * A command's value; its error envelope is thrown as the `LongboxError` it carries, so a CLI
 * command reads top to bottom and `main` prints the message and exits 1.
 */
export async function call<N extends CommandName>(client: ContractClient, name: N, input?: CommandInput<N>): Promise<CommandOutput<N>> {
  const result = await client.invoke(name, input);
  if (!result.ok) throw new LongboxError(result.error.code, result.error.message);
  return result.value;
}
