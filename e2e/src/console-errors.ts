import type { Page } from 'playwright-core';

export type ErrorWatch = Readonly<{
  /** The dashboard's origin: console errors of other origins (the sandbox's sign-in page) are not ours. */
  base: string;
  /** Where each error goes, as "<kind> <page url>: <text>". */
  sink: string[];
  /** Whether console errors count now (e.g. not before sign-in, where /api/me answers 401 by design). Page errors always count. */
  counting?: () => boolean;
  /** A refusal the test asks for on purpose (the browser logs every 4xx response as a console error). */
  expected?: (text: string, resourceUrl: string) => boolean;
}>;

/** Records every uncaught page error and every console error on our origin ("no console error anywhere"). */
export const watchErrors = (p: Page, w: ErrorWatch): void => {
  p.on('pageerror', (e) => w.sink.push(`pageerror ${p.url()}: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() !== 'error' || !p.url().startsWith(w.base) || !(w.counting?.() ?? true)) return;
    if (w.expected?.(m.text(), m.location().url)) return;
    w.sink.push(`console ${p.url()}: ${m.text()} (${m.location().url})`);
  });
};
