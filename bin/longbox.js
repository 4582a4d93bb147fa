#!/usr/bin/env node
// Launcher for the `longbox` CLI (the package's `bin`). It must start fast (docs/packaging.md,
// "Start-up"): `--version` is answered from package.json before anything else loads, and the
// CLI itself runs from the esbuild bundle `npm run build` / `prepare` write to dist/cli, never
// from the TypeScript sources. The CLI needs Node >= 22.18 (better-sqlite3 13); the project
// pins Node 24 as a dependency, so under an older system Node this file re-runs itself with
// the pinned one, as a child that gets our signals and whose exit we mirror.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const EXIT_CANNOT_START = 1;

if (argv[0] === '--version' || argv[0] === '-v') {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 18)) await runBundle();
  else rerunWithPinnedNode();
}

async function runBundle() {
  // V8's compiled code for the bundle kept on disk (in the temp folder, per Node version):
  // compiling ~2 MB of bundle is most of a command's start-up. The environment variable
  // passes it on to the pool threads, which compile their own chunks.
  const cache = module.enableCompileCache();
  if (cache.directory) process.env.NODE_COMPILE_CACHE ??= cache.directory;
  const bundle = new URL('../dist/cli/longbox.mjs', import.meta.url);
  if (!existsSync(bundle)) await buildMissingBundle();
  const { main } = await import(bundle.href);
  process.exitCode = await main(argv);
}

/** A checkout installed with --ignore-scripts has no bundle yet: build it once if we can. */
async function buildMissingBundle() {
  const script = new URL('../scripts/build-bundles.mjs', import.meta.url);
  let buildCli;
  try {
    ({ buildCli } = await import(script.href));
  } catch {
    process.stderr.write('longbox: the CLI bundle (dist/cli/longbox.mjs) is missing and cannot be built here. Run `npm run build` in the Longbox folder.\n');
    process.exit(EXIT_CANNOT_START);
  }
  process.stderr.write('longbox: building the CLI bundle (first run)…\n');
  await buildCli(fileURLToPath(new URL('../dist/cli', import.meta.url)), 'error');
}

function rerunWithPinnedNode() {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    process.stderr.write(`longbox needs Node >= 22.18 (this is ${process.versions.node}). Run \`npm install\` in the Longbox folder.\n`);
    process.exit(EXIT_CANNOT_START);
  }
  // On POSIX the child gets its own process group, so a Ctrl+C reaches it once (forwarded by
  // us) rather than twice (from the terminal and from us): `serve` and `watch` stop on the
  // first SIGINT and would be killed mid-shutdown by a second one. Windows has no groups, and
  // `detached` would open a new console there.
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...argv], {
    stdio: 'inherit',
    detached: process.platform !== 'win32',
  });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`longbox: cannot start ${pinned}: ${error.message}\n`);
    process.exit(EXIT_CANNOT_START);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die the way the child died, so the shell sees the same 128 + n status.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? EXIT_CANNOT_START);
  });
}
