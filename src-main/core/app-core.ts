import { LongboxError } from '../../src-shared/contract/errors.ts';
import { CONTRACT_VERSION } from '../../src-shared/contract/commands.ts';
import { SettingsSchema } from '../../src-shared/contract/settings.ts';
import type { EventName, EventPayload } from '../../src-shared/contract/events.ts';
import { EventBus, type EventListener } from './contract/event-bus.ts';
import { createDispatcher, type Dispatch, type Handlers } from './contract/dispatcher.ts';
import { openDatabase, type Db } from './db/open-database.ts';
import { JobEngine } from './jobs/job-engine.ts';
import { jobHandlers } from './jobs/job-handlers.ts';
import { recoverInFlight } from './operations/recover-intents.ts';
import type { MetadataReader } from './library/file-metadata.ts';
import { fileCover, fileDetails, resolveFile } from './library/file-details.ts';
import { countByStatus, queryFiles } from './library/file-query.ts';
import { queryGroups, queryIds } from './library/folder-groups.ts';
import { ThumbnailStore } from './thumbnails/thumbnail-store.ts';
import { RootsRepo } from './library/roots-repo.ts';
import { scanLibrary } from './library/scanner.ts';
import { dataPaths } from './platform/data-dir.ts';
import { tailLog } from './platform/log-tail.ts';
import { silentNotifier, systemClock, type Ports } from './ports.ts';
import { SettingsRepo } from './settings/settings-repo.ts';
import { previewSettings } from './settings/template-preview.ts';

export interface AppCoreOptions {
  dataDir: string;
  mode: 'electron' | 'serve' | 'test';
  version: string;
  ports: Pick<Ports, 'logger'> & Partial<Ports>;
  /** Overridable for tests that count or slow down archive reads. */
  readMetadata?: MetadataReader;
  /** Run queued and interrupted jobs at start (default: only in the Electron app). */
  autoResumeJobs?: boolean;
  /** Entry file of the worker threads when the main process is bundled (Electron). */
  workerScript?: string;
}

export interface AppCore {
  readonly dispatch: Dispatch;
  readonly db: Db;
  readonly settings: SettingsRepo;
  readonly jobs: JobEngine;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/**
 * Builds the whole Electron-free application: database, repositories, handlers for every
 * contract command and the event bus. Every host (Electron, `longbox serve`, the CLI, tests)
 * starts exactly this.
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
  const roots = new RootsRepo(db);
  const thumbnails = new ThumbnailStore(options.dataDir);
  const settings = new SettingsRepo(db);
  const bus = new EventBus((error) => logger.error({ err: error }, 'event listener failed'));

  let librarySeq = 0;
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => bus.emit(event, payload);
  const libraryChanged = (reason: EventPayload<'library.changed'>['reason']) =>
    emit('library.changed', { seq: ++librarySeq, reason, counts: countByStatus(db, null) });

  // Archives are read on the job engine's worker pool (declared below; used only once running).
  const scanDeps = {
    db,
    roots,
    readMetadata: options.readMetadata ?? ((path: string) => jobs.readMetadata(path)),
    logger,
    now: () => clock.now(),
  };
  // Every scan, job or command, holds its root exclusively against item jobs.
  const scanNow = (rootId: number | null) => jobs.scanExclusive(rootId, { signal: new AbortController().signal, onProgress: () => {} });

  const jobs = new JobEngine({
    ...(options.workerScript ? { workerScript: options.workerScript } : {}),
    db,
    settings,
    logger,
    now: () => clock.now(),
    journalDir: paths.journals,
    emit,
    scan: (rootId, scanOptions) => scanLibrary(scanDeps, rootId, scanOptions),
    onFilesChanged: () => libraryChanged('job'),
    trash: (path) => ports.trash.trash(path),
    reconcileFiles: () => recoverInFlight(paths.journals),
  });
  // Before anything runs: settle files and jobs a crash left in flight (SPEC §4, §6).
  await jobs.recover();
  if (options.autoResumeJobs ?? options.mode === 'electron') jobs.resumeAll();

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
      // First add = full scan, so the folder's files appear without another step.
      await scanNow(root.id);
      libraryChanged('scan');
      return roots.get(root.id);
    },
    'library.roots.pick': async () => {
      if (!ports.folderPicker) throw new LongboxError('INVALID_INPUT', 'This host has no folder dialog; add folders by path.');
      return ports.folderPicker();
    },
    'library.roots.remove': ({ rootId }) => {
      roots.remove(rootId);
      libraryChanged('roots');
      return null;
    },
    'library.scan': async ({ rootId }) => {
      const result = await scanNow(rootId);
      libraryChanged('scan');
      return result;
    },
    'library.query': (query) => queryFiles(db, query),
    'library.counts': ({ rootId, search }) => countByStatus(db, rootId, search),
    'library.groups': (query) => queryGroups(db, query),
    'library.ids': (query) => queryIds(db, query),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'settings.preview': async ({ settings: candidate, fileId }) => {
      const id = fileId ?? (db.prepare('SELECT id FROM files ORDER BY id LIMIT 1').get() as { id: number } | undefined)?.id;
      const target = id === undefined ? null : await resolveFile(db, roots, id);
      return previewSettings(SettingsSchema.parse({ ...settings.get(), ...candidate }), target);
    },
    'library.file.get': async ({ fileId }) => fileDetails(await resolveFile(db, roots, fileId)),
    'library.file.cover': async ({ fileId }) => fileCover(await resolveFile(db, roots, fileId)),
    'library.file.thumbnail': async ({ fileId }) => {
      const resolved = await resolveFile(db, roots, fileId);
      // A page we cannot decode is "no thumbnail", as for covers; the list shows a placeholder.
      const jpeg = await thumbnails.get(resolved.file, resolved.absPath).catch(() => null);
      return jpeg ? { mime: 'image/jpeg', dataBase64: jpeg.toString('base64') } : null;
    },
    'logs.tail': ({ lines }) => tailLog(paths.logs, lines),
    ...jobHandlers(jobs),
  };

  return {
    dispatch: createDispatcher(handlers, logger),
    db,
    settings,
    jobs,
    subscribe: (listener) => bus.subscribe(listener),
    close: async () => {
      await jobs.close();
      await thumbnails.close();
      db.close();
    },
  };
}
