/**
 * `npm run build`: every service (and this launcher) bundled by esbuild into `<package>/dist/main.js`,
 * plain ESM JavaScript for Node 22. Our own packages (`@guildhall/*`, which export TypeScript source)
 * are bundled in (a module imported lazily becomes a chunk beside it);
 * every third-party package stays an `import` resolved from node_modules at run time,
 * so the output needs the production dependencies installed, as a container image has them.
 * Then the dashboard (`ui/dist`, vite) unless `--no-ui`. No type check here: `npm run typecheck` does that.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { builtEntry, services } from './services.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Bare imports other than `@guildhall/*` stay external (node_modules), as do `node:` builtins. */
const thirdPartyExternal: Plugin = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@guildhall/') ? undefined : { path: args.path, external: true }));
  },
};

export const buildTargets = [
  ...services.map((s) => ({ name: s.name, entry: s.entry, outfile: builtEntry(s) })),
  { name: 'launcher', entry: 'infra/dev/src/main.ts', outfile: 'infra/dev/dist/main.js' },
  // `npm run migrate` (the migrations Job of a deployment) and the other read-model operations, without tsx.
  { name: 'projections-cli', entry: 'projections/src/cli.ts', outfile: 'projections/dist/cli.js' },
];

export const buildServices = async (): Promise<{ name: string; outfile: string; bytes: number }[]> => {
  // A fresh dist each time: chunk names carry content hashes, old ones would pile up.
  for (const d of new Set(buildTargets.map((t) => dirname(t.outfile)))) rmSync(resolve(root, d), { recursive: true, force: true });
  return Promise.all(
    buildTargets.map(async (t) => {
      const result = await build({
        absWorkingDir: root,
        entryPoints: { [basename(t.outfile, '.js')]: t.entry },
        outdir: dirname(t.outfile),
        // Code split at dynamic imports: without it esbuild inlines a lazily imported module and hoists
        // its imports, so a service would load at start what it only needs later (or never).
        splitting: true,
        chunkNames: '[name]-[hash]',
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        sourcemap: 'linked',
        metafile: true,
        logLevel: 'warning',
        plugins: [thirdPartyExternal],
      });
      const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + (o.bytes ?? 0), 0);
      return { name: t.name, outfile: t.outfile, bytes };
    }),
  );
};

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const started = Date.now();
  const built = await buildServices();
  for (const b of built) process.stdout.write(`built ${b.name.padEnd(12)} ${b.outfile} (${(b.bytes / 1024).toFixed(0)} KiB with map)\n`);
  if (!process.argv.includes('--no-ui')) {
    const vite = resolve(root, 'node_modules/vite/bin/vite.js');
    const ui = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: resolve(root, 'ui'), stdio: 'inherit' });
    if (ui.status !== 0) {
      process.stderr.write('could not build the dashboard (ui/dist)\n');
      process.exit(1);
    }
    process.stdout.write('built dashboard    ui/dist\n');
  }
  process.stdout.write(`build done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
