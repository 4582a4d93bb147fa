import type { RawBridge } from '../../../src-shared/contract/client.ts';
import type { AppCore } from '../app-core.ts';

/**
 * The third transport: the contract without a wire, for the CLI and tests. Inputs still pass
 * through the dispatcher's validation, exactly as over IPC or WebSocket.
 */
export function inProcessBridge(core: AppCore): RawBridge {
  return {
    invoke: (name, input) => core.dispatch(name, input),
    on: (event, listener) => core.subscribe((name, payload) => {
      if (name === event) listener(payload);
    }),
  };
}
