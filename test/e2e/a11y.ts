import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * axe-core over the page as it is now: no serious or critical WCAG 2 A/AA violation. Only
 * violations are collected (the passes are most of axe's time); `contrastOnly` runs just the
 * colour-contrast rule, the one a theme switch can change.
 */
export async function expectNoSeriousA11yViolations(page: Page, where: string, { contrastOnly = false } = {}): Promise<void> {
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  const { violations } = await (contrastOnly ? builder.withRules(['color-contrast']) : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(serious).toEqual([]);
}

/** Presses Tab (Shift+Tab with `back`) until `target` has focus: the keyboard-only way there. */
export async function tabTo(page: Page, target: Locator, { back = false, max = 60 } = {}): Promise<void> {
  // A target that may still be loading is waited for, within an assertion's timeout: never, as
  // a bare `evaluate` would, for the rest of the test when it does not come.
  await expect(target).toBeAttached({ timeout: 15_000 });
  for (let i = 0; i < max; i++) {
    // A target that goes away meanwhile (a job that finished, and its Pause button with it) fails
    // here, not at the end of the test's time.
    const focused = await target.evaluate((el) => el === el.ownerDocument.activeElement, undefined, { timeout: 15_000 }).catch(() => null);
    if (focused === null) throw new Error(`${String(target)} went away before Tab reached it`);
    if (focused) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Which dialog (by accessible name) holds the focus, or null. */
export function focusedDialog(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(`document.activeElement?.closest('[role="dialog"]')?.getAttribute('aria-label') ?? null`);
}
