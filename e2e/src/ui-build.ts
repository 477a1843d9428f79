import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const uiDir = fileURLToPath(new URL('../../ui', import.meta.url));
export const uiDist = fileURLToPath(new URL('../../ui/dist', import.meta.url));

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);

/** Builds the dashboard (vite build) when ui/dist has no index.html or is older than ui/src, ui/public or index.html. */
export const ensureUiBuilt = (): string => {
  const index = `${uiDist}/index.html`;
  const sources = Math.max(newest(join(uiDir, 'src')), newest(join(uiDir, 'public')), statSync(join(uiDir, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return uiDist;
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  // vitest sets NODE_ENV=test, which would make this a development build (React's dev bundle, no service worker).
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: uiDir, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  return uiDist;
};
