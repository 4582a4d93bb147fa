import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { ContractClient } from '../../src-shared/contract/client.ts';
import { handshakeProtocols } from '../../src-shared/contract/ws-handshake.ts';
import { createContractClient } from '../../src-shared/contract/typed-client.ts';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src-main/core/app-core.ts';
import { generateSampleLibrary } from '../../src-main/core/demo/sample-library.ts';
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

/** The value of an ok envelope; a failed one throws with its code and message. */
export async function value<T>(promise: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

export interface ContractFixture {
  dir: { path: string; remove(): void };
  library: string;
  core: AppCore;
  client: ContractClient;
}

/**
 * For every test of the calling `describe`: a sample library in a fresh folder, a core on its
 * own data folder and a client over `transport`, all torn down afterwards. Tests read them from
 * the returned object (it is refilled before each test).
 */
export function useContractFixture(transport: Transport, prefix: string): ContractFixture {
  const fixture = {} as ContractFixture;
  let close: () => Promise<void> = async () => {};
  beforeEach(async () => {
    fixture.dir = tempDir(prefix);
    fixture.library = join(fixture.dir.path, 'Comics');
    await generateSampleLibrary(fixture.library);
    fixture.core = await startTestCore(join(fixture.dir.path, 'data'));
    ({ client: fixture.client, close } = await transport.open(fixture.core));
  });
  afterEach(async () => {
    await close();
    await fixture.core.close();
    fixture.dir.remove();
  });
  return fixture;
}
