import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.js';

const require = createRequire(import.meta.url);
/** swagger-ui-dist's files, from node_modules: the docs page needs no network. */
const DIST: string = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

// No inline script: the CSP allows scripts from our origin only, so the initialiser is a file too.
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guildhall API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout', validatorUrl: null });`;

/** The document's header: title, version, what every operation says about access. */
export const docConfig = (publicUrl: string) => ({
  openapi: '3.1.0',
  info: {
    title: 'Guildhall API',
    version: '1.0.0',
    description:
      'The dashboard\'s API, open to third parties with API tokens. Errors are always `{ "error": { "code", "reason", "field"?, "details"? } }`. ' +
      'Every operation states who may call it (`x-guildhall-access`: public, signed-in, or a level in the guild and the token scope).',
  },
  servers: [{ url: publicUrl }],
});

/** The OpenAPI 3.1 document of an app (what `GET /api/openapi.json` answers). */
export const openApiDocument = (app: OpenAPIHono<AppEnv>, publicUrl: string) => app.getOpenAPI31Document(docConfig(publicUrl));

/**
 * `GET /api/openapi.json` (OpenAPI 3.1, public) and `GET /api/docs`: Swagger UI served from the
 * swagger-ui-dist package, offline. Mounted on the root app so the document sees every area.
 */
export const registerDocs = (app: OpenAPIHono<AppEnv>, publicUrl: string): void => {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'gh_session', description: 'The dashboard session (Log in with Discord); mutating calls also need the x-guildhall-csrf header' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token an admin made in the dashboard (Access page): `Authorization: Bearer gh_...`' });
  app.doc31('/api/openapi.json', docConfig(publicUrl));
  const cached = new Map<string, string>();
  app.get('/api/docs', (c) => c.html(PAGE));
  app.get('/api/docs/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/api/docs/:file', (c) => {
    const file = c.req.param('file');
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return c.notFound();
    let body = cached.get(file);
    if (body === undefined) cached.set(file, (body = readFileSync(join(DIST, file), 'utf8')));
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
  });
};
