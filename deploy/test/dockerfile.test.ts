import { readFile } from 'node:fs/promises';
import { DockerfileParser, type Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/k8s.js';

/**
 * No Docker engine runs here, so the image cannot be built in a test. The Dockerfile is parsed
 * (dockerfile-ast) and held to hadolint's rules that apply to it (DL numbers in the names) and
 * to ours: multi-stage, pinned base, non-root, production dependencies only, a healthcheck,
 * read-only root file system friendly.
 */
const services = ['moderation', 'community', 'messaging', 'music', 'automation', 'appeals', 'notifier', 'projections', 'audit', 'http', 'bot', 'sandbox', 'mail-catcher'];

describe('deploy/docker/Dockerfile', () => {
  let text: string;
  let all: Instruction[];
  let stages: { name: string | undefined; image: string; body: Instruction[] }[];
  let args: Map<string, string>;
  const resolve = (v: string) => v.replace(/\$\{?([A-Z_]+)\}?/g, (_, n: string) => args.get(n) ?? `<unset ${n}>`);
  const final = () => stages.at(-1)!;
  const keyword = (i: Instruction) => i.getKeyword();
  /** `--name=value` flags of COPY, HEALTHCHECK, ... as name → value. */
  const flags = (i: Instruction): Record<string, string> =>
    i instanceof ModifiableInstruction ? Object.fromEntries(i.getFlags().map((f) => [f.getName(), f.getValue() ?? ''])) : {};

  beforeAll(async () => {
    text = await readFile(`${repoRoot}deploy/docker/Dockerfile`, 'utf8');
    all = DockerfileParser.parse(text).getInstructions();
    args = new Map(
      all
        .filter((i) => keyword(i) === 'ARG')
        .map((i) => i.getArgumentsContent()!.split('='))
        .map(([k, v]) => [k!, v ?? ''] as [string, string]),
    );
    stages = [];
    for (const i of all) {
      if (keyword(i) === 'FROM') {
        const [image, as, name] = i.getArguments().map((a) => a.getValue());
        stages.push({ image: resolve(image!), name: as?.toUpperCase() === 'AS' ? name : undefined, body: [] });
      } else stages.at(-1)?.body.push(i);
    }
  });

  it('parses, and has a build stage and a final runtime stage', () => {
    expect(DockerfileParser.parse(text).getComments().length).toBeGreaterThan(0);
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
  });

  it('DL3006/DL3007: every stage starts from node 22 bookworm-slim pinned to an exact version (never latest)', () => {
    for (const s of stages) {
      expect(s.image).toMatch(/^node:22\.\d+\.\d+-bookworm-slim(@sha256:[a-f0-9]{64})?$/);
    }
    // The image's Node is the one the repository runs (root package.json's "node" dependency).
    return readFile(`${repoRoot}package.json`, 'utf8').then((pkg) => {
      const wanted = (JSON.parse(pkg) as { devDependencies: Record<string, string> }).devDependencies.node!.replace(/^\^/, '');
      expect(stages[0]!.image).toContain(`node:${wanted}-`);
    });
  });

  it('DL3002: the final stage runs as a numeric non-root user', () => {
    const users = final().body.filter((i) => keyword(i) === 'USER');
    expect(users.length).toBe(1);
    const [uid, gid] = users[0]!.getArgumentsContent()!.split(':');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
  });

  it('only production dependencies reach the runtime: npm ci, the build and npm prune --omit=dev in the build stage, the runtime copies its result', () => {
    const buildRuns = stages[0]!.body.filter((i) => keyword(i) === 'RUN').map((i) => i.getArgumentsContent()!.replace(/\\\n/g, ' '));
    const run = buildRuns.join(' && ');
    expect(run).toMatch(/npm ci\b/);
    expect(run).not.toMatch(/npm install\b/);
    expect(run.indexOf('npm run build')).toBeGreaterThan(run.indexOf('npm ci'));
    expect(run.indexOf('npm prune --omit=dev')).toBeGreaterThan(run.indexOf('npm run build'));
    const copies = final().body.filter((i) => keyword(i) === 'COPY');
    expect(copies.map((i) => [flags(i), i.getArgumentsContent()])).toEqual([[{ from: 'build' }, '/app /app']]);
    expect(final().body.some((i) => keyword(i) === 'RUN')).toBe(false);
  });

  it('has a HEALTHCHECK in exec form against /healthz on METRICS_PORT', () => {
    const hc = final().body.filter((i) => keyword(i) === 'HEALTHCHECK');
    expect(hc.length).toBe(1);
    const content = hc[0]!.getArgumentsContent()!;
    expect(flags(hc[0]!)).toMatchObject({ interval: expect.stringMatching(/^\d+s$/), timeout: expect.stringMatching(/^\d+s$/), retries: expect.stringMatching(/^\d+$/) });
    expect(content).toMatch(/CMD \["node", "-e", .*\/healthz/s);
    expect(content).toContain('process.env.METRICS_PORT');
  });

  it('is read-only root file system friendly: npm writes under /tmp only, the app is not owned by the runtime user', () => {
    const env = final().body.filter((i) => keyword(i) === 'ENV').map((i) => i.getArgumentsContent()!).join(' ');
    expect(env).toMatch(/NPM_CONFIG_CACHE=\/tmp\//);
    expect(env).toMatch(/NPM_CONFIG_LOGS_DIR=\/tmp\//);
    expect(env).toMatch(/NODE_ENV=production/);
    expect(final().body.filter((i) => keyword(i) === 'COPY').some((i) => 'chown' in flags(i))).toBe(false);
    expect(final().body.some((i) => keyword(i) === 'VOLUME')).toBe(false);
  });

  it('DL3025: CMD in exec form, running one service from the build with npm run start:<service>', () => {
    const cmd = final().body.filter((i) => keyword(i) === 'CMD');
    expect(cmd.length).toBe(1);
    const argv = JSON.parse(cmd[0]!.getArgumentsContent()!) as string[];
    expect(argv.slice(0, 2)).toEqual(['npm', 'run']);
    expect(services.map((s) => `start:${s}`)).toContain(argv[2]);
    expect(text).toMatch(/moderation \| community \| messaging \| music \| automation \| appeals \| notifier \| projections \| audit \| http \| bot \| sandbox \| mail-catcher/);
  });

  it('DL3000/DL3020/DL3003/DL3004/DL3015 and no secrets: absolute WORKDIR, COPY not ADD, no cd, no sudo, no recommends, no credentials in ENV/ARG', () => {
    for (const w of all.filter((i) => keyword(i) === 'WORKDIR')) expect(w.getArgumentsContent()).toMatch(/^\//);
    expect(all.some((i) => keyword(i) === 'ADD')).toBe(false);
    const runs = all.filter((i) => keyword(i) === 'RUN').map((i) => i.getArgumentsContent()!);
    for (const r of runs) {
      expect(r).not.toMatch(/(^|&&|;)\s*cd\s/);
      expect(r).not.toMatch(/\bsudo\b/);
      if (/apt-get install/.test(r)) expect(r).toMatch(/--no-install-recommends/);
    }
    const declared = all.filter((i) => ['ENV', 'ARG'].includes(keyword(i))).map((i) => i.getArgumentsContent()!);
    expect(declared.filter((d) => /(TOKEN|SECRET|PASSWORD|CLIENT_SECRET)\s*=/i.test(d))).toEqual([]);
  });

  it('.dockerignore keeps dependencies, builds, git and env files out of the build context', async () => {
    const ignore = (await readFile(`${repoRoot}.dockerignore`, 'utf8')).split('\n').map((l) => l.trim());
    for (const entry of ['.git', '**/node_modules', '**/dist', '**/.env', '**/.env.*']) expect(ignore).toContain(entry);
    // ...but not what the build needs.
    for (const needed of ['package.json', 'package-lock.json', 'ui', 'bounded-contexts', 'infra', 'gateway', 'projections']) expect(ignore).not.toContain(needed);
  });
});
