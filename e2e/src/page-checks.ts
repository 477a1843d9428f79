import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A/AA and best practice). */
export const seriousViolations = async (page: Page): Promise<AxeViolation[]> => {
  if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.addScriptTag({ content: axeSource });
  // Browser-side code as text: this package is type-checked without the DOM library.
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  })()`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

/** How far the page is wider than the window (0 when nothing overflows sideways). */
export const horizontalOverflow = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

/** Waits until nothing on the page says "Loading…" (the SSE stream never idles, so network idle is no signal). */
export const settle = async (page: Page): Promise<void> => {
  await page.waitForFunction(`!document.body.innerText.includes('Loading')`, undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(200);
};
