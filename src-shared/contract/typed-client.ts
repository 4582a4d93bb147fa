import { COMMANDS, type CommandName } from './commands.ts';
import type { ContractClient, RawBridge } from './client.ts';
import type { Result } from './envelope.ts';
import { EVENTS, type EventName } from './events.ts';

/**
 * Wraps a raw bridge (IPC preload object, WebSocket, in-process) into the typed client.
 * With `validate`, responses and events are checked against the contract on arrival — the
 * contract test suite runs this way over every transport.
 */
export function createContractClient(raw: RawBridge, options: { validate?: boolean } = {}): ContractClient {
  return {
    async invoke(name, input) {
      const result = (await raw.invoke(name, input ?? {})) as Result<unknown>;
      if (options.validate && result.ok) COMMANDS[name as CommandName].output.parse(result.value);
      return result as never;
    },
    on(event, listener) {
      return raw.on(event, (payload) => {
        const checked = options.validate ? EVENTS[event as EventName].parse(payload) : payload;
        listener(checked as never);
      });
    },
  };
}
