import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src-shared/contract/settings.ts';
import type { Settings } from '../../../src-shared/contract/settings.ts';
import { readArchiveSummary } from '../../../src-main/core/archive/inspect-archive.ts';
import { parseComicInfo } from '../../../src-main/core/comicinfo/comicinfo-document.ts';
import { getValues } from '../../../src-main/core/comicinfo/comicinfo-values.ts';
import { buildCbz, generateSampleLibrary } from '../../../src-main/core/demo/sample-library.ts';
import { runOperation } from '../../../src-main/core/operations/run-operation.ts';
import type { OperationContext, OperationItem, OperationKind, OperationOutcome } from '../../../src-main/core/operations/operation-types.ts';
import type { ComicInfoValues } from '../../../src-shared/contract/comicinfo.ts';

export interface Sandbox {
  dir: string;
  root: string;
  journalDir: string;
  cleanup(): Promise<void>;
}

export async function sandbox(withDemo = false): Promise<Sandbox> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'longbox-ops-'));
  const root = path.join(dir, 'library');
  const journalDir = path.join(dir, 'data', 'journal');
  await fs.mkdir(root, { recursive: true });
  if (withDemo) await generateSampleLibrary(root);
  return { dir, root, journalDir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export function ctxFor(sb: Sandbox, settings: Partial<Settings> = {}, dryRun = false): OperationContext {
  return { settings: { ...DEFAULT_SETTINGS, ...settings }, journalDir: sb.journalDir, dryRun };
}

export async function itemFor(sb: Sandbox, relPath: string, extra: Partial<OperationItem> = {}): Promise<OperationItem> {
  const stat = await fs.stat(path.join(sb.root, ...relPath.split('/')));
  return { fileId: 1, rootPath: sb.root, relPath, expected: { size: stat.size, mtimeMs: stat.mtimeMs }, ...extra };
}

export async function run(kind: OperationKind, sb: Sandbox, relPath: string, ctx: OperationContext, extra: Partial<OperationItem> = {}): Promise<OperationOutcome> {
  return runOperation(kind, await itemFor(sb, relPath, extra), ctx);
}

export const comicInfo = (fields: Record<string, string>) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo>\n${Object.entries(fields)
    .map(([k, v]) => `  <${k}>${v}</${k}>`)
    .join('\n')}\n</ComicInfo>\n`;

export async function writeCbz(sb: Sandbox, relPath: string, fields?: Record<string, string>, hue = 0): Promise<string> {
  const target = path.join(sb.root, ...relPath.split('/'));
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, await buildCbz({ pages: 2, ...(fields ? { comicInfo: comicInfo(fields) } : {}) }, hue));
  return target;
}

export async function valuesAt(abs: string): Promise<ComicInfoValues | null> {
  const summary = await readArchiveSummary(abs);
  return summary.comicInfoXml ? getValues(parseComicInfo(summary.comicInfoXml)) : null;
}

/** Every file under `dir` (relative path → sha256 + mtime), to prove nothing was written. */
export async function treeState(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    const stat = await fs.stat(abs);
    const hash = createHash('sha256').update(await fs.readFile(abs)).digest('hex');
    out[path.relative(dir, abs).split(path.sep).join('/')] = `${hash} ${stat.mtimeMs}`;
  }
  return out;
}

export async function listFiles(dir: string): Promise<string[]> {
  return Object.keys(await treeState(dir)).sort();
}
