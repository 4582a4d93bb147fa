import { join } from 'node:path';
import { readArchiveSummary } from '../../src-main/core/archive/inspect-archive.ts';
import { parseComicInfo } from '../../src-main/core/comicinfo/comicinfo-document.ts';
import { getValues } from '../../src-main/core/comicinfo/comicinfo-values.ts';
import { expect, test } from './serve-fixture.ts';

test('editing one file in the details panel runs an edit job that writes its ComicInfo.xml', async ({ page, longbox }) => {
  const library = await longbox.library('Comics');
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await page.getByRole('searchbox', { name: 'Search files' }).fill('saga');
  const row = grid.getByRole('row').filter({ hasText: 'Saga #055 (2018).cbz' });
  await row.dblclick();

  const dialog = page.getByRole('dialog', { name: 'File details' });
  await expect(dialog.getByRole('img', { name: 'Cover of Saga #055 (2018).cbz' })).toBeVisible();
  await expect(dialog).toContainText('Saga/Saga #055 (2018).cbz');
  const series = dialog.getByLabel('Series', { exact: true });
  await expect(series).toHaveValue('Saga');
  const save = dialog.getByRole('button', { name: 'Save' });
  await expect(save).toBeDisabled();
  // A malformed year blocks Save until fixed.
  await dialog.getByLabel('Year', { exact: true }).fill('18');
  await series.fill('Saga Deluxe');
  await expect(save).toBeDisabled();
  await dialog.getByLabel('Year', { exact: true }).fill('2018');
  await save.click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('article', { name: 'Edit metadata of 1 file' })).toContainText('Completed');
  await expect(row).toContainText('Saga Deluxe');
  const summary = await readArchiveSummary(join(library, 'Saga', 'Saga #055 (2018).cbz'));
  const values = getValues(parseComicInfo(summary.comicInfoXml!));
  // Only the changed field was sent: everything else is as it was.
  expect(values).toMatchObject({ Series: 'Saga Deluxe', Number: '55', Year: '2018', Publisher: 'Image', Title: 'Chapter Fifty-Five' });

  // Enter on the list's cursor row opens the panel too, showing the new value.
  await row.click();
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Series', { exact: true })).toHaveValue('Saga Deluxe');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('batch edit sets a shared field on the selected files only', async ({ page, longbox }) => {
  const library = await longbox.library('Comics');
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await page.getByRole('searchbox', { name: 'Search files' }).fill('chainsaw');
  await grid.getByRole('row').filter({ hasText: 'Chainsaw Man v01 c001.cbz' }).click();
  await grid.getByRole('row').filter({ hasText: 'Chainsaw Man v01 c002.CBZ' }).click({ modifiers: ['Control'] });
  await page.getByRole('button', { name: 'Edit metadata…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit metadata' });
  await dialog.getByLabel('Publisher', { exact: true }).fill('Shueisha');
  await dialog.getByLabel('Manga', { exact: true }).selectOption('YesAndRightToLeft');
  await dialog.getByRole('button', { name: 'Apply to 2 files' }).click();
  await expect(page.getByRole('article', { name: 'Edit metadata of 2 files' })).toContainText('Completed');
  for (const name of ['Chainsaw Man v01 c001.cbz', 'Chainsaw Man v01 c002.CBZ']) {
    const values = getValues(parseComicInfo((await readArchiveSummary(join(library, 'Chainsaw Man', name))).comicInfoXml!));
    expect(values).toMatchObject({ Publisher: 'Shueisha', Manga: 'YesAndRightToLeft' });
    expect(values).not.toHaveProperty('Series');
  }
  const untouched = await readArchiveSummary(join(library, 'Chainsaw Man', 'Chainsaw Man v01 c003.cbz'));
  expect(getValues(parseComicInfo(untouched.comicInfoXml!))).not.toHaveProperty('Publisher');
});
