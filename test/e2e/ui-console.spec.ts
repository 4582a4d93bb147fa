import { expect, test } from './serve-fixture.ts';

// A CSP violation, a failed request or an uncaught error shows up in the console first.
test('every view loads without console errors, CSP violations or failed requests', async ({ page, longbox }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  const serve = await longbox.serve(await longbox.library('Comics'));
  await page.goto(serve.url);
  await expect(page.getByRole('grid', { name: 'Files' })).toHaveAttribute('aria-rowcount', '20');
  await page.getByRole('searchbox', { name: 'Search files' }).fill('saga');
  await page.getByRole('row').filter({ hasText: 'Saga #055' }).dblclick();
  // The list's thumbnails are images too: the cover asked for is the details dialog's.
  const details = page.getByRole('dialog', { name: 'File details' });
  await expect(details.getByRole('img')).toBeVisible();
  await details.getByRole('button', { name: 'Close', exact: true }).click();
  for (const name of ['Job history', 'Settings', 'Log', 'Library']) {
    const button = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
    await button.click();
    await expect(button).toHaveAttribute('aria-current', 'page');
  }
  expect(problems).toEqual([]);
});
