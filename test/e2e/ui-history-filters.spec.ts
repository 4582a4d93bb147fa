import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { expectNoSeriousA11yViolations } from './a11y.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

// One Process over these ends every way an item can: written and renamed (ch1, one of the two
// chapter-2 files), a duplicate (the other chapter 2 finds its name taken), skipped (no number
// in the name) and failed (a ComicInfo.xml that does not parse).
const FILES: SampleFile[] = [
  { relPath: 'Series A/Series A ch1.cbz', pages: 1 },
  { relPath: 'Series A/Series A ch2.cbz', pages: 1 },
  { relPath: 'Series A/Series A #2.cbz', pages: 1 },
  { relPath: 'Series A/Series A.cbz', pages: 1 },
  { relPath: 'Series A/Series A ch3.cbz', pages: 1, comicInfo: '<ComicInfo><Number>3</Numbr></ComicInfo>' },
];

for (const size of VIEWPORTS) {
  test(`job history filters a job's items: failed, skipped, changed, duplicates (${size.name})`, async ({ page, longbox }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(size.viewport);
    const serve = await longbox.serve(await longbox.library('Library', FILES));
    await page.goto(serve.url);
    await expect(page.getByRole('grid', { name: 'Files' })).toHaveAttribute('aria-rowcount', String(FILES.length));
    await page.getByRole('button', { name: 'Process…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Process files' });
    await dialog.getByRole('radio', { name: /All files/ }).check();
    await expect(dialog.getByText(`${FILES.length} files`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('article', { name: 'Process all files' })).toContainText('Finished with errors');

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Job history' }).click();
    await page.getByRole('navigation', { name: 'Jobs' }).getByRole('button', { name: /Process all files/ }).click();
    const detail = page.getByRole('region', { name: 'Job Process all files' });
    const filters = detail.getByRole('group', { name: 'Show items' });
    const items = detail.getByRole('listitem');
    const show = async (filter: string, count: number) => {
      await filters.getByRole('button', { name: filter, exact: true }).click();
      await expect(filters.getByRole('button', { name: filter, exact: true })).toHaveAttribute('aria-pressed', 'true');
      await expect(filters).toContainText(`${count} shown`);
      await expect(items).toHaveCount(count);
    };

    await show('All', 5);
    await show('Failed', 1);
    await expect(items).toContainText('Series A ch3.cbz');
    // The reason is in the row, as words.
    await expect(items).toContainText('not well-formed');
    await show('Skipped', 2);
    await expect(items.filter({ hasText: 'Series A/Series A.cbz' })).toBeVisible();
    await show('Changed', 2);
    await expect(items.filter({ hasText: 'Series A ch1.cbz' })).toContainText('Done');
    await show('Duplicates', 1);
    await expect(items).toContainText('duplicate of Series A - Chapter 0002.cbz');
    await expectNoSeriousA11yViolations(page, `history filtered to duplicates (${size.name})`);
  });
}
