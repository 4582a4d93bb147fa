/**
 * A job's planning read of a file (operations/file-work.ts `readState`): a plain zip is read the
 * scan's way (one synchronous tail read), anything else through the full reader. Both must give
 * the same answers, and nothing that is not a regular file may be opened by the fast way.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readZipTailSummary } from '../../../src-main/core/archive/zip-tail-summary.ts';
import { readState } from '../../../src-main/core/operations/file-work.ts';
import type { OperationOutcome } from '../../../src-main/core/operations/operation-types.ts';
import { buildZip, comicInfoXml, pages } from '../../helpers/archives.ts';
import type { TestEntry } from '../../helpers/archives.ts';
import { ctxFor, itemFor, sandbox } from './helpers.ts';
import type { Sandbox } from './helpers.ts';

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox();
});
afterEach(async () => sb.cleanup());

const entries = (): TestEntry[] => [...pages(3, 1500), { name: 'ComicInfo.xml', data: comicInfoXml('Planned'), method: 8 }];

describe('the planning read', () => {
  it('reads a plain zip (tail read) and a zip64 one (full reader) alike', async () => {
    const plain = path.join(sb.root, 'plain.cbz');
    const zip64 = path.join(sb.root, 'zip64.cbz');
    fs.writeFileSync(plain, buildZip(entries()));
    fs.writeFileSync(zip64, buildZip(entries(), { zip64: true }));
    // The two take different ways: the tail reader declines zip64.
    expect(readZipTailSummary(plain)).not.toBeNull();
    expect(readZipTailSummary(zip64)).toBeNull();
    const [a, b] = [await readState(plain), await readState(zip64)];
    for (const [state, file] of [[a, plain], [b, zip64]] as const) {
      const stat = fs.statSync(file);
      expect(state).toMatchObject({ format: 'cbz', size: stat.size, mtimeMs: stat.mtimeMs, pageCount: 3, hasComicInfo: true, comicInfoMalformed: false });
      expect(state.comicInfoXml).toBe(comicInfoXml('Planned'));
      expect(state.values.Title).toBe('Planned');
    }
    expect(a.values).toEqual(b.values);
  });

  it('refuses hostile XML read the fast way with its code', async () => {
    const file = path.join(sb.root, 'dtd.cbz');
    const dtd = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><ComicInfo><Title>&a;</Title></ComicInfo>';
    fs.writeFileSync(file, buildZip([...pages(2, 1000), { name: 'ComicInfo.xml', data: dtd, method: 8 }]));
    expect(readZipTailSummary(file)).not.toBeNull();
    await expect(readState(file)).rejects.toMatchObject({ code: 'COMICINFO_FORBIDDEN_DTD' });
  });

  it('a FIFO where the archive was fails ARCHIVE_NOT_A_FILE on a retry, never opened', async () => {
    const file = path.join(sb.root, 'Series', 'Series 01.cbz');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, buildZip(entries()));
    const item = await itemFor(sb, 'Series/Series 01.cbz');
    fs.rmSync(file);
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    // A retry re-reads the file as it is now (no size check first). Run on a real worker
    // thread, as the pool does: a thread blocked opening the FIFO is released below.
    const workerData = { kind: 'normalize', item, ctx: { ...ctxFor(sb), replan: true } };
    const worker = new Worker(path.join(import.meta.dirname, 'worker-entry.ts'), { workerData });
    try {
      const outcome = await new Promise<OperationOutcome>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(outcome).toMatchObject({ state: 'failed', code: 'ARCHIVE_NOT_A_FILE' });
    } finally {
      // Had the read opened the FIFO, opening its other end lets that open return.
      try {
        fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // ENXIO: no reader has it open — the expected case.
      }
      await worker.terminate();
    }
  });
});
