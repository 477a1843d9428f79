import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './http/app-env.js';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Guildhall</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto">
<h1>Guildhall API is up; the dashboard is not built</h1>
<p>Build it with <code>npm run build -w @guildhall/ui</code> (or restart <code>npm start</code>, which builds it when <code>ui/dist</code> is missing).</p>`;

/**
 * Serves the built dashboard: hashed assets cached for good, everything else that is not an API
 * route falls back to index.html so client-side routes survive a reload.
 */
export const registerStaticUi = (app: Hono<AppEnv>, uiDist: string | undefined): void => {
  const index = uiDist ? join(uiDist, 'index.html') : undefined;
  if (!uiDist || !index || !existsSync(index)) {
    app.get('*', (c) => (isApiPath(c.req.path) ? c.notFound() : c.html(NOT_BUILT, 503)));
    return;
  }
  app.use(
    '/assets/*',
    serveStatic({
      root: uiDist,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root: uiDist, index: 'index.html' }));
  const html = readFileSync(index, 'utf8');
  app.get('*', (c) => {
    if (isApiPath(c.req.path)) return c.notFound();
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  });
};

const isApiPath = (path: string): boolean => path.startsWith('/api/') || path === '/api' || path.startsWith('/auth/');
