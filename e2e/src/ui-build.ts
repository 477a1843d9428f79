import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const uiDir = fileURLToPath(new URL('../../ui', import.meta.url));
export const uiDist = fileURLToPath(new URL('../../ui/dist', import.meta.url));

/** Builds the dashboard (vite build) when ui/dist has no index.html. */
export const ensureUiBuilt = (): string => {
  if (existsSync(`${uiDist}/index.html`)) return uiDist;
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: uiDir, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  return uiDist;
};
