import { join } from 'node:path';
import { readArchiveSummary } from '../../src-main/core/archive/inspect-archive.ts';
import { parseComicInfo } from '../../src-main/core/comicinfo/comicinfo-document.ts';
import { getValues } from '../../src-main/core/comicinfo/comicinfo-values.ts';
import { FAKE_API_KEY, startFakeProviders } from '../helpers/fake-providers/fake-provider-server.ts';
import { STANDARD_FILES, writeLibrary } from '../helpers/fake-providers/identify-library.ts';
import { expect, test } from './serve-fixture.ts';

test('the review queue chooses a candidate; the file metadata and the job history show it', async ({ page, longbox, workDir }) => {
  test.setTimeout(120_000);
  const server = await startFakeProviders();
  // `longbox serve` inherits the environment: the providers' API roots point at the fake server.
  // The key is typed into the settings form, as a user would.
  process.env.LONGBOX_COMICVINE_URL = server.urls.comicvine;
  process.env.LONGBOX_ANILIST_URL = server.urls.anilist;
  try {
    const library = join(workDir, 'Comics');
    writeLibrary(library, STANDARD_FILES.filter((f) => f.rel.startsWith('Batman/')));
    const serve = await longbox.serve(library);
    await page.goto(serve.url);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Identify', exact: true }).click();

    await page.getByLabel('Comic Vine API key').fill(FAKE_API_KEY);
    await page.getByRole('button', { name: 'Save Comic Vine key' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Comic Vine key saved.' })).toBeVisible();
    await expect(page.getByText('Comic Vine — configured')).toBeVisible();
    // The key is never shown back.
    await expect(page.getByLabel('Comic Vine API key')).toHaveValue('');

    await page.getByRole('button', { name: 'Identify all files' }).click();
    // Comic Vine's budget spaces requests ≥ 1 s apart: this job takes a few seconds by design.
    const budgeted = { timeout: 30_000 };
    await expect(page.getByRole('article', { name: 'Identify all files online' })).toContainText('Completed', budgeted);

    // Two Batman #1 of the same name and no year: neither is clear, so the file waits for a human.
    const review = page.getByRole('article', { name: 'Review Batman/Batman 001.cbz' });
    await expect(review.getByRole('img', { name: 'Cover of Batman 001.cbz' })).toBeVisible();
    const candidate = review.getByRole('listitem', { name: 'Batman #1 (2016) from Comic Vine' });
    await expect(candidate.getByRole('img', { name: 'Cover of Batman #1 (2016)' })).toBeVisible();
    await expect(candidate).toContainText('Score');
    await expect(review.getByRole('listitem', { name: 'Batman #1 (2011) from Comic Vine' })).toBeVisible();

    await candidate.getByRole('button', { name: 'Choose' }).click();
    await expect(page.getByRole('article', { name: 'Apply identification to 1 selected file' })).toContainText('Completed', budgeted);
    await expect(page.getByText('Nothing to review.')).toBeVisible();

    const summary = await readArchiveSummary(join(library, 'Batman', 'Batman 001.cbz'));
    expect(getValues(parseComicInfo(summary.comicInfoXml!))).toMatchObject({
      Series: 'Batman',
      Number: '1',
      Volume: '2016',
      Title: 'I Am Gotham',
      Writer: 'Tom King',
      Web: 'https://comicvine.gamespot.com/batman-1/4000-7002/',
    });

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Job history', exact: true }).click();
    await page.getByRole('navigation', { name: 'Jobs' }).getByRole('button', { name: /Apply identification to 1 selected file/ }).click();
    const detail = page.getByRole('region', { name: 'Job Apply identification to 1 selected file' });
    const item = detail.getByRole('listitem').filter({ hasText: 'Batman/Batman 001.cbz' });
    await expect(item).toContainText('Title: — → I Am Gotham');
    await expect(item).toContainText('identify:applied provider=comicvine id=7002');

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByRole('grid', { name: 'Files' }).getByRole('row').filter({ hasText: 'Batman 001.cbz' }).dblclick();
    await expect(page.getByRole('dialog', { name: 'File details' }).getByLabel('Title', { exact: true })).toHaveValue('I Am Gotham');
  } finally {
    delete process.env.LONGBOX_COMICVINE_URL;
    delete process.env.LONGBOX_ANILIST_URL;
    await server.close();
  }
});
