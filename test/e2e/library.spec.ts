import { join } from 'node:path';
import { generateSampleLibrary, SAMPLE_FILES } from '../../src-main/core/demo/sample-library.ts';
import { expect, startLongboxServe, stopLongboxServe, test } from './serve-fixture.ts';

test('adds a folder of generated archives, lists them, and still lists them after a reload', async ({ page, workDir }) => {
  const comics = join(workDir, 'Comics');
  await generateSampleLibrary(comics);
  const serve = await startLongboxServe(workDir, join(workDir, 'empty-library'));
  try {
    await page.goto(serve.url);
    await expect(page.getByRole('heading', { name: 'Library folders' })).toBeVisible();

    await page.getByLabel('Folder path').fill(comics);
    await page.getByRole('button', { name: 'Add folder' }).click();

    const grid = page.getByRole('grid', { name: 'Files' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(SAMPLE_FILES.length));
    await expect(page.getByRole('tab', { name: /Unprocessed/ })).toContainText(String(SAMPLE_FILES.length));
    await expect(grid.getByRole('row').filter({ hasText: 'Saga #055 (2018).cbz' })).toContainText('Unprocessed');

    await page.getByRole('searchbox', { name: 'Search files' }).fill('chainsaw');
    await expect(grid).toHaveAttribute('aria-rowcount', '3');

    await page.reload();
    await expect(grid).toHaveAttribute('aria-rowcount', String(SAMPLE_FILES.length));
    await expect(grid.getByRole('row').filter({ hasText: 'One Piece - Chapter 1001.cbz' })).toBeVisible();
    await expect(page.getByText(comics)).toBeVisible();
  } finally {
    await stopLongboxServe(serve);
  }
});

test('refuses a browser that does not carry the token', async ({ page, workDir }) => {
  const serve = await startLongboxServe(workDir, join(workDir, 'empty-library'));
  try {
    const response = await page.goto(serve.origin + '/');
    expect(response?.status()).toBe(401);
  } finally {
    await stopLongboxServe(serve);
  }
});
