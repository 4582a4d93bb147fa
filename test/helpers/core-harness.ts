import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { ContractClient } from '../../src-shared/contract/client.ts';
import { handshakeProtocols } from '../../src-shared/contract/ws-handshake.ts';
import { createContractClient } from '../../src-shared/contract/typed-client.ts';
import { BRIDGE_GLOBAL } from '../../src-shared/contract/wire.ts';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../src-main/core/app-core.ts';
import { dataPaths } from '../../src-main/core/platform/data-dir.ts';
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

/** A core as tests hold it: what a host holds, plus two test-only views. */
export interface TestCore extends AppCore {
  /** The typed client over the in-process bridge, checking every answer: how tests drive the core. */
  readonly client: ContractClient;
  /**
   * Test-only: a second connection to the data folder's SQLite file, as another process would
   * open it — to check rows and to plant states no command creates. Hosts have no such thing.
   */
  readonly sqlite: Database.Database;
}

export async function startTestCore(dataDir: string, overrides: Partial<AppCoreOptions> = {}): Promise<TestCore> {
  const core = await createAppCore({ dataDir, mode: 'test', version: '0.0.0-test', ports: { logger: quietLogger }, ...overrides });
  const sqlite = new Database(dataPaths(dataDir).database, { timeout: 5000 });
  return {
    dispatch: core.dispatch,
    watch: core.watch,
    subscribe: (listener) => core.subscribe(listener),
    client: createContractClient(inProcessBridge(core), { validate: true }),
    sqlite,
    close: async () => {
      sqlite.close();
      await core.close();
    },
  };
}

export interface Transport {
  name: string;
  open(core: AppCore): Promise<{ client: ContractClient; close(): Promise<void> }>;
}

/**
 * The real IPC adapter and the real preload, joined by the `electron` stand-in
 * (electron-stand-in.ts), which the test file must mock `electron` with.
 */
async function openIpc(core: AppCore): Promise<{ client: ContractClient; close(): Promise<void> }> {
  const electron = (await import('electron').catch(() => ({}))) as Partial<typeof import('./electron-stand-in.ts')>;
  if (!electron.standIn) {
    throw new Error("the ipc transport needs vi.mock('electron', () => import('<test/helpers>/electron-stand-in.ts')) in the test file");
  }
  const { registerIpc } = await import('../../src-main/electron/ipc-adapter.ts');
  // Loaded once per test file, like a page's preload: it exposes the bridge on `mainWorld`.
  await import('../../src-main/preload/preload.ts');
  const unregister = registerIpc(core, quietLogger);
  const bridge = electron.mainWorld![BRIDGE_GLOBAL] as Parameters<typeof createContractClient>[0];
  return {
    client: createContractClient(bridge, { validate: true }),
    close: async () => {
      electron.closeWindow!();
      unregister();
    },
  };
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
  { name: 'ipc', open: openIpc },
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
  core: TestCore;
  /** The client over the transport under test. */
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
