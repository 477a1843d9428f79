import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

/**
 * The API serves the dashboard under a CSP without inline script or eval (gateway/http's
 * security-headers middleware). A browser would refuse an inline <script> silently, so hold the
 * HTML files to it here: every script comes from a file of ours.
 */
describe('the dashboard works under the strict CSP', () => {
  const htmlFiles = ['index.html', ...readdirSync(new URL('public/', root)).filter((f) => f.endsWith('.html')).map((f) => `public/${f}`)];

  it.each(htmlFiles)('%s has no inline script and no inline event handler', (file) => {
    const html = readFileSync(new URL(file, root), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    for (const [, attrs, body] of scripts) {
      expect(attrs, `${file}: a <script> without src`).toMatch(/\bsrc=/);
      expect(body!.trim(), `${file}: a <script src> with inline content`).toBe('');
    }
    expect(html, `${file}: an inline on*= handler`).not.toMatch(/\son[a-z]+\s*=\s*["']/i);
  });
});
