// Reading the queue as a person sees it: a row by its file name, the phases it went through.
import type { Locator, Page } from 'playwright';

export function row(page: Page, fileName: string): Locator {
  return page.getByTestId('job-row').filter({ has: page.getByText(fileName, { exact: true }) });
}

/** Starts remembering every phase label any row shows from now on. */
export async function recordPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    (globalThis as unknown as { __phases: Set<string> }).__phases = seen;
    const collect = () => {
      for (const node of document.querySelectorAll('[data-testid="job-phase"]'))
        seen.add(node.textContent ?? '');
    };
    collect();
    new MutationObserver(collect).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

export async function seenPhases(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(globalThis as unknown as { __phases: Set<string> }).__phases]);
}
