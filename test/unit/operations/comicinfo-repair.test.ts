import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCbz } from '../../../src-main/core/demo/sample-library.ts';
import { comicInfoProblem } from '../../../src-main/core/comicinfo/check-comicinfo.ts';
import { readFileDetails } from '../../../src-main/core/operations/read-file-details.ts';
import { runOperation } from '../../../src-main/core/operations/run-operation.ts';
import { EMPTY_COMICINFO } from '../../../src-shared/contract/comicinfo-repair.ts';
import { ctxFor, itemFor, run, sandbox, treeState, valuesAt } from './helpers.ts';
import type { Sandbox } from './helpers.ts';

// The closing tag on line 4 is misspelt: the file's ComicInfo.xml does not parse.
const MALFORMED = '<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo>\n  <Series>Saga</Series>\n  <Title>Twelve</Titel>\n  <Notes>kept</Notes>\n</ComicInfo>\n';
const FIXED = MALFORMED.replace('</Titel>', '</Title>');

let sb: Sandbox;
let abs: string;
beforeEach(async () => {
  sb = await sandbox();
  abs = path.join(sb.root, 'Saga', 'Saga #012.cbz');
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, await buildCbz({ pages: 2, comicInfo: MALFORMED }));
});
afterEach(async () => sb.cleanup());

describe('repairing a malformed ComicInfo.xml', () => {
  it('the details show the raw text, the parse error with its position, and the file-name values', async () => {
    const details = await readFileDetails(abs);
    expect(details.comicInfo).toBeNull();
    expect(details.malformedComicInfo).toMatchObject({
      xml: MALFORMED,
      problem: { code: 'COMICINFO_INVALID_XML', line: 4, column: expect.any(Number) },
      fromFileName: { Series: 'Saga', Number: '12' },
    });
    expect(details.malformedComicInfo!.problem.message).toContain("'Titel'");
    expect(comicInfoProblem(FIXED)).toBeNull();
    expect(comicInfoProblem('<!DOCTYPE x><ComicInfo/>')).toMatchObject({ code: 'COMICINFO_FORBIDDEN_DTD', line: null });
  });

  it('an ordinary edit still refuses the file, leaving it byte-for-byte unchanged', async () => {
    const before = await treeState(sb.root);
    const out = await run('edit', sb, 'Saga/Saga #012.cbz', ctxFor(sb), { patch: { Title: 'x' } });
    expect(out).toMatchObject({ state: 'failed', code: 'COMICINFO_INVALID_XML' });
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('a replacement that does not parse either fails the item and writes nothing', async () => {
    const before = await treeState(sb.root);
    const out = await run('edit', sb, 'Saga/Saga #012.cbz', ctxFor(sb), { patch: {}, replaceComicInfo: MALFORMED.replace('</Titel>', '</Titl>') });
    expect(out).toMatchObject({ state: 'failed', code: 'COMICINFO_INVALID_XML' });
    expect(await treeState(sb.root)).toEqual(before);
  });

  it('the fixed text is written (every element kept), the error mark cleared, and undo restores the original bytes', async () => {
    const original = await fs.readFile(abs);
    const undoDir = path.join(sb.dir, 'data', 'undo');
    const ctx = { ...ctxFor(sb), undoDir };
    const out = await run('edit', sb, 'Saga/Saga #012.cbz', ctx, { patch: {}, replaceComicInfo: FIXED, status: 'error' });
    expect(out).toMatchObject({ state: 'done', changed: true, fileStatus: 'unprocessed' });
    expect(await valuesAt(abs)).toEqual({ Series: 'Saga', Title: 'Twelve', Notes: 'kept' });

    const item = await itemFor(sb, 'Saga/Saga #012.cbz', { restore: { ...out.before!, status: 'error' }, guard: out.after! });
    const undone = await runOperation('undo', item, ctxFor(sb));
    // The file is as it was, so it is an error again, for the same reason.
    expect(undone).toMatchObject({ state: 'done', fileStatus: 'error', code: 'COMICINFO_INVALID_XML' });
    expect(await fs.readFile(abs)).toEqual(original);
  });

  it('"from the file name": the malformed text is replaced by a document holding the patch', async () => {
    const out = await run('edit', sb, 'Saga/Saga #012.cbz', ctxFor(sb), { patch: { Series: 'Saga', Number: '12' }, replaceComicInfo: EMPTY_COMICINFO });
    expect(out).toMatchObject({ state: 'done', changed: true });
    expect(await valuesAt(abs)).toEqual({ Series: 'Saga', Number: '12' });
  });
});
