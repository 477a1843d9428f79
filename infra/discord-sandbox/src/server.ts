import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { pino, type Logger } from 'pino';
import { createControlApp } from './control/routes.js';
import { SandboxWorld } from './control/sandbox-world.js';
import { DiscordError, Errors } from './errors.js';
import { FaultInjector } from './faults.js';
import { GatewayServer } from './gateway/server.js';
import { createAuthorizeApp } from './oauth/authorize.js';
import { OAuthStore } from './oauth/store.js';
import { RateLimiter } from './rate-limit.js';
import { createRestApp } from './rest/app.js';
import { RestCallLog } from './rest/call-log.js';
import { Simulator } from './simulator/simulator.js';
import { viewerHtml } from './viewer/page.js';
import { VoiceHub } from './voice/hub.js';
import { VoiceServer } from './voice/server.js';
import type { VoiceMode } from './voice/crypto.js';
import type { WorldContext } from './world/context.js';
import { DispatchBus } from './world/dispatch.js';
import { InteractionStore } from './world/interactions.js';
import { seedWorld } from './world/seed.js';

export interface SandboxOptions {
  /** 0 picks a free port. Default 8081. */
  port?: number;
  host?: string;
  seed?: number;
  simulator?: { enabled: boolean; eventsPerMinute?: number };
  botToken?: string;
  applicationId?: string;
  logger?: Logger;
  /** Members in the main guild (default 300). */
  memberCount?: number;
  /** Gateway HELLO interval; Discord's is 41250 ms. */
  heartbeatIntervalMs?: number;
  /** Multiplies the rate-limit windows (default 0.2; 0 turns rate limiting off). */
  rateLimitScale?: number;
  /**
   * The URL clients are told to use (gateway URL, attachment links), when it differs from the
   * bind address, e.g. http://discord-sandbox:8081 in a cluster. Default http://HOST:PORT.
   */
  publicUrl?: string;
  /** Privileged intents switched on for the application (default all three). */
  privilegedIntents?: { guildMembers?: boolean; guildPresences?: boolean; messageContent?: boolean };
  /** Extra small guilds with the bot in them (default 0), e.g. for many-guild benches. */
  extraGuilds?: number;
  /** Voice gateway (TLS) + UDP media server; on by default. */
  voice?: { enabled?: boolean; heartbeatIntervalMs?: number; modes?: readonly VoiceMode[] };
}

export interface SandboxHandle {
  /** http://127.0.0.1:PORT — give discord.js `rest: { api: url + '/api' }`. */
  url: string;
  /** The voice server: its TLS certificate (PEM) for a sandbox-mode bot to trust, and its endpoint. */
  voice: { certificate: string; endpoint: string } | null;
  port: number;
  bot: { token: string; applicationId: string; userId: string; clientSecret: string };
  world: SandboxWorld;
  stop(): Promise<void>;
}

/** Starts the Discord sandbox: REST + gateway + OAuth2 + control API + viewer on one port. */
export const startSandbox = async (options: SandboxOptions = {}): Promise<SandboxHandle> => {
  const logger = options.logger ?? pino({ level: 'silent' });
  const host = options.host ?? '127.0.0.1';
  let publicUrl = '';
  const build = (seed: number) =>
    seedWorld({ seed, memberCount: options.memberCount, extraGuilds: options.extraGuilds, botToken: options.botToken, applicationId: options.applicationId });
  const ctx: WorldContext = { world: build(options.seed ?? 1), bus: new DispatchBus() };
  // A reset with another seed keeps the bot's identity, so connected bots can log in again.
  options = { ...options, botToken: ctx.world.bot.token, applicationId: ctx.world.bot.applicationId };
  const oauth = new OAuthStore(() => ctx.world.now());
  const interactions = new InteractionStore();
  const calls = new RestCallLog();
  const faults = new FaultInjector();
  const rateLimiter = new RateLimiter(options.rateLimitScale ?? 0.2);
  const pi = options.privilegedIntents ?? {};
  const gateway = new GatewayServer({
    ctx,
    logger,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    enabledPrivilegedIntents: (pi.guildMembers === false ? 0 : 1 << 1) | (pi.guildPresences === false ? 0 : 1 << 8) | (pi.messageContent === false ? 0 : 1 << 15),
    publicUrl: () => publicUrl,
  });
  const advertisedHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const voiceServer =
    options.voice?.enabled === false
      ? null
      : await VoiceServer.start({ host, advertisedHost: options.publicUrl ? new URL(options.publicUrl).hostname : advertisedHost, logger, heartbeatIntervalMs: options.voice?.heartbeatIntervalMs, modes: options.voice?.modes });
  const voice = voiceServer ? new VoiceHub(ctx, voiceServer, logger) : null;
  gateway.voice = voice;
  const world = new SandboxWorld(ctx, interactions, calls, faults, rateLimiter, gateway, (seed) => {
    voice?.reset();
    ctx.world = build(seed ?? ctx.world.seed);
    interactions.clear();
    calls.clear();
    faults.clear();
    rateLimiter.reset();
    gateway.invalidateAll();
    logger.info({ seed: ctx.world.seed }, 'sandbox world reset');
  }, voice);
  const simulator = new Simulator(world, logger, options.seed ?? 1);

  const rest = createRestApp({
    ctx,
    oauth,
    interactions,
    logger,
    rateLimiter,
    faults,
    calls,
    gatewayUrl: () => `${publicUrl.replace(/^http/, 'ws')}/gateway`,
    publicUrl: () => publicUrl,
  });
  const app = new Hono();
  app.route('/api/v10', rest);
  app.route('/api/v9', rest);
  app.route('/', createAuthorizeApp(ctx, oauth));
  app.route('/_sandbox', createControlApp({ world, bus: ctx.bus, simulator, logger }));
  app.get('/attachments/:channelId/:attachmentId/:filename', (c) => {
    const file = ctx.world.files.get(c.req.param('attachmentId'));
    if (!file) return Response.json(Errors.notFound().toJSON(), { status: 404 });
    return new Response(file.data, { headers: { 'content-type': file.contentType } });
  });
  app.get('/', () => new Response(viewerHtml(), { headers: { 'content-type': 'text/html; charset=utf-8' } }));
  app.notFound(() => Response.json(Errors.notFound().toJSON(), { status: 404 }));
  app.onError((err) => {
    if (err instanceof DiscordError) return Response.json(err.toJSON(), { status: err.status });
    logger.error({ err }, 'request failed');
    return Response.json({ message: '500: Internal Server Error', code: 0 }, { status: 500 });
  });

  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
    if (path === '/gateway' || path === '/gateway/') gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8081, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Binding to every interface still advertises loopback, which local clients can reach.
  const advertised = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? `http://${advertised.includes(':') ? `[${advertised}]` : advertised}:${port}`;
  if (options.simulator?.enabled) simulator.configure({ enabled: true, eventsPerMinute: options.simulator.eventsPerMinute });
  logger.info({ url: publicUrl, seed: ctx.world.seed }, 'discord sandbox listening');

  return {
    url: publicUrl,
    port,
    voice: voiceServer ? { certificate: voiceServer.certificate, endpoint: voiceServer.endpoint } : null,
    get bot() {
      const b = ctx.world.bot;
      return { token: b.token, applicationId: b.applicationId, userId: b.userId, clientSecret: b.clientSecret };
    },
    world,
    async stop() {
      simulator.stop();
      await gateway.close();
      await voiceServer?.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
