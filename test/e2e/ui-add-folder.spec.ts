import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { expectNoSeriousA11yViolations } from './a11y.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

// Enough archives that the first scan reads them in several batches (64 per pool message).
const FILES: SampleFile[] = Array.from({ length: 400 }, (_, i) => ({
  relPath: `Series ${i % 8}/Series ${i % 8} ch${Math.floor(i / 8) + 1}.cbz`,
  pages: 1,
}));

for (const size of VIEWPORTS) {
  test(`a typed folder: relative refused, confirmed with its archive count, first scan shown as progress (${size.name})`, async ({ page, longbox }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size.viewport);
    const library = await longbox.library('Library', FILES);
    const serve = await longbox.serve();
    await page.goto(serve.url);
    if (size.name === 'phone') await page.getByRole('button', { name: 'Folders', exact: true }).click();
    const input = page.getByLabel('Folder path');
    const add = page.getByRole('button', { name: 'Add folder' });
    const grid = page.getByRole('grid', { name: 'Files' });
    const folders = page.getByRole('region', { name: 'Library folders' });

    // Relative: refused in the window, before anything reaches the server's working directory.
    await input.fill('Library');
    await add.click();
    await expect(page.getByRole('alert').filter({ hasText: 'is relative' })).toContainText("Type the folder's full path");
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    // Absolute but missing: main's answer, in words.
    await input.fill(`${library}-missing`);
    await add.click();
    await expect(page.getByRole('alert').filter({ hasText: 'not found' })).toBeVisible();

    // Confirmation names the resolved folder and how many archives it holds; Cancel adds nothing.
    await input.fill(library);
    await add.click();
    const confirm = page.getByRole('dialog', { name: `Add ${library}?` });
    await expect(confirm).toContainText(`${FILES.length} comic archives`);
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expectNoSeriousA11yViolations(page, `add-folder confirmation (${size.name})`);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    // Only the empty folder `serve` was started with.
    await expect(folders.getByRole('listitem')).toHaveCount(1);
    await expect(grid).toHaveAttribute('aria-rowcount', '0');

    // Every state the scan's progress bar shows is recorded as it renders, so a fast scan still
    // leaves its trace (the bar goes away when the add returns).
    // (A string: the e2e code is typechecked without the DOM library.)
    await page.evaluate(`{
      const seen = (window.scanSeen = []);
      new MutationObserver(() => {
        const text = document.querySelector('[role="progressbar"][aria-label^="Scanning "]')?.getAttribute('aria-valuetext');
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }`);
    await add.click();
    await confirm.getByRole('button', { name: 'Add folder' }).click();
    await expect(grid).toHaveAttribute('aria-rowcount', String(FILES.length), { timeout: 60_000 });
    await expect(folders.getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('progressbar', { name: /^Scanning / })).toBeHidden();
    const seen = await page.evaluate<string[]>('window.scanSeen');
    expect(seen[0]).toBe('Listing files…');
    expect(seen).toContain(`100% (Read ${FILES.length} of ${FILES.length} archives)`);

    // The same folder again: refused before any confirmation.
    await input.fill(library);
    await add.click();
    await expect(page.getByRole('alert').filter({ hasText: 'already in the library' })).toBeVisible();
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
}
