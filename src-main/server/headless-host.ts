import type { ContractClient } from '../../src-shared/contract/client.ts';
import { createContractClient } from '../../src-shared/contract/typed-client.ts';
import { createAppCore, type AppCore } from '../core/app-core.ts';
import { inProcessBridge } from '../core/contract/in-process-bridge.ts';
import { dataPaths } from '../core/platform/data-dir.ts';
import { dataFolderProblem } from '../core/platform/data-folder-errors.ts';
import { createFileLogger } from '../core/platform/file-logger.ts';
import { headlessTrash } from '../core/platform/headless-trash.ts';
import type { Logger } from '../core/ports.ts';
import { bundledWorkerScript } from './bundled-worker.ts';
import type { EarlyWalks } from '../core/library/find-walk.ts';
import { VERSION } from './version.ts';


export interface HeadlessHost {
  /** The typed contract client every CLI command works through (validated like a window's calls). */
  client: ContractClient;
  /** For the transports and the watcher only: `serve` bridges its sockets to it, `watch` starts it. */
  core: AppCore;
  logger: Logger;
  close(): Promise<void>;
}

/** The CLI's and `serve`'s host: the same core as the app, logging to the data folder. */
export async function startHeadlessHost(dataDir: string, mode: 'serve' | 'test', earlyWalks?: EarlyWalks): Promise<HeadlessHost> {
  let started: { logger: Logger; close(): void } | undefined;
  let core: AppCore;
  try {
    started = await createFileLogger(dataPaths(dataDir).logs);
    const workerScript = bundledWorkerScript();
    core = await createAppCore({
      dataDir,
      mode,
      version: VERSION,
      ...(workerScript ? { workerScript } : {}),
      ...(earlyWalks ? { earlyWalks } : {}),
      ports: { logger: started.logger, trash: headlessTrash() },
    });
  } catch (error) {
    started?.close();
    const problem = dataFolderProblem(error, dataDir);
    throw problem ? new Error(problem, { cause: error }) : error;
  }
  const { logger, close: closeLog } = started;
  return {
    client: createContractClient(inProcessBridge(core)),
    core,
    logger,
    close: async () => {
      await core.close();
      closeLog();
    },
  };
}
