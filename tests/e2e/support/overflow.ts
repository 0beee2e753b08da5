// Text that does not fit its box, as a person would see it: drawn past the element's edge, or
// cut off by an element that hides overflow. Checked for every element with its own text.
import type { Page } from 'playwright';

export async function overflowingText(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const problems: string[] = [];
    const root = document.querySelector(selector);
    if (!root) return [`nothing matches ${selector}`];
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).trim().replace(/\s+/g, '.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    for (const element of [root, ...root.querySelectorAll('*')]) {
      // Screen-reader-only text is clipped on purpose; options are drawn by the OS menu.
      if (element.closest('.visually-hidden, option, script, style')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const texts = [...element.childNodes].filter(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
      );
      if (texts.length === 0) continue;
      const style = getComputedStyle(element);
      const clips = style.overflowX === 'hidden' || style.overflowX === 'clip';
      if (clips && element.scrollWidth > element.clientWidth + 1) {
        problems.push(
          `${describe(element)} is cut off: ${element.scrollWidth}px of text in ${element.clientWidth}px`,
        );
        continue;
      }
      for (const text of texts) {
        const range = document.createRange();
        range.selectNodeContents(text);
        const drawn = range.getBoundingClientRect();
        if (drawn.right > box.right + 1 || drawn.left < box.left - 1) {
          problems.push(
            `${describe(element)} spills out: text ${Math.round(drawn.left)}..${Math.round(drawn.right)}, box ${Math.round(box.left)}..${Math.round(box.right)}`,
          );
        }
      }
    }
    // Nothing may make the page itself wider than the window.
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1)
      problems.push(`the page is ${page.scrollWidth}px wide in ${page.clientWidth}px`);
    return problems;
  }, within);
}
