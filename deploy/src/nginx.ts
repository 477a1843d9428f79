import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
// The one free-port helper of the repository lives in infra/eventing's test support.
import { freePort } from '@guildhall/eventing/testing';
import { repoRoot } from './k8s.js';

const run = promisify(execFile);

export const nginxTemplatePath = `${repoRoot}deploy/nginx/guildhall.conf.template`;
export const templateVariables = ['GUILDHALL_UPSTREAM', 'PUBLIC_URL', 'SERVER_NAME', 'NGINX_HTTP_PORT', 'NGINX_HTTPS_PORT', 'TLS_CERT', 'TLS_KEY'] as const;
export type TemplateVariables = Record<(typeof templateVariables)[number], string>;

/**
 * What the official nginx image's entrypoint does with a template (envsubst over the variables
 * that are set): `${NAME}` → its value. A `${...}` left over is an error here, not an empty string.
 */
export const renderTemplate = (template: string, vars: TemplateVariables): string => {
  const out = template.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (whole, name: string) => (name in vars ? vars[name as keyof TemplateVariables] : whole));
  const left = /\$\{[A-Z_][A-Z0-9_]*\}/.exec(out);
  if (left) throw new Error(`nginx template: ${left[0]} has no value`);
  return out;
};

/** Re-exported for the deploy tests; it belongs in @guildhall/eventing/testing, where the lead can move it. */
export { freePort };

export const hasCommand = (cmd: string, args: string[]): Promise<boolean> =>
  run(cmd, args).then(
    () => true,
    () => false,
  );

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
export const selfSignedCertificate = async (dir: string): Promise<{ cert: string; key: string }> => {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert]);
  return { cert, key };
};

export type NginxHandle = Readonly<{ httpsUrl: string; httpUrl: string; dir: string; certPem: string; stop(): Promise<void> }>;

/**
 * Debian's nginx in the foreground on two free loopback ports, serving the rendered template
 * (inside a minimal main config of our own: pid, logs and temp files in a fresh directory).
 */
export const startNginx = async (upstream: string): Promise<NginxHandle> => {
  const dir = await mkdtemp(join(tmpdir(), 'gh-nginx-'));
  await chmod(dir, 0o755); // the workers (nobody, when the test runs as root) read and write under it
  await mkdir(join(dir, 'tmp'), { mode: 0o777 });
  const { cert, key } = await selfSignedCertificate(dir);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const httpsUrl = `https://127.0.0.1:${httpsPort}`;
  const site = renderTemplate(await readFile(nginxTemplatePath, 'utf8'), {
    GUILDHALL_UPSTREAM: upstream,
    PUBLIC_URL: httpsUrl,
    SERVER_NAME: '127.0.0.1 localhost',
    NGINX_HTTP_PORT: `127.0.0.1:${httpPort}`,
    NGINX_HTTPS_PORT: `127.0.0.1:${httpsPort}`,
    TLS_CERT: cert,
    TLS_KEY: key,
  });
  await writeFile(join(dir, 'guildhall.conf'), site);
  const t = join(dir, 'tmp');
  await writeFile(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log info;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      `  client_body_temp_path ${t}/body; proxy_temp_path ${t}/proxy; fastcgi_temp_path ${t}/fastcgi; uwsgi_temp_path ${t}/uwsgi; scgi_temp_path ${t}/scgi;`,
      '  default_type application/octet-stream;',
      `  include ${dir}/guildhall.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf')];
  await run('nginx', [...args, '-t']).catch((e: { stderr: string }) => {
    throw new Error(`nginx -t refused the config:\n${e.stderr}`);
  });
  const proc: ChildProcess = spawn('nginx', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${httpPort}/`, { redirect: 'manual' }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}${await readFile(join(dir, 'error.log'), 'utf8').catch(() => '')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    httpsUrl,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    dir,
    certPem: await readFile(cert, 'utf8'),
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGQUIT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
};
