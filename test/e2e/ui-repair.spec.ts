import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArchiveSummary } from '../../src-main/core/archive/inspect-archive.ts';
import { parseComicInfo } from '../../src-main/core/comicinfo/comicinfo-document.ts';
import { getValues } from '../../src-main/core/comicinfo/comicinfo-values.ts';
import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { expectNoSeriousA11yViolations } from './a11y.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

// Two archives whose ComicInfo.xml does not parse: a misspelt closing tag (line 5), and a
// document cut off before its end.
const BROKEN_TAG = '<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo>\n  <Series>Saga</Series>\n  <Number>12</Number>\n  <Title>Chapter Twelve</Titel>\n  <Notes>kept</Notes>\n</ComicInfo>\n';
const CUT_OFF = '<?xml version="1.0" encoding="utf-8"?>\n<ComicInfo>\n  <Series>Sag';
const FILES: SampleFile[] = [
  { relPath: 'Saga/Saga #012.cbz', pages: 2, comicInfo: BROKEN_TAG },
  { relPath: 'Saga/Saga #013.cbz', pages: 2, comicInfo: CUT_OFF },
  { relPath: 'Saga/Saga #014.cbz', pages: 2 },
];

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const valuesOf = async (path: string) => getValues(parseComicInfo((await readArchiveSummary(path)).comicInfoXml!));

for (const size of VIEWPORTS) {
  test(`a malformed ComicInfo.xml is repaired in the details dialog: fixed by hand, or replaced from the file name (${size.name})`, async ({ page, longbox }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(size.viewport);
    const library = await longbox.library('Comics', FILES);
    const serve = await longbox.serve(library);
    await page.goto(serve.url);
    const grid = page.getByRole('grid', { name: 'Files' });
    // Click a row, then Enter: the same at both sizes (a phone has no double-click).
    const openDetails = async (name: string) => {
      await grid.getByRole('row').filter({ hasText: name }).click();
      await page.keyboard.press('Enter');
    };
    await expect(grid).toHaveAttribute('aria-rowcount', '3');
    // The index reports both as errors, with the reason in the row.
    await page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^Errors/ }).click();
    await expect(grid).toHaveAttribute('aria-rowcount', '2');

    const twelve = join(library, 'Saga', 'Saga #012.cbz');
    const before = sha(twelve);
    const search = page.getByRole('searchbox', { name: 'Search files' });
    await search.fill('saga 12');
    await expect(grid).toHaveAttribute('aria-rowcount', '1');
    await openDetails('Saga #012.cbz');
    const dialog = page.getByRole('dialog', { name: 'File details' });
    const repair = dialog.getByRole('form', { name: 'Repair ComicInfo.xml' });
    const source = repair.getByLabel('ComicInfo.xml', { exact: true });
    await expect(source).toHaveValue(BROKEN_TAG);
    await expect(repair.getByRole('status')).toContainText('line 5, column');
    await expect(source).toHaveCSS('font-family', /mono/);
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('html').evaluate((html, t) => html.setAttribute('data-theme', t), theme);
      await expectNoSeriousA11yViolations(page, `repair view (${theme}, ${size.name})`, { contrastOnly: theme === 'dark' });
    }

    // Still wrong: main says where, the cursor goes there, and nothing is written.
    await source.fill(BROKEN_TAG.replace('</Titel>', '</Titl>'));
    await repair.getByRole('button', { name: 'Save fixed XML' }).click();
    await expect(repair.getByRole('status')).toContainText("'Titl'");
    await expect(source).toBeFocused();
    await expect(dialog).toBeVisible();
    expect(sha(twelve)).toBe(before);

    // Fixed: written by an edit job; every other element kept; the file is healthy again.
    await source.fill(BROKEN_TAG.replace('</Titel>', '</Title>'));
    await repair.getByRole('button', { name: 'Save fixed XML' }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => sha(twelve), { timeout: 30_000 }).not.toBe(before);
    expect(await valuesOf(twelve)).toMatchObject({ Series: 'Saga', Number: '12', Title: 'Chapter Twelve', Notes: 'kept' });
    await search.fill('');
    await expect(grid).toHaveAttribute('aria-rowcount', '1');

    // Replaced with what the file name says, after a confirmation.
    await openDetails('Saga #013.cbz');
    await expect(repair.getByRole('status')).toContainText('not well-formed');
    await repair.getByRole('button', { name: 'Replace with values from the file name…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Replace the ComicInfo.xml of Saga #013.cbz?' });
    await expect(confirm).toContainText('Series Saga, Number 13');
    await confirm.getByRole('button', { name: 'Replace ComicInfo.xml' }).click();
    await expect(dialog).toBeHidden();
    const thirteen = join(library, 'Saga', 'Saga #013.cbz');
    await expect.poll(async () => (await valuesOf(thirteen).catch(() => null))?.Number ?? null, { timeout: 30_000 }).toBe('13');
    expect(await valuesOf(thirteen)).toMatchObject({ Series: 'Saga', Number: '13' });
    await expect(page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^Errors/ })).toHaveText('Errors 0');

    // The repaired file opens in the ordinary editor now.
    await page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^All/ }).click();
    await search.fill('saga 12');
    await openDetails('Saga #012.cbz');
    await expect(dialog.getByLabel('Title', { exact: true })).toHaveValue('Chapter Twelve');
  });
}
