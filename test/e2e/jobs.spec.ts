import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { expect, test } from './serve-fixture.ts';

// Enough files that the job is still running when the page reloads mid-way.
const FILES: SampleFile[] = Array.from({ length: 600 }, (_, i) => ({
  relPath: `Series ${i % 12}/Series ${i % 12} ch${Math.floor(i / 12) + 1}.cbz`,
  pages: 2,
}));

// Waits for the whole job scale with its files: 3–7 files/s were seen on a loaded 2-core machine.
const PER_FILE_MS = 400;

test('a job started in the window keeps running through a reload, and its progress comes back', async ({ page, longbox }, testInfo) => {
  test.setTimeout(60_000 + FILES.length * PER_FILE_MS);
  const library = await longbox.library('Library', FILES);
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(FILES.length));

  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await dialog.getByRole('radio', { name: /Unprocessed files/ }).check();
  // The dry-run preview shows old → new names before anything is written.
  await expect(dialog.getByText('→ Series 0/Series 0 - Chapter 0001.cbz')).toBeVisible();
  await dialog.getByRole('button', { name: 'Start' }).click();

  const progress = page.getByRole('progressbar', { name: /Process unprocessed files/ });
  await expect(progress).toHaveAttribute('aria-valuemax', String(FILES.length));
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  const before = Number(await progress.getAttribute('aria-valuenow'));
  expect(before).toBeLessThan(FILES.length);

  const reloadedAt = Date.now();
  await page.reload();
  // waitFor polls in the page on every frame; expect().toBeVisible() backs off (100, 250, 500,
  // 1000 ms between tries), which would add up to a second to the figure measured here.
  await progress.waitFor({ state: 'visible' });
  const restoreMs = Date.now() - reloadedAt;
  // docs/behaviour.md §7 target: back within 1 s. Reported, not asserted (machines are noisy).
  testInfo.annotations.push({ type: 'reload-restore-ms', description: String(restoreMs) });
  console.log(`progress view restored ${restoreMs} ms after reload`);
  expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(before);

  // The job went on without the page, and finishes; the summary waits to be seen.
  const job = page.getByRole('article', { name: 'Process unprocessed files' });
  await expect(job).toContainText('Completed', { timeout: FILES.length * PER_FILE_MS });
  await expect(progress).toHaveAttribute('aria-valuenow', String(FILES.length));
  await expect(page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^Processed/ })).toContainText(String(FILES.length));
  await job.getByRole('button', { name: 'Dismiss' }).click();
  await expect(job).toBeHidden();
  await page.reload();
  await expect(grid).toHaveAttribute('aria-rowcount', String(FILES.length));
  await expect(page.getByRole('article', { name: 'Process unprocessed files' })).toBeHidden();
});

test('a job that finishes while no window watches shows as unseen on the next visit', async ({ page, longbox }) => {
  const library = await longbox.library('Library', FILES.slice(0, 30));
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  await page.getByRole('button', { name: 'Normalize…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Normalize files' });
  await dialog.getByRole('radio', { name: /All files/ }).check();
  await expect(dialog.getByText('30 files')).toBeVisible();
  await dialog.getByRole('button', { name: 'Start' }).click();
  await page.goto('about:blank');
  // Away while it runs; the server finishes it alone.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await page.goto(serve.url);
  const job = page.getByRole('article', { name: 'Normalize all files' });
  await expect(job).toContainText('Completed', { timeout: 30_000 });
  await expect(job).toContainText('30 / 30');
});
