import { expect, test } from './serve-fixture.ts';
import { handshakeProtocols } from '../../src-shared/contract/ws-handshake.ts';

test('the file-name template previews live, refuses an invalid template, and persists across a reload', async ({ page, longbox }) => {
  const library = await longbox.library('Comics');
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  // The preview uses the selected file.
  await page.getByRole('searchbox', { name: 'Search files' }).fill('saga');
  await page.getByRole('grid', { name: 'Files' }).getByRole('row').filter({ hasText: 'Saga #055 (2018).cbz' }).click();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();

  const template = page.getByLabel('File-name template');
  const preview = page.getByRole('status', { name: 'Template preview' });
  const save = page.getByRole('button', { name: 'Save' });
  await expect(preview).toContainText('Saga - Chapter 0055.cbz');

  await template.fill('{series} #{number:3}< ({year})>');
  await expect(preview).toContainText('Saga #055 (2018).cbz');
  await expect(save).toBeEnabled();

  await template.fill('{series} {bogus}');
  await expect(preview).toContainText('unknown field {bogus}');
  await expect(save).toBeDisabled();

  await template.fill('{series} #{number:3}');
  await expect(preview).toContainText('Saga #055.cbz');
  await page.getByLabel('Theme').selectOption('dark');
  await save.click();
  await expect(save).toBeDisabled();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The dark palette applies whatever the OS prefers (the headless browser prefers light).
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(23, 23, 26)');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('File-name template')).toHaveValue('{series} #{number:3}');
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
});

test('the log view shows the server log', async ({ page, longbox }) => {
  const serve = await longbox.serve();
  await page.goto(serve.url);
  // Something for the log: the server warns about (and drops) a malformed WebSocket message.
  await page.evaluate(
    ({ url, protocols }) => {
      const socket = new WebSocket(url, protocols);
      socket.onopen = () => socket.send('not a message');
    },
    { url: `${serve.origin.replace('http', 'ws')}/ws`, protocols: handshakeProtocols(serve.token) },
  );
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Log' }).click();
  const log = page.getByRole('region', { name: 'Log' });
  await expect(log).toContainText(/longbox\.\d+\.log/);
  await expect(async () => {
    await log.getByRole('button', { name: 'Refresh' }).click();
    await expect(log.getByRole('row').filter({ hasText: 'serve: malformed WebSocket message' })).toContainText('warn', { timeout: 500 });
  }).toPass({ timeout: 10_000 });
});
