import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { tabTo } from './a11y.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

const FILES: SampleFile[] = Array.from({ length: 12 }, (_, i) => ({
  relPath: `Series ${i % 3}/Series ${i % 3} ch${Math.floor(i / 3) + 1}.cbz`,
  pages: 1,
}));

for (const size of VIEWPORTS) {
  test(`folder headers fold and select their folder from the keyboard (${size.name})`, async ({ page, longbox }) => {
    await page.setViewportSize(size.viewport);
    const serve = await longbox.serve(await longbox.library('Library', FILES));
    await page.goto(serve.url);
    const kb = page.keyboard;
    const grid = page.getByRole('grid', { name: 'Files' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(FILES.length));
    const rows = (folder: string) => grid.getByRole('row').filter({ hasText: `${folder} ch` });
    await expect(rows('Series 0')).toHaveCount(4);

    // From the list (one tab stop for the rows), Tab reaches the first header's fold button.
    await tabTo(page, grid);
    await kb.press('Tab');
    const fold = grid.getByRole('button', { name: 'Fold Series 0' });
    await expect(fold).toBeFocused();
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await kb.press('Enter');
    await expect(fold).toHaveAttribute('aria-expanded', 'false');
    await expect(rows('Series 0')).toHaveCount(0);
    await expect(rows('Series 1')).toHaveCount(4);
    await kb.press('Space');
    await expect(fold).toHaveAttribute('aria-expanded', 'true');
    await expect(rows('Series 0')).toHaveCount(4);

    // Next stop: the folder's select box; Space selects the whole folder, again clears it.
    await kb.press('Tab');
    const box = grid.getByRole('checkbox', { name: 'Select folder Series 0' });
    await expect(box).toBeFocused();
    await kb.press('Space');
    const bar = page.getByRole('region', { name: 'Selection' });
    await expect(bar).toContainText('4 selected');
    await expect(box).toBeChecked();
    await kb.press('Space');
    await expect(bar).toContainText('No files selected');
  });
}
