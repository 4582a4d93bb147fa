import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCbz } from '../../src-main/core/demo/sample-library.ts';
import { expect, test } from './serve-fixture.ts';

test('serve watches the library: a copied-in file appears by itself; the roots panel shows the live watcher state and mode', async ({ page, longbox }) => {
  const library = await longbox.library('Comics');
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  // The Saga folder is below the fold of the grouped list; the search brings it up.
  await page.getByRole('searchbox', { name: 'Search files' }).fill('saga');
  await expect(grid.getByRole('row').filter({ hasText: 'Saga #055 (2018).cbz' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  const status = page.getByRole('status', { name: `Watcher of ${library}` });
  await expect(status).toHaveText('Watching');

  // No click, no scan: the watcher indexes it once it held still for the stability window (5 s).
  await writeFile(join(library, 'Saga', 'Saga #056 (2018).cbz'), await buildCbz({ pages: 2 }));
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click();
  await expect(grid.getByRole('row').filter({ hasText: 'Saga #056 (2018).cbz' })).toBeVisible({ timeout: 60_000 });

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Watch', { exact: true }).selectOption('poll');
  await expect(status).toHaveText('Polling every 15 min');

  await page.getByLabel('Auto-process new files').selectOption('normalize');
  await page.getByLabel('Watch library folders for changes').uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  // Watching switched off in the settings: the folder says so at once.
  await expect(status).toHaveText('Not watched');
  await page.reload();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Auto-process new files')).toHaveValue('normalize');
  await expect(page.getByLabel('Watch library folders for changes')).not.toBeChecked();
  await expect(page.getByLabel('Watch', { exact: true })).toHaveValue('poll');
});
