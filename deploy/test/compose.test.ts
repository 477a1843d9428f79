import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../src/k8s.js';
import { hasCommand, nginxTemplatePath, renderTemplate, type TemplateVariables, templateVariables } from '../src/nginx.js';

const run = promisify(execFile);
const dir = `${repoRoot}deploy/compose`;
const haveCompose = await hasCommand('docker-compose', ['version']);
if (!haveCompose) console.warn('compose tests skipped: install Debian\'s docker-compose (apt-get install docker-compose); .ci/run does');

const ServiceSchema = z.looseObject({
  image: z.string(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
  ports: z.array(z.union([z.string(), z.looseObject({ published: z.union([z.number(), z.string()]), target: z.number(), host_ip: z.string().optional() })])).optional(),
  read_only: z.boolean().optional(),
  user: z.string().optional(),
  cap_drop: z.array(z.string()).optional(),
  security_opt: z.array(z.string()).optional(),
  tmpfs: z.array(z.string()).optional(),
  profiles: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.looseObject({ condition: z.string() })).optional(),
  volumes: z.array(z.union([z.string(), z.looseObject({ source: z.string().optional(), target: z.string(), read_only: z.boolean().optional(), type: z.string() })])).optional(),
  healthcheck: z.looseObject({ test: z.array(z.string()) }).optional(),
});
type Service = z.infer<typeof ServiceSchema>;
const ConfigSchema = z.looseObject({ services: z.record(z.string(), ServiceSchema) });

const compose = async (files: string[], env: Record<string, string> = {}, envFile?: string) => {
  const args = [...files.flatMap((f) => ['-f', join(dir, f)]), ...(envFile ? ['--env-file', envFile] : []), 'config'];
  // A clean environment: only PATH and what the test sets (no stray PUBLIC_URL from the shell).
  return run('docker-compose', args, { cwd: dir, env: { PATH: process.env.PATH, ...env } }).then(
    (r) => ({ ok: true as const, config: ConfigSchema.parse(parse(r.stdout)), stderr: r.stderr }),
    (e: { stderr: string }) => ({ ok: false as const, stderr: e.stderr }),
  );
};

const apps = ['moderation', 'community', 'messaging', 'music', 'automation', 'appeals', 'projections', 'audit', 'http', 'bot'];
const pinned = /^[a-z0-9./-]+:\d+(\.\d+)+(-[a-z0-9]+)?$/;
const published = (s: Service): { host: string; port: string }[] =>
  (s.ports ?? []).map((p) => {
    if (typeof p !== 'string') return { host: p.host_ip ?? '0.0.0.0', port: String(p.published) };
    const parts = p.replace(/\/tcp$/, '').split(':');
    return parts.length === 3 ? { host: parts[0]!, port: parts[1]! } : { host: '0.0.0.0', port: parts[0]! };
  });

describe.skipIf(!haveCompose)('deploy/compose: validated and rendered by docker-compose config', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'gh-compose-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const hardened = (name: string, s: Service) => {
    expect(s.read_only, `${name} read_only`).toBe(true);
    expect(s.cap_drop, `${name} cap_drop`).toEqual(['ALL']);
    expect(s.security_opt, `${name} no-new-privileges`).toContain('no-new-privileges:true');
    expect(s.image, `${name} image pinned`).toMatch(pinned);
  };

  it('dev: NATS with JetStream, PostgreSQL, the sandbox and every service; hardened; only loopback ports', async () => {
    const r = await compose(['docker-compose.yml']);
    expect(r.ok, r.stderr).toBe(true);
    const services = r.ok ? r.config.services : {};
    expect(Object.keys(services).sort()).toEqual(['appeals', 'audit', 'automation', 'bot', 'community', 'http', 'mail-catcher', 'messaging', 'moderation', 'music', 'nats', 'notifier', 'postgres', 'projections', 'sandbox']);
    expect(services.nats!.command).toContain('--jetstream');
    expect(services.nats!.image).toMatch(/^nats:2\.(1[0-9]|[2-9]\d)\.\d+/);
    for (const name of [...apps, 'notifier', 'sandbox', 'mail-catcher']) {
      const s = services[name]!;
      hardened(name, s);
      expect(s.user, name).toBe('1000:1000');
      expect(s.tmpfs, name).toContain('/tmp');
      expect(s.command, name).toEqual(['npm', 'run', `start:${name}`]);
      expect(s.image, name).toBe(services.http!.image);
      expect(published(s).every((p) => p.host === '127.0.0.1'), `${name} publishes on loopback only`).toBe(true);
    }
    for (const name of apps) {
      expect(services[name]!.depends_on, name).toEqual({ nats: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
      expect(services[name]!.environment, name).toMatchObject({ NATS_URL: 'nats://nats:4222', DATABASE_URL: expect.stringMatching(/@postgres:5432\/guildhall$/), METRICS_PORT: '9464', SANDBOX_URL: 'http://sandbox:8081' });
    }
    expect(published(services.http!)).toEqual([{ host: '127.0.0.1', port: '8080' }]);
    expect(published(services.sandbox!)).toEqual([{ host: '127.0.0.1', port: '8081' }]);

    // The notifier: NATS only (no PostgreSQL), mail to the dev mail catcher, the link secret shared with http.
    const notifier = services.notifier!;
    expect(notifier.depends_on).toEqual({ nats: { condition: 'service_healthy' } });
    expect(notifier.environment).toMatchObject({ NATS_URL: 'nats://nats:4222', METRICS_PORT: '9464', SMTP_URL: 'smtp://mail-catcher:2525', PUBLIC_URL: 'http://localhost:8080' });
    expect(published(notifier)).toEqual([]);
    const shared = await compose(['docker-compose.yml'], { NOTIFY_LINK_SECRET: 'ef'.repeat(16) });
    expect(shared.ok && shared.config.services.notifier!.environment?.NOTIFY_LINK_SECRET).toBe('ef'.repeat(16));
    expect(shared.ok && shared.config.services.http!.environment?.NOTIFY_LINK_SECRET).toBe('ef'.repeat(16));
    // The mail catcher: SMTP 2525 inside the network, its page on loopback 8025, no ops port (its own healthcheck).
    const catcher = services['mail-catcher']!;
    expect(catcher.environment).toMatchObject({ MAIL_CATCHER_HOST: '0.0.0.0', MAIL_CATCHER_SMTP_PORT: '2525', MAIL_CATCHER_HTTP_PORT: '8025' });
    expect(published(catcher)).toEqual([{ host: '127.0.0.1', port: '8025' }]);
    expect(catcher.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:8025/');
  });

  it('prod: refuses to render without the settings it needs, naming them', async () => {
    const r = await compose(['docker-compose.yml', 'docker-compose.prod.yml'], { GUILDHALL_ENV_FILE: join(dir, 'guildhall.env.example') }, join(dir, 'guildhall.env.example'));
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/set (SESSION_SECRET|AUDIT_SECRET|NOTIFY_LINK_SECRET|SMTP_URL)/);
  });

  it('prod: real Discord from the env file, no sandbox, nginx with TLS in front (HTTP → HTTPS) serving the template with every variable set', async () => {
    const example = await readFile(join(dir, 'guildhall.env.example'), 'utf8');
    const filled = example
      .replace(/^DISCORD_TOKEN=$/m, 'DISCORD_TOKEN=test-token')
      .replace(/^DISCORD_CLIENT_ID=$/m, 'DISCORD_CLIENT_ID=123456789012345678')
      .replace(/^DISCORD_CLIENT_SECRET=$/m, 'DISCORD_CLIENT_SECRET=test-secret')
      .replace(/^SESSION_SECRET=$/m, `SESSION_SECRET=${'ab'.repeat(32)}`)
      .replace(/^AUDIT_SECRET=$/m, `AUDIT_SECRET=${'cd'.repeat(32)}`)
      .replace(/^POSTGRES_PASSWORD=$/m, 'POSTGRES_PASSWORD=test-password')
      .replace(/^NOTIFY_LINK_SECRET=$/m, `NOTIFY_LINK_SECRET=${'ef'.repeat(32)}`)
      .replace(/^SMTP_URL=$/m, 'SMTP_URL=smtp://mailer:pw@smtp.example.org:587');
    const envFile = join(tmp, 'guildhall.env');
    await writeFile(envFile, filled);
    const r = await compose(['docker-compose.yml', 'docker-compose.prod.yml'], { GUILDHALL_ENV_FILE: envFile }, envFile);
    expect(r.ok, r.stderr).toBe(true);
    const s = r.ok ? r.config.services : {};
    expect(s.sandbox!.profiles).toEqual(['sandbox']);
    for (const name of ['http', 'bot']) {
      expect(s[name]!.environment, name).toMatchObject({ DISCORD_TOKEN: 'test-token', DISCORD_CLIENT_ID: '123456789012345678', DISCORD_CLIENT_SECRET: 'test-secret', NODE_ENV: 'production', SANDBOX_URL: '' });
    }
    expect(s.http!.environment).toMatchObject({ PUBLIC_URL: 'https://guildhall.example.org', SESSION_SECRET: 'ab'.repeat(32), DATABASE_URL: 'postgres://guildhall:test-password@postgres:5432/guildhall' });
    // No mail catcher (only with --profile mail-catcher); the notifier mails through the env file's server.
    expect(s['mail-catcher']!.profiles).toEqual(['mail-catcher']);
    expect(s.notifier!.environment).toMatchObject({ SMTP_URL: 'smtp://mailer:pw@smtp.example.org:587', NOTIFY_FROM: 'Guildhall <guildhall@guildhall.example.org>', PUBLIC_URL: 'https://guildhall.example.org', NOTIFY_LINK_SECRET: 'ef'.repeat(32) });
    expect(s.http!.environment?.NOTIFY_LINK_SECRET).toBe(s.notifier!.environment?.NOTIFY_LINK_SECRET);
    for (const name of [...apps, 'notifier']) {
      expect(s[name]!.environment?.NODE_ENV, name).toBe('production');
      expect(published(s[name]!).every((p) => p.host === '127.0.0.1'), `${name}: nothing published beyond loopback`).toBe(true);
    }

    const nginx = s.nginx!;
    hardened('nginx', nginx);
    expect(published(nginx).map((p) => p.port).sort()).toEqual(['443', '80']);
    expect(nginx.depends_on).toEqual({ http: { condition: 'service_healthy' } });
    const env = nginx.environment as Record<string, string>;
    for (const v of templateVariables) expect(env[v], `nginx sets ${v}`).toBeTruthy();
    // The template renders with exactly these values (no variable left), as the image's envsubst does.
    const site = renderTemplate(await readFile(nginxTemplatePath, 'utf8'), Object.fromEntries(templateVariables.map((v) => [v, env[v]!])) as TemplateVariables);
    expect(site).toContain('return 301 https://guildhall.example.org$request_uri;');
    expect(site).toContain('server http:8080;');
    expect(site).toMatch(/listen 8443 ssl/);
    const mounts = (nginx.volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0]!, target: v.split(':')[1]!, read_only: v.endsWith(':ro') } : { source: v.source ?? '', target: v.target, read_only: v.read_only ?? false }));
    const template = mounts.find((m) => m.target === '/etc/nginx/templates/guildhall.conf.template');
    expect(template?.read_only).toBe(true);
    expect(existsSync(template!.source), `${template!.source} exists`).toBe(true);
    expect(mounts.find((m) => m.target === '/etc/nginx/certs')?.read_only).toBe(true);
    expect(env.TLS_CERT!.startsWith('/etc/nginx/certs/') && env.TLS_KEY!.startsWith('/etc/nginx/certs/')).toBe(true);
  });
});
