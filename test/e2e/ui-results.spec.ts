import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { expect, test } from './serve-fixture.ts';

/** Trustworthy results in the UI (docs/undo-and-results.md), against the real `longbox serve`. */

/** The dry run reads every archive of the scope: on a loaded machine that outlasts the default 5 s. */
const PREVIEW_WAIT = { timeout: 30_000 };

/** Views are navigation buttons, filters a group of toggle buttons (docs/ui.md). */
const view = (page: Page, name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
const filter = (page: Page, name: RegExp) => page.getByRole('group', { name: 'Filter' }).getByRole('button', { name });
/** Undo writes to every file of the job: it asks first. */
const confirmUndo = (page: Page) => page.getByRole('dialog', { name: /^Undo “/ }).getByRole('button', { name: 'Undo job' }).click();

test('the preview predicts collisions within the batch, with totals, paging and a problems-only filter', async ({ page, longbox }) => {
  const files: SampleFile[] = [
    { relPath: 'Saga/Saga #012.cbz', pages: 1 },
    { relPath: 'Saga/Saga 012 (Webrip).cbz', pages: 1 },
    ...Array.from({ length: 120 }, (_, i) => ({ relPath: `Saga/Saga ${String(i + 13).padStart(3, '0')}.cbz`, pages: 1 })),
  ];
  const serve = await longbox.serve(await longbox.library('Library', files));
  await page.goto(serve.url);
  await expect(page.getByRole('grid', { name: 'Files' })).toHaveAttribute('aria-rowcount', '122');
  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await dialog.getByRole('radio', { name: /All files/ }).check();
  const totals = dialog.getByLabel('Preview totals');
  await expect(totals).toContainText('122 files', PREVIEW_WAIT);
  await expect(totals).toContainText('2 would collide', PREVIEW_WAIT);
  await expect(totals).toContainText('120 would rename', PREVIEW_WAIT);
  await expect(dialog.getByRole('alert')).toContainText('2 files would collide');
  // Every row is reachable: the second page holds the rest.
  await expect(dialog.getByText('Rows 1–100 of 122')).toBeVisible();
  await dialog.getByRole('button', { name: 'Next page' }).click();
  await expect(dialog.getByText('Rows 101–122 of 122')).toBeVisible();
  // Problems only: exactly the two files that would get the same name, each naming the other.
  await dialog.getByRole('checkbox', { name: 'Problems only' }).check();
  await expect(dialog.getByText('Rows 1–2 of 2')).toBeVisible();
  await expect(dialog.getByRole('row').filter({ hasText: 'Same new name as Saga/Saga 012 (Webrip).cbz' })).toContainText('Saga/Saga #012.cbz');
  await expect(dialog.getByRole('row').filter({ hasText: 'Same new name as Saga/Saga #012.cbz' })).toContainText('Saga/Saga 012 (Webrip).cbz');
});

test('a job with failures is "finished with errors" in amber; Retry re-plans the repaired file', async ({ page, longbox }) => {
  const library = await longbox.library('Library', [
    { relPath: 'Saga/Saga 001.cbz', pages: 1 },
    { relPath: 'Saga/Saga 002.cbz', pages: 1 },
  ]);
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', '2');
  // Damaged after the scan; a good copy is put back before the retry.
  const damaged = join(library, 'Saga/Saga 002.cbz');
  const good = readFileSync(damaged);
  writeFileSync(damaged, good.subarray(0, good.length - 40));

  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await dialog.getByRole('radio', { name: /All files/ }).check();
  await expect(dialog.getByLabel('Preview totals')).toContainText('1 would fail', PREVIEW_WAIT);
  await dialog.getByRole('button', { name: 'Start' }).click();
  const job = page.getByRole('article', { name: 'Process all files' });
  const status = job.locator('.job-state');
  await expect(status).toHaveText('Finished with errors');
  await expect(status).toHaveCSS('color', 'rgb(163, 82, 0)');

  // The log names the failed file with its code; the level filter narrows to it.
  await view(page, 'Log').click();
  const log = page.getByRole('region', { name: 'Log' });
  await log.getByLabel('Level').selectOption('warn');
  await expect(log.getByRole('row').filter({ hasText: 'Saga/Saga 002.cbz: ARCHIVE_' })).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: 'job started' })).toHaveCount(0);
  await log.getByLabel('Level').selectOption('error');
  await expect(log.getByText('No lines at this level')).toBeVisible();
  await view(page, 'Library').click();

  writeFileSync(damaged, good);
  // A job seen finishing stays open; one that finished before it was shown is one line whose
  // actions open with Details.
  const toggle = job.getByRole('button', { name: /^(Details|Less)$/ });
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await job.getByRole('button', { name: 'Retry failed' }).click();
  const retry = page.getByRole('article', { name: 'Retry: Process all files' });
  await expect(retry.locator('.job-state')).toHaveText('Completed');
  await expect(retry).toContainText('1 done · 0 skipped · 0 failed');
  await expect(grid.getByRole('row').filter({ hasText: 'Saga - Chapter 0002.cbz' })).toBeVisible();
});

test('after a cancelled undo, Undo again reports the already restored files as done (skipped), not errors, and the job ends undone', async ({ page, longbox }) => {
  const library = await longbox.library(
    'Library',
    [1, 2, 3, 4].map((n) => ({ relPath: `Series A/Series A ch${n}.cbz`, pages: 1 })),
  );
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  await expect(page.getByRole('grid', { name: 'Files' })).toHaveAttribute('aria-rowcount', '4');
  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await dialog.getByRole('radio', { name: /All files/ }).check();
  await expect(dialog.getByLabel('Preview totals')).toContainText('4 would rename', PREVIEW_WAIT);
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: 'Process all files' }).locator('.job-state')).toHaveText('Completed');

  await view(page, 'Job history').click();
  const list = page.getByRole('navigation', { name: 'Jobs' });
  await list.getByRole('button', { name: /^Process all files/ }).click();
  await page.getByRole('region', { name: 'Job Process all files' }).getByRole('button', { name: 'Undo' }).click();
  await confirmUndo(page);
  const firstUndo = page.getByRole('region', { name: 'Job Undo “Process all files”' });
  await expect(firstUndo.locator('.job-state')).toHaveText('Completed');
  // The state a Cancel leaves when it arrives as the undo's last items finish: the undo ends
  // `cancelled` (the user's request wins), so the job is not marked undone and offers Undo again.
  const db = new Database(join(serve.dataDir, 'longbox.db'));
  try {
    db.prepare("UPDATE jobs SET state = 'cancelled', seq = seq + 1 WHERE kind = 'undo'").run();
    db.prepare("UPDATE jobs SET undone_by = NULL, seq = seq + 1 WHERE kind = 'process'").run();
  } finally {
    db.close();
  }
  await page.reload();
  await view(page, 'Job history').click();
  await list.getByRole('button', { name: /^Process all files/ }).click();
  const original = page.getByRole('region', { name: 'Job Process all files' });
  await original.getByRole('button', { name: 'Undo' }).click();
  await confirmUndo(page);
  const again = page.getByRole('region', { name: 'Job Undo “Process all files”' });
  await expect(again.locator('.job-state')).toHaveText('Completed');
  await expect(again).toContainText('0 done · 4 skipped · 0 failed');
  await expect(again.getByRole('listitem').filter({ hasText: 'already restored' })).toHaveCount(4);
  // Undone now: no second undo.
  await list.getByRole('button', { name: /^Process all files/ }).click();
  await expect(original.locator('.job-state')).toHaveText('Completed · undone');
  await expect(original.getByRole('button', { name: 'Undo' })).toHaveCount(0);
});

test('a duplicate is compared side by side and kept under a new name; "Delete selected" sends files to the trash after a preview', async ({ page, longbox, workDir }) => {
  const library = await longbox.library('Library', [
    { relPath: 'Saga/Saga #012.cbz', pages: 1 },
    { relPath: 'Saga/Saga 012 (Webrip).cbz', pages: 2 },
    { relPath: 'Saga/Saga 020.cbz', pages: 1 },
  ]);
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', '3');
  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await dialog.getByRole('radio', { name: /All files/ }).check();
  await expect(dialog.getByLabel('Preview totals')).toContainText('2 would collide', PREVIEW_WAIT);
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: 'Process all files' }).locator('.job-state')).toHaveText('Completed');

  // The duplicate beside the file it collides with: pages differ (2 vs 1).
  await filter(page, /^Duplicates/).click();
  await expect(grid).toHaveAttribute('aria-rowcount', '1');
  await grid.getByRole('row').filter({ hasText: '.cbz' }).first().click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Details' }).click();
  await page.getByRole('dialog', { name: 'File details' }).getByRole('button', { name: 'Compare with the other file…' }).click();
  const compare = page.getByRole('dialog', { name: 'Compare duplicates' });
  const mine = compare.getByRole('region', { name: 'This file (duplicate)' });
  const other = compare.getByRole('region', { name: 'Collides with' });
  await expect(other).toContainText('Saga/Saga - Chapter 0012.cbz');
  await expect(mine.getByRole('img')).toBeVisible();
  await expect(other.getByRole('img')).toBeVisible();
  const pages = async (side: typeof mine) => side.locator('dt:text-is("Pages") + dd').textContent();
  expect(new Set([await pages(mine), await pages(other)])).toEqual(new Set(['1', '2']));
  await compare.getByRole('button', { name: 'Keep both (rename this one)' }).click();
  await expect(page.getByRole('article', { name: 'Keep both: rename 1 duplicate' }).locator('.job-state')).toHaveText('Completed');
  await filter(page, /^All/).click();
  await expect(grid.getByRole('row').filter({ hasText: 'Saga - Chapter 0012 (2).cbz' })).toBeVisible();

  // Delete selected: preview, the trash warning, confirm.
  await grid.getByRole('row').filter({ hasText: 'Saga - Chapter 0020.cbz' }).click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Delete selected…' }).click();
  const del = page.getByRole('dialog', { name: 'Delete files' });
  await expect(del).toContainText('OS trash');
  await expect(del).toContainText('cannot be undone from Longbox');
  await expect(del.getByRole('row').filter({ hasText: 'Saga/Saga - Chapter 0020.cbz' })).toContainText('moved to the OS trash', PREVIEW_WAIT);
  await del.getByRole('button', { name: 'Move 1 file to the trash' }).click();
  await expect(page.getByRole('article', { name: 'Delete 1 file (to the trash)' }).locator('.job-state')).toHaveText('Completed');
  await expect(grid).toHaveAttribute('aria-rowcount', '2');
  expect(readdirSync(join(workDir, 'xdg-data', 'Trash', 'files'))).toEqual(['Saga - Chapter 0020.cbz']);
});
