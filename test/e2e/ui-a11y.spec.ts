import { expectNoSeriousA11yViolations } from './a11y.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

const VIEWS = ['Library', 'Job history', 'Settings', 'Log'] as const;

for (const size of VIEWPORTS) {
  test(`axe finds no serious or critical violation on any view or dialog, light and dark (${size.name})`, async ({ page, longbox }) => {
    // Fourteen axe passes (all rules in light; contrast again in dark) on a loaded machine.
    test.setTimeout(360_000);
    await page.setViewportSize(size.viewport);
    const serve = await longbox.serve(await longbox.library('Comics'));
    await page.goto(serve.url);
    const grid = page.getByRole('grid', { name: 'Files' });
    await expect(grid).toHaveAttribute('aria-rowcount', '20');
    // One finished job, so the jobs panel and the history have content to check.
    await page.getByRole('button', { name: 'Normalize…' }).click();
    await page.getByRole('dialog', { name: 'Normalize files' }).getByRole('radio', { name: /All files/ }).check();
    await page.getByRole('dialog', { name: 'Normalize files' }).getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('article', { name: 'Normalize all files' })).toContainText('Completed');

    for (const theme of ['light', 'dark'] as const) {
      // The same switch the settings store flips (data-theme on <html>).
      await page.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
      for (const view of VIEWS) {
        await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true }).click();
        if (view === 'Job history') await page.getByRole('navigation', { name: 'Jobs' }).getByRole('button', { name: /Normalize all files/ }).click();
        if (view === 'Log') await expect(page.getByRole('region', { name: 'Log' })).toBeVisible();
        await expectNoSeriousA11yViolations(page, `${view} (${theme}, ${size.name})`, { contrastOnly: theme === 'dark' });
      }
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library', exact: true }).click();
      // The grid and the dialogs lay out alike at both sizes; checked once, to keep the suite short.
      if (size.name === 'phone') continue;
      await page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Grid' }).click();
      await expect(page.getByRole('img', { name: /^Cover of / }).first()).toBeVisible();
      await expectNoSeriousA11yViolations(page, `grid (${theme}, ${size.name})`, { contrastOnly: theme === 'dark' });
      await page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'List' }).click();

      await page.getByRole('button', { name: 'Process…' }).click();
      await expect(page.getByRole('dialog', { name: 'Process files' }).getByRole('table')).toBeVisible({ timeout: 30_000 });
      await expectNoSeriousA11yViolations(page, `process dialog (${theme}, ${size.name})`, { contrastOnly: theme === 'dark' });
      await page.keyboard.press('Escape');

      await page.getByRole('searchbox', { name: 'Search files' }).fill('saga 55');
      await grid.getByRole('row').filter({ hasText: 'Saga #055' }).dblclick();
      await expect(page.getByRole('dialog', { name: 'File details' }).getByLabel('Series', { exact: true })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `details dialog (${theme}, ${size.name})`, { contrastOnly: theme === 'dark' });
      await page.keyboard.press('Escape');
      await page.getByRole('searchbox', { name: 'Search files' }).fill('');
    }
  });
}

test('phone: drawer sidebar, reachable operations, full-screen dialogs, process with preview', async ({ page, longbox }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const comics = await longbox.library('Comics');
  const serve = await longbox.serve();
  await page.goto(serve.url);
  // The folders panel is a drawer: hidden until asked for, then over the list.
  const folders = page.getByRole('button', { name: 'Folders', exact: true });
  await expect(page.getByLabel('Folder path')).toBeHidden();
  await folders.click();
  await expect(folders).toHaveAttribute('aria-expanded', 'true');
  await page.getByLabel('Folder path').fill(comics);
  await page.getByRole('button', { name: 'Add folder' }).click();
  await page.getByRole('dialog', { name: `Add ${comics}?` }).getByRole('button', { name: 'Add folder' }).click();
  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', '20', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Close folders' }).click();
  await expect(page.getByLabel('Folder path')).toBeHidden();
  await expect(folders).toBeFocused();

  // Every operation button is on screen and the toolbar wraps inside the width.
  for (const name of ['Process…', 'Rename…', 'Normalize…']) {
    const box = (await page.getByRole('button', { name }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  const box = (await dialog.boundingBox())!;
  expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
  await dialog.getByRole('radio', { name: /Unprocessed files/ }).check();
  await expect(dialog.getByText('→ Saga/Saga - Chapter 0055.cbz')).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: 'Process unprocessed files' })).toContainText('Completed');
  await expect(page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^Processed/ })).not.toHaveText('Processed 0');
});
