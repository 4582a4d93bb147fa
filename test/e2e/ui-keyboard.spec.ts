import type { SampleFile } from '../../src-main/core/demo/sample-library.ts';
import { focusedDialog, tabTo } from './a11y.ts';
import { expect, test, VIEWPORTS } from './serve-fixture.ts';

// Enough files that a process job is still running when Pause is pressed: on a quiet machine
// 300 were done (2.5 s) before the Tab presses reached the job's Pause button.
const FILES: SampleFile[] = Array.from({ length: 1200 }, (_, i) => ({
  relPath: `Series ${i % 6}/Series ${i % 6} ch${Math.floor(i / 6) + 1}.cbz`,
  pages: 2,
}));

for (const size of VIEWPORTS) {
  test(`keyboard only (${size.name}): add folder, select, process with preview, cancel, undo, edit metadata`, async ({ page, longbox }) => {
    // A 1,200-file job, its cancel and its undo, on a loaded machine: time scales with that work.
    test.setTimeout(420_000);
    await page.setViewportSize(size.viewport);
    const library = await longbox.library('Library', FILES);
    const serve = await longbox.serve();
    await page.goto(serve.url);
    const kb = page.keyboard;

    // Add folder: on a phone the folders drawer opens from its toggle first.
    if (size.name === 'phone') {
      await tabTo(page, page.getByRole('button', { name: 'Folders', exact: true }));
      await kb.press('Enter');
    }
    await tabTo(page, page.getByLabel('Folder path'));
    await kb.type(library);
    await kb.press('Enter');
    // The confirmation names the resolved folder; its safe answer (Cancel) has focus first.
    const addConfirm = page.getByRole('dialog', { name: `Add ${library}?` });
    await expect(addConfirm).toContainText(`${FILES.length} comic archives`);
    await expect(addConfirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await kb.press('Tab');
    await expect(addConfirm.getByRole('button', { name: 'Add folder' })).toBeFocused();
    await kb.press('Enter');
    const grid = page.getByRole('grid', { name: 'Files' });
    await expect(grid).toHaveAttribute('aria-rowcount', String(FILES.length), { timeout: 60_000 });
    if (size.name === 'phone') {
      await kb.press('Escape');
      await expect(page.getByLabel('Folder path')).toBeHidden();
    }

    // Select: the list is one tab stop; arrows move, Space toggles, Shift extends, Ctrl+A takes all.
    const bar = page.getByRole('region', { name: 'Selection' });
    await tabTo(page, grid);
    await kb.press('ArrowDown');
    await kb.press('Space');
    await kb.press('Shift+ArrowDown');
    await kb.press('Shift+ArrowDown');
    await expect(bar).toContainText('3 selected');
    await kb.press('ControlOrMeta+a');
    await expect(bar).toContainText(`${FILES.length} selected`);
    await kb.press('Escape');
    await expect(bar).toContainText('No files selected');
    // Tab leaves the list at once: the rows are not tab stops.
    await kb.press('Tab');
    await expect(grid).not.toBeFocused();

    // Process with preview; focus is trapped in the dialog.
    await tabTo(page, page.getByRole('button', { name: 'Process…' }), { back: true });
    await kb.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Process files' });
    await expect(dialog).toBeVisible();
    await expect.poll(() => focusedDialog(page)).toBe('Process files');
    for (let i = 0; i < 12; i++) {
      await kb.press('Tab');
      expect(await focusedDialog(page)).toBe('Process files');
    }
    // Radios are one stop: Tab reaches the checked one, arrows choose.
    await tabTo(page, dialog.getByRole('radio', { name: /Unprocessed files/ }));
    await kb.press('ArrowUp');
    await expect(dialog.getByRole('radio', { name: /All files/ })).toBeChecked();
    await expect(dialog.getByText('→ Series 0/Series 0 - Chapter 0001.cbz')).toBeVisible({ timeout: 20_000 });
    await tabTo(page, dialog.getByRole('button', { name: 'Start' }));
    await kb.press('Enter');
    await expect(dialog).toBeHidden();
    const progress = page.getByRole('progressbar', { name: /Process all files/ });
    await expect(progress).toHaveAttribute('aria-valuemax', String(FILES.length));

    // Paused at once, so the cancel and the undo below cover only the few files done by then.
    // (Once the job ran on until the cancel, and the undo of however many files a loaded machine
    // had processed meanwhile outran its wait.)
    const job = page.getByRole('article', { name: 'Process all files' });
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    await tabTo(page, job.getByRole('button', { name: 'Pause' }));
    await kb.press('Enter');
    await expect(job).toContainText('Paused', { timeout: 60_000 });

    // Cancel asks first; the safe answer has focus, Escape keeps the job.
    await tabTo(page, job.getByRole('button', { name: 'Cancel' }));
    await kb.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Cancel “Process all files”?' });
    await expect(confirm.getByRole('button', { name: 'Keep' })).toBeFocused();
    await kb.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(job.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await kb.press('Enter');
    await kb.press('Tab');
    await expect(confirm.getByRole('button', { name: 'Cancel job' })).toBeFocused();
    await kb.press('Enter');
    await expect(job).toContainText('Cancelled', { timeout: 60_000 });
    // The undo's work is the files done before the pause: its wait scales with them.
    const processed = Number(/(\d+) \/ \d+/.exec((await job.textContent()) ?? '')?.[1]);
    expect(processed).toBeLessThan(FILES.length);
    // The end is announced to screen readers.
    await expect(page.getByTestId('announcer')).toContainText('Process all files');

    // Undo the finished part.
    // A job seen finishing stays open ("Less"); one line ("Details") opens from the keyboard.
    // (Waiting for "Details" on an open card was the run that once timed out: the locator
    // never resolved, and tabTo waited on it for the rest of the test.)
    const toggle = job.getByRole('button', { name: /^(Details|Less)$/ });
    if ((await toggle.getAttribute('aria-expanded')) === 'false') {
      await tabTo(page, toggle);
      await kb.press('Enter');
    }
    await tabTo(page, job.getByRole('button', { name: 'Undo' }));
    await kb.press('Enter');
    // Keyboard only: the safe answer has focus first, Tab goes on to "Undo job".
    const undoConfirm = page.getByRole('dialog', { name: /^Undo/ });
    await expect(undoConfirm.getByRole('button', { name: 'Keep' })).toBeFocused();
    await kb.press('Tab');
    await expect(undoConfirm.getByRole('button', { name: 'Undo job' })).toBeFocused();
    await kb.press('Enter');
    await expect(page.getByRole('article', { name: 'Undo “Process all files”' })).toContainText('Completed', { timeout: 30_000 + processed * 2_000 });
    await expect(page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: /^Processed/ })).toHaveText('Processed 0');

    // Edit metadata: Enter on the cursor row; Escape with unsaved edits asks; focus comes back.
    await tabTo(page, page.getByRole('searchbox', { name: 'Search files' }));
    await kb.type('series 3 ch199');
    await expect(grid).toHaveAttribute('aria-rowcount', '1');
    await tabTo(page, grid);
    await kb.press('Enter');
    const details = page.getByRole('dialog', { name: 'File details' });
    const series = details.getByLabel('Series', { exact: true });
    await tabTo(page, series);
    await kb.press('ControlOrMeta+a');
    await kb.type('Series Three');
    await kb.press('Escape');
    const discard = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await expect(discard.getByRole('button', { name: 'Keep' })).toBeFocused();
    await kb.press('Enter');
    await expect(series).toHaveValue('Series Three');
    await tabTo(page, details.getByRole('button', { name: 'Save' }));
    await kb.press('Enter');
    await expect(details).toBeHidden();
    await expect(grid).toBeFocused();
    await expect(grid.getByRole('row').filter({ hasText: 'Series 3 ch199.cbz' })).toContainText('Series Three');
  });
}

test('a stopped server shows "reconnecting"; restarted with the same token, the tab comes back by itself', async ({ page, longbox }) => {
  const library = await longbox.library('Comics');
  const serve = await longbox.serve(library);
  await page.goto(serve.url);
  const grid = page.getByRole('grid', { name: 'Files' });
  await expect(grid).toHaveAttribute('aria-rowcount', '20');
  await longbox.stop(serve);
  await expect(page.getByRole('alert').filter({ hasText: 'Disconnected from Longbox — reconnecting' })).toBeVisible();
  const again = await longbox.restart(serve, library);
  expect(again.url).toBe(serve.url);
  await expect(page.getByRole('alert').filter({ hasText: 'Disconnected' })).toBeHidden({ timeout: 30_000 });
  // Resubscribed: a change made now shows up in the open tab.
  await page.getByRole('searchbox', { name: 'Search files' }).fill('saga 55');
  await grid.getByRole('row').filter({ hasText: 'Saga #055' }).click();
  await page.getByRole('button', { name: 'Process…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Process files' });
  await expect(dialog.getByRole('radio', { name: /Selected files \(1\)/ })).toBeChecked();
  await expect(dialog.getByText('1 files')).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('article', { name: /Process 1 selected file/ })).toContainText('Completed');
});
