import { fileURLToPath } from 'node:url';
import { expect, test } from './serve-fixture.ts';

const assets = fileURLToPath(new URL('../../assets/', import.meta.url));

// Regenerates the README's screenshots from the demo library; run on demand:
//   LONGBOX_SCREENSHOTS=1 npx playwright test test/e2e/readme-screenshots.spec.ts
test.skip(!process.env.LONGBOX_SCREENSHOTS, 'screenshots are regenerated on demand');

test('README screenshots: light, dark, grid, phone, job, preview, details, settings', async ({ page, longbox }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 860 });
  const serve = await longbox.serve(await longbox.library('Comics'));
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', '20');
  await grid.getByRole('row').filter({ hasText: 'Loose Chapter 7' }).click();
  await grid.getByRole('row').filter({ hasText: 'Oneshot' }).click({ modifiers: ['Shift'] });
  await page.screenshot({ path: `${assets}screenshot-light.png` });

  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await dialog.getByRole('radio', { name: /Unprocessed files/ }).check();
  await expect(dialog.getByRole('table')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: `${assets}screenshot-preview.png` });
  await dialog.getByRole('button', { name: 'Start' }).click();
  // The job while it runs: percent, rate and ETA.
  await expect(page.getByRole('article', { name: 'Process unprocessed files' })).toContainText('files/s', { timeout: 60_000 });
  await page.screenshot({ path: `${assets}screenshot-job.png` });
  await expect(page.getByRole('article', { name: 'Process unprocessed files' })).toContainText('Completed', { timeout: 120_000 });

  await page.locator('html').evaluate((html) => html.setAttribute('data-theme', 'dark'));
  await page.screenshot({ path: `${assets}screenshot-dark.png` });
  await page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Grid' }).click();
  await expect(page.getByRole('img', { name: /^Cover of / }).first()).toBeVisible({ timeout: 30_000 });
  await page.locator('html').evaluate((html) => html.setAttribute('data-theme', 'light'));
  await page.screenshot({ path: `${assets}screenshot-grid.png` });
  await page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'List' }).click();

  await page.getByRole('searchbox', { name: 'Search files' }).fill('saga 55');
  await grid.getByRole('row').filter({ hasText: 'Chapter 0055' }).dblclick();
  await expect(page.getByRole('dialog', { name: 'File details' }).getByRole('img')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: `${assets}screenshot-details.png` });
  await page.keyboard.press('Escape');

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('status', { name: 'Template preview' })).toContainText('→', { timeout: 30_000 });
  await page.screenshot({ path: `${assets}screenshot-settings.png` });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click();
  await page.getByRole('searchbox', { name: 'Search files' }).fill('');
  await expect(grid).toHaveAttribute('aria-rowcount', '20');
  await page.screenshot({ path: `${assets}screenshot-phone.png` });
});
