import { expect, test } from './serve-fixture.ts';

test('the page takes the token from the URL once, strips it, and keeps working after a reload', async ({ page, longbox }) => {
  const serve = await longbox.serve();
  const urls: string[] = [];
  let sockets = 0;
  page.on('request', (request) => urls.push(request.url()));
  page.on('websocket', (ws) => {
    expect(ws.url()).not.toContain(serve.token);
    sockets++;
  });
  await page.goto(serve.url);
  await expect(page.getByRole('heading', { name: 'Library folders' })).toBeVisible();
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Library folders' })).toBeVisible();
  await expect(page.getByLabel('Folder path')).toBeEnabled();
  // Only the first navigation carried the token; the reload, scripts and styles did not.
  expect(urls.filter((url) => url.includes(serve.token))).toEqual([serve.url]);
  expect(sockets).toBeGreaterThanOrEqual(2);
});

test('a browser without the token gets the page but not the WebSocket', async ({ page, longbox }) => {
  const serve = await longbox.serve();
  const refused = page.waitForEvent('websocket').then((ws) => ws.waitForEvent('socketerror'));
  const response = await page.goto(`${serve.origin}/`);
  expect(response?.status()).toBe(200);
  expect(await response?.text()).not.toContain(serve.token);
  await refused;
});
