import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Root } from '../../src-shared/contract/library.ts';
import { defaultDataDir } from '../core/platform/data-dir.ts';
import { call } from './cli-call.ts';
import { createCliOutput, EXIT, UsageError, type CliOutput } from './cli-output.ts';
import { parseIdentifyArgs, runIdentify } from './cli-identify.ts';
import { resolveInspectFiles, runInspect } from './cli-inspect.ts';
import { parseJobsArgs, runJobs } from './cli-jobs.ts';
import { parseRunArgs, runOperation } from './cli-run.ts';
import { parseDeleteArgs, runDelete } from './cli-delete.ts';
import { parseAutoOption, runWatch } from './cli-watch.ts';
import { HELP } from './cli-help.ts';
import type { EarlyWalks } from '../core/library/find-walk.ts';
import { startHeadlessHost, type HeadlessHost } from './headless-host.ts';
import { untilStopSignal } from './stop-signal.ts';


const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

const COMMAND_OPTIONS = {
  scan: { library: { type: 'string', multiple: true } },
  serve: { library: { type: 'string', multiple: true }, port: { type: 'string' }, host: { type: 'string' }, 'new-token': { type: 'boolean' } },
  demo: { port: { type: 'string' }, host: { type: 'string' }, 'new-token': { type: 'boolean' } },
  run: {
    library: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    unprocessed: { type: 'boolean' },
    files: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
  },
  identify: {
    library: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    unprocessed: { type: 'boolean' },
    files: { type: 'string', multiple: true },
    provider: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'no-wait': { type: 'boolean' },
  },
  jobs: {},
  inspect: {},
  delete: { library: { type: 'string', multiple: true }, files: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } },
  watch: { library: { type: 'string', multiple: true }, auto: { type: 'string' } },
} as const satisfies Record<string, ParseArgsConfig['options']>;

type CommandWord = keyof typeof COMMAND_OPTIONS;

/** What a command will do once the host is up; everything before it has been checked. */
interface Prepared {
  /** The data folder, when the command needs its own (demo without --data-dir). */
  dataDir?: string;
  run(host: HeadlessHost, out: CliOutput, dataDir: string): Promise<number>;
  /** Removes what the command created for itself (demo's temp workspace). */
  cleanup?(): Promise<void>;
}

/** Runs one command word with its options (cli.ts answers help and the version itself). */
export async function runCommand(argv: string[], earlyWalks?: EarlyWalks): Promise<number> {
  const word = argv[0] ?? '';
  if (!Object.hasOwn(COMMAND_OPTIONS, word)) {
    process.stderr.write(`longbox: unknown command "${word}"\n\n${HELP}`);
    return EXIT.usage;
  }
  const command = word as CommandWord;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command] },
      allowPositionals:
        command === 'demo' || command === 'run' || command === 'identify' || command === 'jobs' || command === 'inspect' || command === 'delete',
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`longbox ${command}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const out = createCliOutput(values.json === true);
  let prepared: Prepared;
  try {
    // Bad usage exits 2 here, before the data folder (or anything else) is created.
    prepared = await prepare(command, parsed.positionals, values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.error(error.message);
    return EXIT.usage;
  }
  const dataDir = prepared.dataDir ?? resolve((values['data-dir'] as string | undefined) ?? defaultDataDir());
  let host: HeadlessHost | null = null;
  try {
    host = await startHeadlessHost(dataDir, 'serve', earlyWalks);
    return await prepared.run(host, out, dataDir);
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(error.message);
      return EXIT.usage;
    }
    out.error(error instanceof Error ? error.message : String(error));
    return EXIT.failed;
  } finally {
    await host?.close();
    await prepared.cleanup?.();
  }
}

/** The root of a library folder, added or rescanned first so a job covers the folder as it is now. */
function rootScannedNow(host: HeadlessHost): (library: string) => Promise<Root> {
  return async (library) => {
    const { root, added } = await ensureRoot(host, library);
    if (!added) await call(host.client, 'library.scan', { rootId: root.id });
    return root;
  };
}

/** A command on one library folder (checked now), rescanned first when it runs. */
async function onScannedLibrary<R extends { library: string }>(
  request: R,
  run: (host: HeadlessHost, out: CliOutput, request: R, rootFor: (library: string) => Promise<Root>) => Promise<number>,
): Promise<Prepared> {
  await requireFolder(request.library);
  return { run: (host, out) => run(host, out, request, rootScannedNow(host)) };
}

async function prepare(command: CommandWord, positionals: string[], values: Record<string, unknown>): Promise<Prepared> {
  switch (command) {
    case 'scan': {
      const libraries = await requireLibraries(values);
      return { run: (host, out) => runScan(host, out, libraries) };
    }
    case 'serve': {
      const libraries = await requireLibraries(values);
      const port = parsePort(values.port);
      return { run: (host, out, dataDir) => runServe(host, out, dataDir, libraries, port, values) };
    }
    case 'demo':
      return prepareDemo(positionals, values);
    case 'run':
      return onScannedLibrary(parseRunArgs(positionals, values), runOperation);
    case 'identify':
      return onScannedLibrary(parseIdentifyArgs(positionals, values), runIdentify);
    case 'delete':
      return onScannedLibrary(parseDeleteArgs(positionals, values), runDelete);
    case 'jobs':
      parseJobsArgs(positionals);
      return { run: (host, out) => runJobs(host, out, positionals) };
    case 'inspect': {
      const files = await resolveInspectFiles(positionals);
      return { run: (host, out) => runInspect(host, out, files) };
    }
    case 'watch': {
      const libraries = await requireLibraries(values);
      const auto = parseAutoOption(values.auto);
      return {
        run: (host, out) =>
          runWatch(host, out, libraries, auto, (library) => ensureRoot(host, library), () => call(host.client, 'library.roots.list', {})),
      };
    }
    default:
      return command satisfies never;
  }
}

function parsePort(value: unknown): number {
  const port = value === undefined ? 0 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got ${String(value)}`);
  return port;
}

/** A library folder must exist and be a folder: `--library /etc/passwd` is bad usage. */
async function requireFolder(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`library folder not found: ${path}`);
  if (!info.isDirectory()) throw new UsageError(`not a folder: ${path}`);
  return path;
}

async function requireLibraries(values: Record<string, unknown>): Promise<string[]> {
  const libraries = values.library as string[] | undefined;
  if (!libraries?.length) throw new UsageError('--library DIR is required');
  return Promise.all(libraries.map((l) => requireFolder(resolve(l))));
}

/** Finds the root for a folder, adding it (which scans it) when it is not yet a library folder. */
async function ensureRoot(host: HeadlessHost, path: string): Promise<{ root: Root; added: boolean }> {
  const { realpath } = await import('node:fs/promises');
  const real = await realpath(path).catch(() => {
    throw new UsageError(`library folder not found: ${path}`);
  });
  const existing = (await call(host.client, 'library.roots.list', {})).find((r) => r.path === real);
  if (existing) return { root: existing, added: false };
  return { root: await call(host.client, 'library.roots.add', { path: real }), added: true };
}

async function runScan(host: HeadlessHost, out: CliOutput, libraries: string[]): Promise<number> {
  const totals = { files: 0, added: 0, changed: 0, removed: 0, failed: 0 };
  const roots: Root[] = [];
  for (const library of libraries) {
    const { root, added } = await ensureRoot(host, library);
    roots.push(root);
    // A freshly added root was just fully scanned by `roots.add`; count its files as added.
    const result = added
      ? { files: root.fileCount, added: root.fileCount, changed: 0, removed: 0, failed: 0 }
      : await call(host.client, 'library.scan', { rootId: root.id });
    for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += result[key];
  }
  const unreadable = await unreadableFiles(host, roots);
  for (const file of unreadable) {
    out.line(`  unreadable ${file.path}: ${file.error}`, { type: 'unreadable', path: file.path, error: file.error });
  }
  totals.failed = unreadable.length;
  out.line(
    `${totals.files} files: ${totals.added} added, ${totals.changed} changed, ${totals.removed} removed${unreadable.length ? `, ${unreadable.length} unreadable (listed above)` : ''}`,
    { type: 'result', ...totals },
  );
  return EXIT.ok;
}

/** Every file of these roots the index marks unreadable, named (a count tells nobody what to fix). */
async function unreadableFiles(host: HeadlessHost, roots: Root[]): Promise<Array<{ path: string; error: string }>> {
  const PAGE = 1000;
  const found: Array<{ path: string; error: string }> = [];
  for (const root of roots) {
    for (let offset = 0; ; offset += PAGE) {
      const page = await call(host.client, 'library.query', { filter: 'error', rootId: root.id, offset, limit: PAGE });
      for (const f of page.files) found.push({ path: join(root.path, f.relPath), error: f.error ?? 'unreadable' });
      if (offset + PAGE >= page.total) break;
    }
  }
  return found;
}

async function runServe(
  host: HeadlessHost,
  out: CliOutput,
  dataDir: string,
  libraries: string[],
  port: number,
  values: Record<string, unknown>,
): Promise<number> {
  const stopped = untilStopSignal();
  for (const library of libraries) await ensureRoot(host, library);
  // `serve` is a long-lived host like the app: it picks up interrupted and queued jobs and
  // watches the library folders (per the `watcher` setting), catching up in the background.
  await call(host.client, 'jobs.resumeAll');
  void host.core.watch.start();
  // Loaded only here: the HTTP + WebSocket server (and the sample generator below) are no part
  // of any other command's start-up (docs/packaging.md, "Start-up").
  const [{ startServe }, { loadServeToken }] = await Promise.all([import('./serve-bridge.ts'), import('./serve-token.ts')]);
  const handle = await startServe({
    core: host.core,
    logger: host.logger,
    bundleDir: new URL('../../dist/renderer', import.meta.url).pathname,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    port,
    // Kept in the data folder, so a restarted server lets open tabs back in; --new-token rotates it.
    token: await loadServeToken(dataDir, { rotate: values['new-token'] === true }),
  });
  out.line(`Longbox is serving at ${handle.url}\nPress Ctrl+C to stop.`, { type: 'serving', url: handle.url });
  await stopped;
  await handle.close();
  return EXIT.ok;
}

/**
 * `demo [DIR]`: without DIR, the sample library and (unless --data-dir is given) its data
 * folder live in one temp workspace that is removed on exit, so a demo never adds a
 * vanishing folder to the user's real library list.
 */
async function prepareDemo(positionals: string[], values: Record<string, unknown>): Promise<Prepared> {
  const port = parsePort(values.port);
  if (positionals.length > 1) throw new UsageError('demo takes at most one DIR');
  const dir = positionals[0];
  const workspace = dir ? null : await mkdtemp(join(tmpdir(), 'longbox-demo-'));
  const target = dir ? resolve(dir) : join(workspace!, 'Comics');
  const ownData = workspace !== null && values['data-dir'] === undefined;
  return {
    dataDir: ownData ? join(workspace!, 'data') : undefined,
    run: async (host, out, dataDir) => {
      const { generateSampleLibrary } = await import('../core/demo/sample-library.ts');
      const files = await generateSampleLibrary(target);
      out.line(`Generated ${files.length} sample archives in ${target}`, { type: 'demo', library: target, files: files.length });
      return runServe(host, out, dataDir, [target], port, values);
    },
    cleanup: async () => {
      if (workspace) await rm(workspace, { recursive: true, force: true });
    },
  };
}

