/**
 * libxml2's `xmllint` as the outside judge of what Longbox writes (Debian `libxml2-utils`;
 * `.ci/run` installs it). One process checks many files at once.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const XSD_V2 = path.resolve(import.meta.dirname, '../../fixtures/comicinfo-xsd/v2.0/ComicInfo.xsd');

export interface LintResult {
  ok: boolean;
  output: string;
}

/** Well-formedness (and, with `schema`, validity) of every file; `ok` only when all pass. */
export function xmllint(files: string[], schema?: string): LintResult {
  const args = ['--noout', ...(schema ? ['--schema', schema] : []), ...files];
  const result = spawnSync('xmllint', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`xmllint could not run (install libxml2-utils): ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Writes `xml` under `dir` as `<name>.xml` and returns the path (xmllint reads files). */
export function xmlFile(dir: string, name: string, xml: string): string {
  const file = path.join(dir, `${name}.xml`);
  fs.writeFileSync(file, xml);
  return file;
}
