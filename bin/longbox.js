#!/usr/bin/env node
// Launcher for the `longbox` CLI. The CLI needs Node >= 22.18 (better-sqlite3 13, TypeScript
// type stripping); the project pins Node 24 as a devDependency, so when an older system Node
// runs this file we re-run it with the pinned one instead of crashing later in native code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const modern = major > 22 || (major === 22 && minor >= 18);

if (modern) {
  const { main } = await import('../src-main/server/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
} else {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    console.error(`longbox needs Node >= 22.18 (this is ${process.versions.node}). Run \`npm install\` in the Longbox folder.`);
    process.exit(2);
  }
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
