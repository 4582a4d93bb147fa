/**
 * docs/parsing-rules.md "Nothing is lost", run for real: every parser vector becomes an archive on disk,
 * Process runs on it (normalize + rename, the real operation, writing the real archive), and
 * whatever the parser read from the old name that the new name no longer says must be in the
 * archive's ComicInfo.xml afterwards.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFileName, type ParsedFileName } from '../../../src-main/core/naming/file-name-parser.ts';
import { buildCbz } from '../../../src-main/core/demo/sample-library.ts';
import { runOperation } from '../../../src-main/core/operations/run-operation.ts';
import type { ComicInfoField } from '../../../src-shared/contract/comicinfo.ts';
import { ctxFor, sandbox, valuesAt, type Sandbox } from '../operations/helpers.ts';
import { PARSER_VECTORS } from './file-name-parser.vectors.ts';

const FIELDS: ReadonlyArray<[keyof ParsedFileName, ComicInfoField]> = [
  ['series', 'Series'],
  ['number', 'Number'],
  ['volume', 'Volume'],
  ['year', 'Year'],
  ['month', 'Month'],
  ['count', 'Count'],
];

// A `/` cannot be in a file name ("Blue Beetle #1/2" is a parser-only vector).
const VECTORS = PARSER_VECTORS.filter((v) => !v.name.includes('/'));

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(async () => {
  await sb.cleanup();
});

/** Each file in a library root of its own, so no two vectors compete for one target name. */
async function processOne(name: string, index: number, folder?: string) {
  const root = path.join(sb.dir, `lib-${index}`);
  const relPath = folder ? `${folder}/${name}` : name;
  const abs = path.join(root, ...relPath.split('/'));
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, await buildCbz({ pages: 1 }));
  const stat = await fs.stat(abs);
  const outcome = await runOperation(
    'process',
    { fileId: index + 1, rootPath: root, relPath, expected: { size: stat.size, mtimeMs: stat.mtimeMs } },
    ctxFor(sb),
  );
  const after = outcome.newAbsPath ?? abs;
  return { outcome, after, values: (await valuesAt(after)) ?? {} };
}

describe('Process loses nothing the old file name said', () => {
  it('covers every file-name vector', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(VECTORS.map((v, i) => [v.name, i] as const))('%s', { timeout: 60_000 }, async (name, index) => {
    const before = parseFileName(name);
    const { outcome, after, values } = await processOne(`${name}.cbz`, index);
    expect(outcome.state, outcome.message).not.toBe('failed');
    const newName = path.basename(after, '.cbz');
    const now = parseFileName(newName);

    for (const [field, element] of FIELDS) {
      const said = before[field];
      if (said === null || now[field] === said) continue;
      // The new name no longer says it: the archive must.
      expect(values[element], `${field} "${said}" dropped from "${name}" → "${newName}"`).toBe(said);
    }

    // Not vacuous: a file with a series and a number (or a volume file) was really processed.
    const volumeFile = before.number === null && before.volume !== null;
    if (before.series !== null && (before.number !== null || volumeFile)) {
      expect(outcome.state).toBe('done');
      expect(values.Series).toBe(before.series);
      if (volumeFile) expect(newName).toMatch(/ v\d{2,}$/);
    } else if (before.number === null && !volumeFile) {
      // No number and no volume: rename skipped, the file left as it was.
      expect(after).toBe(path.join(sb.dir, `lib-${index}`, `${name}.cbz`));
    }
  });

  it('a file in a volume folder keeps its volume and gets the series from the folder above', async () => {
    const { outcome, after, values } = await processOne('Preludes 003 (1989).cbz', 10_000, 'Sandman/Vol 1 - Preludes & Nocturnes');
    expect(outcome.state).toBe('done');
    expect(path.basename(after)).toBe('Sandman - Chapter 0003.cbz');
    expect(values).toMatchObject({ Series: 'Sandman', Number: '3', Volume: '1', Year: '1989' });
  });
});
