import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { expect, test } from './serve-fixture.ts';

const FILES: SampleFile[] = [1, 2, 3].map((n) => ({ relPath: `Series A/Series A ch${n}.cbz`, pages: 1 }));

test('job history shows a finished job item by item with its diff, and Undo restores the old names', async ({ page, longbox }) => {
  const library = await longbox.library('Library', FILES);
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', '3');
  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await dialog.getByRole('radio', { name: /All files/ }).check();
  await expect(dialog.getByText('3 files')).toBeVisible();
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: 'Process all files' })).toContainText('Completed');
  await expect(grid.getByRole('row').filter({ hasText: 'Series A - Chapter 0001.cbz' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Job history' }).click();
  await page.getByRole('navigation', { name: 'Jobs' }).getByRole('button', { name: /Process all files/ }).click();
  const detail = page.getByRole('region', { name: 'Job Process all files' });
  const first = detail.getByRole('listitem').filter({ hasText: 'Series A/Series A ch1.cbz' });
  await expect(first).toContainText('Done');
  await expect(first.locator('.diff-name')).toHaveText('Series A/Series A ch1.cbz → Series A/Series A - Chapter 0001.cbz');
  await expect(first).toContainText('Number: — → 1');

  await detail.getByRole('button', { name: 'Undo' }).click();
  // Undo writes to every file of the job: it asks first.
  await page.getByRole('dialog', { name: 'Undo “Process all files”?' }).getByRole('button', { name: 'Undo job' }).click();
  // The new undo job opens in the history and updates live until it completes.
  const undo = page.getByRole('region', { name: 'Job Undo “Process all files”' });
  await expect(undo).toContainText('Completed');
  await expect(undo.getByRole('listitem')).toHaveCount(3);
  await expect(undo.getByRole('listitem').filter({ hasText: 'Series A - Chapter 0001.cbz' }).locator('.diff-name')).toHaveText(
    'Series A/Series A - Chapter 0001.cbz → Series A/Series A ch1.cbz',
  );

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click();
  await expect(grid.getByRole('row').filter({ hasText: 'Series A ch1.cbz' })).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: 'Chapter 0001' })).toHaveCount(0);
});
