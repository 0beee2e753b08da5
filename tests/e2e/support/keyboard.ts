// Moving through the window with Tab only, as a keyboard user does.
import type { Locator, Page } from 'playwright';

/** Presses Tab until `target` has focus; fails if it is not reachable within `limit` presses. */
export async function tabTo(page: Page, target: Locator, limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}

/** The focused element shows a visible focus ring (an outline, via :focus-visible). */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    return (
      element.matches(':focus-visible') &&
      style.outlineStyle !== 'none' &&
      Number.parseFloat(style.outlineWidth) >= 2
    );
  });
}
