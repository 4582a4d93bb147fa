import { LongboxError } from '../../src-shared/contract/errors.ts';
import { CONTRACT_VERSION } from '../../src-shared/contract/commands.ts';
import { SettingsSchema } from '../../src-shared/contract/settings.ts';
import type { EventName, EventPayload } from '../../src-shared/contract/events.ts';
import { EventBus, type EventListener } from './contract/event-bus.ts';
import { createDispatcher, type Dispatch, type Handlers } from './contract/dispatcher.ts';
import { jobHostingHandlers } from './contract/job-hosting-handlers.ts';
import { resolvePathsHandler } from './contract/resolve-paths-handler.ts';
import { openDatabase } from './db/open-database.ts';
import { FileClaims } from './exec/file-claims.ts';
import { FileLocks } from './exec/file-locks.ts';
import { poolSize } from './exec/pool-size.ts';
import { WorkerPool } from './exec/worker-pool.ts';
import { JobEngine } from './jobs/job-engine.ts';
import { jobHandlers } from './jobs/job-handlers.ts';
import { JobRepo } from './jobs/job-repo.ts';
import { recoverInFlight } from './operations/recover-intents.ts';
import { LibraryIndex } from './library/index/library-index.ts';
import { findWalk, type EarlyWalks } from './library/find-walk.ts';
import { LibraryScanner } from './library/library-scanner.ts';
import type { WalkShare } from './library/library-walker.ts';
import { resolveFile } from './library/resolve-file.ts';
import { ThumbnailStore } from './thumbnails/thumbnail-store.ts';
import { duplicatesFolder } from './library/path-confinement.ts';
import { RootsRepo } from './library/roots-repo.ts';
import { checkRootFolder } from './library/root-check.ts';
import { scanProgressReporter } from './library/scan-progress-reporter.ts';
import { comicInfoProblem } from './comicinfo/check-comicinfo.ts';
import { dataPaths } from './platform/data-dir.ts';
import { tailLog } from './platform/log-tail.ts';
import { silentNotifier, systemClock, type Ports } from './ports.ts';
import { SettingsRepo } from './settings/settings-repo.ts';
import { watchLibraryAdapter } from './watch/library-adapter.ts';
import { isNetworkFolder } from './watch/network-mount.ts';
import { parcelFeed } from './watch/parcel-feed.ts';
import { systemTimers, type ChangeFeed, type WatchTimers } from './watch/watch-port.ts';
import { WatchService } from './watch/watch-service.ts';
import { createIdentification } from './identify/identification.ts';
import { identifyHandlers } from './identify/identify-handlers.ts';

export interface AppCoreOptions {
  dataDir: string;
  mode: 'electron' | 'serve' | 'test';
  version: string;
  ports: Pick<Ports, 'logger'> & Partial<Ports>;
  /** Run queued and interrupted jobs at start (default: only in the Electron app). */
  autoResumeJobs?: boolean;
  /** Entry file of the worker threads when the main process is bundled (Electron). */
  workerScript?: string;
  /** Start watching library folders (per the `watcher` setting) at once; default: only in the Electron app. */
  watch?: boolean;
  /** Walk roots with GNU find where it can (library/find-walk.ts; default); false: the Node walker on the pool. */
  findWalk?: boolean;
  /** Walks a CLI command started while it loaded (server/early-walk.ts), taken by the first scan of their root. */
  earlyWalks?: EarlyWalks;
  /** Tests: the watcher's event source and time. */
  watchFeed?: ChangeFeed;
  watchTimers?: WatchTimers;
  /** Identification: waits on the injected clock (tests jump it), provider request timeout, environment. */
  identify?: { sleep?: (ms: number) => Promise<void>; timeoutMs?: number; env?: NodeJS.ProcessEnv };
}

/**
 * What a host holds: the contract (`dispatch` in, `subscribe` out) and nothing of the rooms
 * behind it — no database, engine or settings — so every host's input is validated and
 * confined exactly like a window's (docs/architecture.md, "One bridge"). `watch` is the
 * foreground watcher's own surface (start options, per-file activity) for `longbox watch`
 * and `serve`.
 */
export interface AppCore {
  readonly dispatch: Dispatch;
  readonly watch: WatchService;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** A worker thread's item running longer than this fails (ITEM_TIMEOUT) and the thread is replaced. */
const ITEM_TIMEOUT_MS = 10 * 60_000;

/**
 * Builds the whole Electron-free application: database, the library index, the executor
 * (worker pool + file locks), the scanner and the job engine side by side, handlers for every
 * contract command and the event bus. Every host (Electron, `longbox serve`, the CLI, tests)
 * starts exactly this. docs/architecture.md draws the rooms and the one-way scan path.
 */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const ports: Ports = {
    clock: systemClock,
    notifier: silentNotifier,
    trash: { trash: async () => { throw new Error('No trash available in this host'); } },
    ...options.ports,
  };
  const { logger, clock } = ports;
  const paths = dataPaths(options.dataDir);
  const db = openDatabase(paths.database);
  const index = new LibraryIndex(db);
  // Indexes a first scan set aside and did not live to rebuild (its process died).
  await index.restoreIndexes();
  const roots = new RootsRepo(db, index);
  const settings = new SettingsRepo(db);
  // The executor: threads for every archive read and write, and the locks that keep a job, another
  // job and a scan off the same file. Built here, beside the engine, and shared by both.
  const pool = new WorkerPool({
    size: poolSize(settings.get().workerCount),
    itemTimeoutMs: ITEM_TIMEOUT_MS,
    ...(options.workerScript ? { script: options.workerScript } : {}),
  });
  const locks = new FileLocks();
  // Covers are decoded and downscaled on the pool; the store only caches them on disk.
  const thumbnails = new ThumbnailStore(options.dataDir, (absPath) => pool.read('file-thumbnail', { absPath }));
  // …and across processes sharing this data folder (app, serve, watch, CLI): docs/concurrency.md.
  const claims = new FileClaims(db, () => clock.now());
  const bus = new EventBus((error) => logger.error({ err: error }, 'event listener failed'));

  let librarySeq = 0;
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => bus.emit(event, payload);
  const libraryChanged = (reason: EventPayload<'library.changed'>['reason']) =>
    emit('library.changed', { seq: ++librarySeq, reason, counts: index.counts(null) });

  // One way: a root goes to the scanner, which reads archives on the pool and writes the index.
  const walk = (share: WalkShare) => pool.read('walk', share);
  const scanner = new LibraryScanner({
    index,
    roots,
    locks,
    claims,
    read: {
      walk,
      ...(options.findWalk === false
        ? {}
        : { walkTree: (root: string, walk?: { fresh?: boolean }) => (walk?.fresh ? undefined : options.earlyWalks?.take(root)) ?? findWalk(root) }),
      metadata: (absPaths) => pool.read('read-metadata', absPaths),
      warm: () => pool.warm(),
      get parallelism() {
        return pool.size;
      },
    },
    logger,
    now: () => clock.now(),
  });
  // Online identification (docs/identify.md): files and covers are decoded on the pool.
  const identification = createIdentification({
    db,
    dataDir: options.dataDir,
    settings: () => settings.get(),
    logger,
    now: () => clock.now(),
    ...(ports.secrets ? { secrets: ports.secrets } : {}),
    ...options.identify,
    readFacts: (absPath) => pool.read('identify-facts', { absPath }),
    hashImage: (bytes) => pool.read('image-hash', bytes),
  });
  const jobs = new JobEngine({
    identify: identification,
    store: new JobRepo(db),
    executor: pool,
    locks,
    claims,
    index,
    clock,
    settings,
    logger,
    journalDir: paths.journals,
    emit,
    scan: (rootId, scanOptions) => scanner.scan(rootId, scanOptions),
    onFilesChanged: () => libraryChanged('job'),
    trash: (path) => ports.trash.trash(path),
    reconcileFiles: () => recoverInFlight(paths.journals),
  });
  // Before anything runs: settle files and jobs a crash left in flight (docs/behaviour.md §4, §6).
  await jobs.recover();
  if (options.autoResumeJobs ?? options.mode === 'electron') jobs.resumeAll();

  const watch = new WatchService({
    library: watchLibraryAdapter({ index, roots, scanner, walk, jobs, changed: () => libraryChanged('watcher') }),
    feed: options.watchFeed ?? parcelFeed,
    timers: options.watchTimers ?? systemTimers,
    logger,
    settings: () => settings.get(),
    isNetworkFolder: (path) => isNetworkFolder(path),
    emitState: (state) => emit('watch.state', state),
  });
  if (options.watch ?? options.mode === 'electron') void watch.start();

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Longbox' as const,
      version: options.version,
      contractVersion: CONTRACT_VERSION,
      dataDir: options.dataDir,
      mode: options.mode,
      nativeFolderPicker: ports.folderPicker !== undefined,
    }),
    'library.roots.list': () => roots.list(),
    'library.roots.add': async ({ path }) => {
      const root = await roots.add(path, clock.now());
      libraryChanged('roots');
      // First add = full scan, so the folder's files appear without another step; the window
      // shows its progress (a big folder takes a while).
      await scanner.scan(root.id, { onProgress: scanProgressReporter(root.path, () => clock.now(), (p) => emit('library.scanProgress', p)) });
      libraryChanged('scan');
      void watch.sync();
      return roots.get(root.id);
    },
    'library.roots.check': ({ path }) => checkRootFolder(path, roots.list().map((root) => root.path)),
    'library.roots.pick': async () => {
      if (!ports.folderPicker) throw new LongboxError('INVALID_INPUT', 'This host has no folder dialog; add folders by path.');
      return ports.folderPicker();
    },
    'library.roots.remove': ({ rootId }) => {
      roots.remove(rootId);
      libraryChanged('roots');
      void watch.sync();
      return null;
    },
    'library.roots.watchMode': ({ rootId, watchMode, pollMinutes }) => {
      const root = roots.setWatchMode(rootId, watchMode, pollMinutes);
      libraryChanged('roots');
      void watch.sync();
      return root;
    },
    'library.watch.states': () => watch.states(),
    'library.scan': async ({ rootId }) => {
      const result = await scanner.scan(rootId);
      libraryChanged('scan');
      return result;
    },
    'library.query': (query) => index.query(query),
    'library.counts': ({ rootId, search }) => index.counts(rootId, search),
    'library.groups': (query) => index.groups(query),
    'library.ids': (query) => index.ids(query),
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      // Checked in main and stored resolved: a relative or unwritable folder never reaches a job.
      if (patch.duplicatesFolder) patch = { ...patch, duplicatesFolder: await duplicatesFolder(patch.duplicatesFolder) };
      const next = settings.update(patch);
      // The `watcher` switch starts or stops watching; the other watch settings are read live.
      void watch.sync();
      return next;
    },
    'settings.preview': async ({ settings: candidate, fileId }) => {
      const id = fileId ?? index.firstFileId();
      const resolved = id === undefined ? null : await resolveFile(index, roots, id);
      const target = resolved && { file: { id: resolved.file.id, name: resolved.file.name }, rootPath: resolved.rootPath, absPath: resolved.absPath };
      return pool.read('settings-preview', { settings: SettingsSchema.parse({ ...settings.get(), ...candidate }), target });
    },
    'library.file.get': async ({ fileId }) => {
      const { file, absPath } = await resolveFile(index, roots, fileId);
      return { file, ...(await pool.read('file-details', { absPath })), duplicateOf: index.duplicateOf(fileId) };
    },
    // At most 1 MB of text (the input schema), parsed in a few ms: fine on the main thread.
    'comicinfo.check': ({ xml }) => ({ problem: comicInfoProblem(xml) }),
    'library.file.clearDuplicate': ({ fileId }) => {
      index.clearDuplicate(fileId);
      libraryChanged('job');
      return null;
    },
    'library.file.cover': async ({ fileId }) => pool.read('file-cover', { absPath: (await resolveFile(index, roots, fileId)).absPath }),
    'library.file.thumbnail': async ({ fileId }) => {
      const { file, absPath } = await resolveFile(index, roots, fileId);
      // A page we cannot decode is "no thumbnail", as for covers; the list shows a placeholder.
      const jpeg = await thumbnails.get(file, absPath).catch(() => null);
      return jpeg ? { mime: 'image/jpeg', dataBase64: jpeg.toString('base64') } : null;
    },
    'library.file.reveal': async ({ fileId }) => {
      if (!ports.revealFile) throw new LongboxError('UNAVAILABLE_IN_HOST', 'Showing a file in the file manager needs the desktop app.');
      ports.revealFile((await resolveFile(index, roots, fileId)).absPath);
      return null;
    },
    'logs.tail': ({ lines }) => tailLog(paths.logs, lines),
    ...jobHandlers(jobs),
    ...jobHostingHandlers(jobs),
    ...resolvePathsHandler(index, roots),
    ...identifyHandlers({ index, roots, settings, identification, now: () => clock.now() }),
  };

  return {
    dispatch: createDispatcher(handlers, logger),
    watch,
    subscribe: (listener) => bus.subscribe(listener),
    close: async () => {
      await watch.close();
      await jobs.close();
      await pool.close();
      db.close();
    },
  };
}
