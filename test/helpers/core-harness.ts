import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { ContractClient } from '../../src-shared/contract/client.ts';
import { handshakeProtocols } from '../../src-shared/contract/ws-handshake.ts';
import { createContractClient } from '../../src-shared/contract/typed-client.ts';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src-main/core/app-core.ts';
import { inProcessBridge } from '../../src-main/core/contract/in-process-bridge.ts';
import type { Logger } from '../../src-main/core/ports.ts';
import { startServe, type ServeHandle } from '../../src-main/server/serve-bridge.ts';
import { createWsBridge, type SocketLike } from '../../src-renderer/transport/ws-bridge.ts';

export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `longbox-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startTestCore(dataDir: string, overrides: Partial<AppCoreOptions> = {}): Promise<AppCore> {
  return createAppCore({ dataDir, mode: 'test', version: '0.0.0-test', ports: { logger: quietLogger }, ...overrides });
}

export interface Transport {
  name: string;
  open(core: AppCore): Promise<{ client: ContractClient; close(): Promise<void> }>;
}

/** The same contract suite runs over each of these. */
export const TRANSPORTS: Transport[] = [
  {
    name: 'in-process',
    open: async (core) => ({ client: createContractClient(inProcessBridge(core), { validate: true }), close: async () => {} }),
  },
  {
    name: 'websocket',
    open: async (core) => {
      const serve: ServeHandle = await startServe({ core, logger: quietLogger, bundleDir: tmpdir() });
      const bridge = createWsBridge(
        () =>
          new WebSocket(`${serve.origin.replace('http', 'ws')}/ws`, handshakeProtocols(serve.token), {
            headers: { Origin: serve.origin },
          }) as unknown as SocketLike,
      );
      return {
        client: createContractClient(bridge, { validate: true }),
        close: async () => {
          bridge.close();
          await serve.close();
        },
      };
    },
  },
];
