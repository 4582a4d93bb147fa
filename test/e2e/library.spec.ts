import { SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';
import { expect, test } from './serve-fixture.ts';

test('adds a folder of generated archives, lists them, and still lists them after a reload', async ({ page, longbox }) => {
  const comics = await longbox.library('Comics');
  const serve = await longbox.serve();
  await page.goto(serve.url);
  await expect(page.getByRole('heading', { name: 'Library folders' })).toBeVisible();

  await page.getByLabel('Folder path').fill(comics);
  await page.getByRole('button', { name: 'Add folder' }).click();
  // A typed folder is added only once confirmed (docs/ui.md "Adding a folder").
  await page.getByRole('dialog', { name: `Add ${comics}?` }).getByRole('button', { name: 'Add folder' }).click();

  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(SAMPLE_FILES.length));
  await expect(page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^Unprocessed/ })).toContainText(String(SAMPLE_FILES.length));
  const search = page.getByRole('searchbox', { name: 'Search files' });
  await search.fill('chainsaw');
  await expect(grid).toHaveAttribute('aria-rowcount', '3');
  // Series + number words match the parsed number: "saga 55" finds "Saga #055 (2018).cbz".
  await search.fill('saga 55');
  await expect(grid).toHaveAttribute('aria-rowcount', '1');
  await expect(grid.getByRole('row').filter({ hasText: 'Saga #055 (2018).cbz' })).toContainText('Unprocessed');
  // The filter counts follow the search.
  await expect(page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^All/ })).toHaveText('All 1');

  await page.reload();
  await expect(grid).toHaveAttribute('aria-rowcount', String(SAMPLE_FILES.length));
  await page.getByRole('searchbox', { name: 'Search files' }).fill('one piece');
  await expect(grid.getByRole('row').filter({ hasText: 'One Piece - Chapter 1001.cbz' })).toBeVisible();
  await expect(page.getByText(comics)).toBeVisible();
});
