import { z } from 'zod';
import {
  COMMANDS,
  isCommandName,
  type CommandName,
  type CommandOutput,
  type CommandParsedInput,
} from '../../../src-shared/contract/commands.ts';
import { fail, ok, type Result } from '../../../src-shared/contract/envelope.ts';
import { toErrorInfo } from '../../../src-shared/contract/errors.ts';
import type { Logger } from '../ports.ts';

export type Handlers = {
  [N in CommandName]: (input: CommandParsedInput<N>) => Promise<CommandOutput<N>> | CommandOutput<N>;
};

/**
 * The one door into the core for every transport: unknown names and malformed input are
 * refused here, before any handler runs; thrown errors become error envelopes.
 */
export function createDispatcher(handlers: Handlers, logger: Logger) {
  return async function dispatch(name: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isCommandName(name)) {
      return fail({ code: 'UNKNOWN_COMMAND', message: `Unknown command: ${String(name).slice(0, 100)}` });
    }
    const parsed = (COMMANDS[name].input as z.ZodType).safeParse(rawInput ?? undefined);
    if (!parsed.success) {
      return fail({ code: 'INVALID_INPUT', message: `${name}: ${z.prettifyError(parsed.error)}` });
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      const info = toErrorInfo(error);
      if (info.code === 'INTERNAL') logger.error({ err: error, command: name }, 'command failed');
      return fail(info);
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

