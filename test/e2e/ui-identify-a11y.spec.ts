import { join } from 'node:path';
import { FAKE_API_KEY, startFakeProviders } from '../helpers/fake-providers/fake-provider-server.ts';
import { STANDARD_FILES, writeLibrary } from '../helpers/fake-providers/identify-library.ts';
import { expectNoSeriousA11yViolations } from './a11y.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

for (const size of VIEWPORTS) {
  test(`the identify view and its review queue: axe in both themes, usable at ${size.viewport.width}×${size.viewport.height} (${size.name})`, async ({ page, longbox, workDir }) => {
    test.setTimeout(180_000);
    const server = await startFakeProviders();
    // `longbox serve` inherits the environment: the providers' API roots point at the fake server.
    process.env.LONGBOX_COMICVINE_URL = server.urls.comicvine;
    process.env.LONGBOX_ANILIST_URL = server.urls.anilist;
    try {
      await page.setViewportSize(size.viewport);
      const library = join(workDir, 'Comics');
      writeLibrary(library, STANDARD_FILES.filter((f) => f.rel.startsWith('Batman/')));
      const serve = await longbox.serve(library);
      await page.goto(serve.url);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Identify', exact: true }).click();
      await expectNoSeriousA11yViolations(page, `identify view, empty (${size.name})`);

      await page.getByLabel('Comic Vine API key').fill(FAKE_API_KEY);
      await page.getByRole('button', { name: 'Save Comic Vine key' }).click();
      await expect(page.getByText('Comic Vine — configured')).toBeVisible();
      await page.getByRole('button', { name: 'Identify all files' }).click();
      // Comic Vine's budget spaces requests ≥ 1 s apart: this job takes a few seconds by design.
      await expect(page.getByRole('article', { name: 'Identify all files online' })).toContainText('Completed', { timeout: 30_000 });
      const review = page.getByRole('article', { name: 'Review Batman/Batman 001.cbz' });
      const candidate = review.getByRole('listitem', { name: 'Batman #1 (2016) from Comic Vine' });
      await expect(candidate.getByRole('img', { name: 'Cover of Batman #1 (2016)' })).toBeVisible();

      for (const theme of ['light', 'dark'] as const) {
        await page.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
        await expectNoSeriousA11yViolations(page, `identify review queue (${theme}, ${size.name})`, { contrastOnly: theme === 'dark' });
      }

      // Nothing spills sideways; the covers and the Choose button are on screen.
      expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(size.viewport.width);
      for (const target of [review.getByRole('img', { name: 'Cover of Batman 001.cbz' }), candidate.getByRole('button', { name: 'Choose' })]) {
        await target.scrollIntoViewIfNeeded();
        const box = (await target.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(size.viewport.width);
      }
      await candidate.getByRole('button', { name: 'Choose' }).click();
      await expect(page.getByRole('article', { name: 'Apply identification to 1 selected file' })).toContainText('Completed', { timeout: 30_000 });
      await expect(page.getByText('Nothing to review.')).toBeVisible();
    } finally {
      delete process.env.LONGBOX_COMICVINE_URL;
      delete process.env.LONGBOX_ANILIST_URL;
      await server.close();
    }
  });
}
