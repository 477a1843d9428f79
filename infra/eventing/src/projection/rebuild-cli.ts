/**
 * `npx tsx infra/eventing/src/projection/rebuild-cli.ts --projections <module> <command> ...`
 * The module (a path or package name) must export `projections`: the read models to manage.
 * The projections/ package can instead call runProjectionCli(projections) from its own entry.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Projection } from './projection.js';
import { PROJECTION_CLI_USAGE, runProjectionCli } from './projection-cli.js';

const ProjectionShape = z.object({
  name: z.string(),
  migrations: z.array(z.custom<(schema: string) => string>((v) => typeof v === 'function')),
  eventTypes: z.union([z.literal('all'), z.array(z.string())]),
  apply: z.custom<Projection['apply']>((v) => typeof v === 'function'),
});
const ModuleSchema = z.object({ projections: z.array(ProjectionShape) });

const main = async (argv: readonly string[]): Promise<number> => {
  const at = argv.indexOf('--projections');
  const spec = at >= 0 ? argv[at + 1] : undefined;
  if (!spec) {
    process.stderr.write(`--projections <module> is required\n${PROJECTION_CLI_USAGE.replace('<cli>', 'rebuild-cli --projections <module>')}\n`);
    return 2;
  }
  const rest = [...argv.slice(0, at), ...argv.slice(at + 2)];
  const target = spec.startsWith('.') || spec.startsWith('/') ? pathToFileURL(resolve(spec)).href : spec;
  const mod: unknown = await import(target);
  const parsed = ModuleSchema.safeParse(mod);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    process.stderr.write(`${spec} does not export \`projections\` (Projection[]): ${issue?.path.join('.')}: ${issue?.message}\n`);
    return 2;
  }
  // The module's own objects, not the parsed copies: a projection may rely on its prototype.
  return runProjectionCli((mod as { projections: Projection[] }).projections, rest);
};

process.exitCode = await main(process.argv.slice(2));
