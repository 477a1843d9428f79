import { connect, getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The gateway's own test stack and browser (real NATS, PostgreSQL, sandbox, moderation service,
// projections, the HTTP gateway in-process): reused, not copied.
import { Browser, logIn } from '../../gateway/http/test/support/browser.js';
import { eventually, startTestStack, type TestStack } from '../../gateway/http/test/support/world.js';
import { hasCommand, type NginxHandle, startNginx } from '../src/nginx.js';

const haveNginx = (await hasCommand('nginx', ['-v'])) && (await hasCommand('openssl', ['version']));
if (!haveNginx) console.warn('nginx test skipped: install Debian\'s nginx and openssl (apt-get install nginx openssl); .ci/run does');

type Json = Record<string, unknown>;

describe.skipIf(!haveNginx)('deploy/nginx: Debian nginx with TLS in front of the real API', () => {
  let stack: TestStack;
  let nginx: NginxHandle;
  let browser: Browser;
  let moderatorId: string;
  let target: string;

  beforeAll(async () => {
    stack = await startTestStack('nginx');
    // The stack drops its database WITH (FORCE) last; a pooled connection still closing then
    // reports "terminating connection": expected at teardown, not a failure of this test.
    stack.pool.on('error', () => undefined);
    nginx = await startNginx(new URL(stack.gateway.url).host);
    // Trust the test's self-signed certificate (and only it, besides the usual roots): TLS is
    // verified for real, no NODE_TLS_REJECT_UNAUTHORIZED.
    setDefaultCACertificates([...getCACertificates('default'), nginx.certPem]);
    const people = stack.sandbox.world.people(stack.guildId);
    moderatorId = people.moderators[0]!;
    target = people.members[1]!;
    browser = new Browser(nginx.httpsUrl);
  });
  afterAll(async () => {
    await nginx?.stop();
    await stack?.dispose();
  });

  it('redirects plain HTTP to the HTTPS public URL, path and query kept', async () => {
    const res = await fetch(`${nginx.httpUrl}/api/me?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${nginx.httpsUrl}/api/me?x=1`);
  });

  it('serves the API over TLS with the security headers, each once, and no nginx version', async () => {
    const res = await fetch(`${nginx.httpsUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('server')).toBe('nginx');
    // An API error (401) carries them too: `always`.
    const anon = await fetch(`${nginx.httpsUrl}/api/me`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('presents the certificate: verified with it as the CA, refused without it (TLS is really on)', async () => {
    const { port } = new URL(nginx.httpsUrl);
    const handshake = (ca: string[]) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost', ca }, () => {
          resolve(`ok ${socket.getProtocol()}`);
          socket.end();
        });
        socket.on('error', (e: Error & { code?: string }) => resolve(e.code ?? e.message));
      });
    expect(await handshake([nginx.certPem])).toMatch(/^ok TLSv1\.[23]$/);
    expect(await handshake(getCACertificates('bundled'))).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
  });

  it('logs in through the proxy, sends a command and receives its read-model event on the live stream (SSE not buffered)', async () => {
    await logIn(browser, stack.sandbox, moderatorId);
    expect(browser.cookie('gh_session')).toBeTruthy();
    const me = (await (await browser.api('/api/me')).json()) as Json;
    expect(me.user).toMatchObject({ id: moderatorId });

    const controller = new AbortController();
    const live = await browser.fetch(`/api/guilds/${stack.guildId}/live`, { signal: controller.signal });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const reader = live.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (pattern: RegExp, what: string) => {
      const timeout = setTimeout(() => controller.abort(), 20_000);
      try {
        while (!pattern.test(text)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${what}: ${text}`);
          text += value;
        }
      } finally {
        clearTimeout(timeout);
      }
    };
    // The hello event is a few bytes: it only arrives while the stream is open if nginx passes
    // the stream through as written.
    await until(/event: hello\ndata: \{"guildId":"\d+"/, 'the hello event');

    const res = await browser.api(`/api/guilds/${stack.guildId}/commands/moderation/WarnMember`, {
      body: { target: { id: target, name: 'through-nginx' }, reason: 'via the proxy' },
      headers: { 'x-correlation-id': `nginx-${stack.id}` },
    });
    expect(res.status).toBe(200);
    const accepted = (await res.json()) as Json;
    expect(accepted).toMatchObject({ status: 'accepted', correlationId: `nginx-${stack.id}` });
    expect(res.headers.get('x-correlation-id')).toBe(`nginx-${stack.id}`);

    await until(/event: rm\ndata: \{"model":"cases","position":\d+\}/, 'the cases read-model event');
    controller.abort();

    const listed = await eventually(async () => {
      const page = (await (await browser.api(`/api/guilds/${stack.guildId}/cases?type=warn&targetId=${target}`)).json()) as { items: Json[] };
      return page.items.length ? page.items : undefined;
    }, 20_000, 'the warning in the case list');
    expect(listed[0]).toMatchObject({ type: 'warn', reason: 'via the proxy', target: { id: target } });
    // The proxy's access log saw the live stream and the command.
    await eventually(async () => {
      const log = await import('node:fs/promises').then((fs) => fs.readFile(`${nginx.dir}/access.log`, 'utf8'));
      return log.includes(`/api/guilds/${stack.guildId}/live`) && log.includes('/commands/moderation/WarnMember') ? true : undefined;
    }, 5_000, 'the access log');
  });
});
