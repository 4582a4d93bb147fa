import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

// More matches than a search counts at first (1,000): the view says "1000+" until it knows.
const COUNT = 1150;
const FILES: SampleFile[] = Array.from({ length: COUNT }, (_, i) => ({ relPath: `Part ${i % 3}/Chapter ${i + 1}.cbz`, pages: 1 }));

for (const size of VIEWPORTS) {
  test(`a search matching more than it counts shows a lower bound, scrolls to its end and selects every match (${size.name})`, async ({ page, longbox }) => {
    await page.setViewportSize(size.viewport);
    const serve = await longbox.serve(await longbox.library('Big', FILES));
    await page.goto(serve.url);
    const grid = page.getByRole('grid', { name: 'Files' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT));
    await page.getByRole('checkbox', { name: 'Group by folder' }).uncheck();

    await page.getByRole('searchbox', { name: 'Search files' }).fill('chapter');
    const all = page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^All/ });
    await expect(all).toHaveText('All 1000+');
    await expect(page.getByRole('button', { name: 'Select all 1000+ matching' })).toBeVisible();
    // An unknown row count, as ARIA writes it.
    await expect(grid).toHaveAttribute('aria-rowcount', '-1');

    // End goes to the last row known; the pages there count further, until the real end.
    const last = grid.getByRole('row').filter({ hasText: `Chapter ${COUNT}.cbz` });
    await grid.focus();
    await expect(async () => {
      await page.keyboard.press('End');
      await expect(last).toBeVisible({ timeout: 1000 });
    }).toPass();
    await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT));
    await expect(all).toHaveText(`All ${COUNT}`);

    await page.getByRole('button', { name: `Select all ${COUNT} matching` }).click();
    await expect(page.getByRole('region', { name: 'Selection' }).getByRole('status')).toHaveText(`${COUNT} selected`);
  });
}
