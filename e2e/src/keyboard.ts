import type { Page } from 'playwright-core';

// page.evaluate takes browser-side code as text: this package is type-checked without the DOM library.

/** Presses Tab (as a person would) until the focused element matches `selector`; fails after `max` presses. */
export const tabTo = async (page: Page, selector: string, max = 60): Promise<void> => {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
};

/** What has focus, as "tag: text" (for assertions about where focus went). */
export const focused = (page: Page): Promise<string> =>
  page.evaluate<string>(`(() => {
    const el = document.activeElement;
    return el ? el.tagName.toLowerCase() + ': ' + (el.textContent ?? '').trim().slice(0, 80) : 'none';
  })()`);
