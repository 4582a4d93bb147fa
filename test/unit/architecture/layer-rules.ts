import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** docs/behaviour.md §1: which folder may import what. Checked on every import specifier in every source file. */
export interface LayerRule {
  folder: string;
  /** Other project folders this one may import from (itself always allowed). */
  mayImportFolders: string[];
  /** npm packages allowed; '*' = any. */
  packages: string[] | '*';
  nodeBuiltins: boolean;
  electron: boolean;
}

export const LAYERS: LayerRule[] = [
  { folder: 'src-shared', mayImportFolders: [], packages: ['zod'], nodeBuiltins: false, electron: false },
  { folder: 'src-main/core', mayImportFolders: ['src-shared'], packages: '*', nodeBuiltins: true, electron: false },
  { folder: 'src-main/electron', mayImportFolders: ['src-shared', 'src-main/core'], packages: '*', nodeBuiltins: true, electron: true },
  { folder: 'src-main/preload', mayImportFolders: ['src-shared'], packages: [], nodeBuiltins: false, electron: true },
  { folder: 'src-main/server', mayImportFolders: ['src-shared', 'src-main/core'], packages: '*', nodeBuiltins: true, electron: false },
  {
    folder: 'src-renderer',
    mayImportFolders: ['src-shared'],
    packages: ['react', 'react-dom', 'zustand', '@tanstack/react-virtual'],
    nodeBuiltins: false,
    electron: false,
  },
];

const BUILTINS = new Set(builtinModules);
const SPECIFIER = /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(SPECIFIER)) found.push((match[1] ?? match[2] ?? match[3])!);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Returns one message per forbidden import in `file` (a path relative to the repo root). */
export function violations(repoRoot: string, file: string, source: string): string[] {
  const rule = LAYERS.filter((l) => file.startsWith(l.folder + '/')).sort((a, b) => b.folder.length - a.folder.length)[0];
  if (!rule) return [];
  const problems: string[] = [];
  for (const specifier of importSpecifiers(source)) {
    if (specifier.startsWith('.')) {
      const target = relative(repoRoot, resolve(repoRoot, dirname(file), specifier)).split(sep).join('/');
      const allowed = [rule.folder, ...rule.mayImportFolders].some((f) => target === f || target.startsWith(f + '/'));
      if (!allowed) problems.push(`${file}: imports ${target} (${rule.folder} may import ${[rule.folder, ...rule.mayImportFolders].join(', ')})`);
      continue;
    }
    if (specifier === 'electron' || specifier.startsWith('electron/')) {
      if (!rule.electron) problems.push(`${file}: imports electron (forbidden in ${rule.folder})`);
      continue;
    }
    if (specifier.startsWith('node:') || BUILTINS.has(specifier)) {
      if (!rule.nodeBuiltins) problems.push(`${file}: imports Node's ${specifier} (forbidden in ${rule.folder})`);
      continue;
    }
    if (rule.packages !== '*' && !rule.packages.includes(packageName(specifier)) && !specifier.endsWith('.css')) {
      problems.push(`${file}: imports package ${specifier} (not allowed in ${rule.folder})`);
    }
  }
  return problems;
}

export function sourceFiles(repoRoot: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) out.push(rel);
    }
  };
  walk(folder);
  return out;
}

export function readSource(repoRoot: string, file: string): string {
  return readFileSync(join(repoRoot, file), 'utf8');
}
