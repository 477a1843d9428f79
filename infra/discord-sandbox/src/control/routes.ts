import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DiscordError, Errors } from '../errors.js';
import { FaultInput } from '../faults.js';
import { VoiceFaultInput } from '../voice/server.js';
import { validate } from '../rest/body.js';
import type { Simulator } from '../simulator/simulator.js';
import type { DispatchBus } from '../world/dispatch.js';
import type { SandboxWorld } from './sandbox-world.js';

const id = z.string().regex(/^\d{1,21}$/, 'must be a snowflake');
const reason = z.string().max(512).optional();

const OptionInput: z.ZodType<{ name: string; type?: number | undefined; value?: string | number | boolean | undefined; options?: unknown[] | undefined }> = z.lazy(() =>
  z.object({
    name: z.string().min(1),
    type: z.number().int().min(1).max(11).optional(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    options: z.array(OptionInput).optional(),
    focused: z.boolean().optional(),
  }),
);

const InteractionBody = z.union([
  z.object({
    type: z.literal('command').optional(),
    guildId: id,
    channelId: id,
    userId: id,
    command: z.string().min(1),
    options: z.array(OptionInput).default([]),
  }),
  z.object({
    type: z.literal('component'),
    guildId: id,
    channelId: id,
    userId: id,
    messageId: id,
    customId: z.string().min(1).max(100),
    componentType: z.number().int().optional(),
    values: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal('context_menu'),
    guildId: id,
    channelId: id,
    userId: id,
    command: z.string().min(1).max(32),
    /** The member (a User command) or the message in channelId (a Message command). */
    targetId: id,
  }),
  z.object({
    type: z.literal('modal_submit'),
    guildId: id,
    channelId: id,
    userId: id,
    customId: z.string().min(1).max(100),
    fields: z.array(z.object({ customId: z.string().min(1).max(100), value: z.string().max(4000) })).max(5),
    messageId: id.optional(),
  }),
]);

const Acts = {
  message: z.object({ channelId: id, userId: id, content: z.string().max(2000).optional(), embeds: z.array(z.record(z.string(), z.unknown())).max(10).optional(), replyTo: id.optional() }),
  dm: z.object({ userId: id, content: z.string().min(1).max(2000) }),
  'edit-message': z.object({ channelId: id, messageId: id, content: z.string().max(2000) }),
  'delete-message': z.object({ channelId: id, messageId: id, userId: id, reason }),
  join: z.object({ guildId: id, userId: id.optional(), username: z.string().min(2).max(32).optional() }),
  leave: z.object({ guildId: id, userId: id }),
  kick: z.object({ guildId: id, moderatorId: id, userId: id, reason }),
  ban: z.object({ guildId: id, moderatorId: id, userId: id, reason, deleteMessageSeconds: z.number().int().min(0).max(604_800).optional() }),
  unban: z.object({ guildId: id, moderatorId: id, userId: id, reason }),
  timeout: z.object({ guildId: id, moderatorId: id, userId: id, durationSeconds: z.number().int().min(0).max(28 * 86_400), reason }),
  roles: z.object({ guildId: id, moderatorId: id, userId: id, add: z.array(id).optional(), remove: z.array(id).optional(), reason }),
  nick: z.object({ guildId: id, moderatorId: id, userId: id, nick: z.string().max(32).nullable(), reason }),
  presence: z.object({
    guildId: id,
    userId: id,
    status: z.enum(['online', 'idle', 'dnd', 'offline']),
    activities: z.array(z.object({ name: z.string(), type: z.number().int().min(0).max(5) })).optional(),
  }),
  'role-create': z.object({ guildId: id, actorId: id, role: z.object({ name: z.string().max(100).optional(), permissions: z.string().regex(/^\d+$/).optional(), color: z.number().int().optional(), hoist: z.boolean().optional(), mentionable: z.boolean().optional() }), reason }),
  'role-update': z.object({ guildId: id, actorId: id, roleId: id, role: z.object({ name: z.string().max(100).optional(), permissions: z.string().regex(/^\d+$/).optional(), color: z.number().int().optional(), hoist: z.boolean().optional(), mentionable: z.boolean().optional() }), reason }),
  'role-delete': z.object({ guildId: id, actorId: id, roleId: id, reason }),
  'channel-create': z.object({ guildId: id, actorId: id, channel: z.object({ name: z.string().min(1).max(100), type: z.union([z.literal(0), z.literal(2), z.literal(4), z.literal(5)]).optional(), topic: z.string().optional(), parent_id: id.nullable().optional() }), reason }),
  'channel-update': z.object({ guildId: id, actorId: id, channelId: id, channel: z.object({ name: z.string().min(1).max(100).optional(), topic: z.string().nullable().optional() }), reason }),
  'channel-delete': z.object({ guildId: id, actorId: id, channelId: id, reason }),
  voice: z.object({ guildId: id, userId: id, channelId: id.nullable() }),
} as const;

type ActName = keyof typeof Acts;

const run = (world: SandboxWorld, act: ActName, body: unknown): unknown => {
  switch (act) {
    case 'message':
      return world.sendMessage(validate(Acts.message, body) as Parameters<SandboxWorld['sendMessage']>[0]);
    case 'dm':
      return world.sendDirectMessage(validate(Acts.dm, body));
    case 'edit-message':
      return world.editMessage(validate(Acts['edit-message'], body));
    case 'delete-message':
      return world.deleteMessage(validate(Acts['delete-message'], body));
    case 'join':
      return world.join(validate(Acts.join, body));
    case 'leave':
      return world.leave(validate(Acts.leave, body));
    case 'kick':
      return world.kick(validate(Acts.kick, body));
    case 'ban':
      return world.ban(validate(Acts.ban, body));
    case 'unban':
      return world.unban(validate(Acts.unban, body));
    case 'timeout':
      return world.timeout(validate(Acts.timeout, body));
    case 'roles':
      return world.setRoles(validate(Acts.roles, body));
    case 'nick':
      return world.setNick(validate(Acts.nick, body));
    case 'presence':
      return world.setPresence(validate(Acts.presence, body) as Parameters<SandboxWorld['setPresence']>[0]);
    case 'role-create':
      return world.createRole(validate(Acts['role-create'], body));
    case 'role-update':
      return world.updateRole(validate(Acts['role-update'], body));
    case 'role-delete':
      return world.deleteRole(validate(Acts['role-delete'], body));
    case 'channel-create':
      return world.createChannel(validate(Acts['channel-create'], body));
    case 'channel-update':
      return world.updateChannel(validate(Acts['channel-update'], body));
    case 'channel-delete':
      return world.deleteChannel(validate(Acts['channel-delete'], body));
    case 'voice':
      return world.moveVoice(validate(Acts.voice, body));
  }
};

const readJson = async (c: Context): Promise<unknown> => {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw Errors.invalidJson();
  }
};

export interface ControlDeps {
  world: SandboxWorld;
  bus: DispatchBus;
  simulator: Simulator;
  logger: Logger;
}

/** The control API under /_sandbox: act as users, inspect state, inject faults, reset. */
export const createControlApp = (deps: ControlDeps): Hono => {
  const app = new Hono();
  const { world } = deps;

  app.get('/bot', () =>
    Response.json({
      token: world.state.bot.token,
      applicationId: world.state.bot.applicationId,
      userId: world.state.bot.userId,
      clientSecret: world.state.bot.clientSecret,
    }),
  );

  app.get('/state', (c) => {
    const q = validate(z.object({ guild_id: id.optional(), messages: z.coerce.number().int().min(0).max(1000).optional() }), c.req.query());
    return Response.json(world.snapshot({ guildId: q.guild_id, messagesPerChannel: q.messages }));
  });

  app.get('/users', (c) => {
    const q = (c.req.query('query') ?? '').toLowerCase();
    const users = [...world.state.users.values()].filter((u) => !q || u.username.includes(q) || (u.global_name ?? '').toLowerCase().includes(q));
    return Response.json(users.slice(0, 200));
  });

  /** What the bot registered and a member of this guild can run: global commands, then the guild's own. */
  app.get('/guilds/:guildId/commands', (c) => Response.json(world.commands(c.req.param('guildId'))));
  app.get('/guilds/:guildId/people', (c) => Response.json(world.people(c.req.param('guildId'))));
  app.get('/guilds/:guildId/members', (c) => Response.json(world.members(c.req.param('guildId'))));
  app.get('/guilds/:guildId/bans', (c) => Response.json(world.bans(c.req.param('guildId'))));
  app.get('/guilds/:guildId/audit-log', (c) => Response.json(world.auditLog(c.req.param('guildId'))));
  app.get('/channels/:channelId/messages', (c) => {
    world.state.channel(c.req.param('channelId'));
    return Response.json(world.messages(c.req.param('channelId')));
  });

  app.post('/interactions', async (c) => {
    const body = validate(InteractionBody, await readJson(c));
    const view =
      body.type === 'component'
        ? world.clickComponent(body)
        : body.type === 'modal_submit'
          ? world.submitModal(body)
          : body.type === 'context_menu'
            ? world.invokeContextMenu(body)
            : world.invokeCommand(body as Parameters<SandboxWorld['invokeCommand']>[0]);
    return Response.json({ id: view.id, token: view.token });
  });
  app.get('/interactions', (c) => {
    const q = validate(z.object({ guild_id: id.optional(), user_id: id.optional() }), c.req.query());
    return Response.json(world.interactionList({ guildId: q.guild_id, userId: q.user_id }));
  });
  app.get('/interactions/:interactionId', (c) => Response.json(world.interaction(c.req.param('interactionId'))));

  app.post('/act/:act', async (c) => {
    const act = c.req.param('act');
    if (!(act in Acts)) throw Errors.notFound();
    const result = run(world, act as ActName, await readJson(c));
    return result === undefined ? new Response(null, { status: 204 }) : Response.json(result);
  });

  app.get('/rest-calls', (c) => Response.json(world.restCalls({ method: c.req.query('method'), path: c.req.query('path'), auth: c.req.query('auth') })));
  app.delete('/rest-calls', () => {
    world.clearRestCalls();
    return new Response(null, { status: 204 });
  });

  app.get('/faults', () => Response.json(world.faults()));
  app.post('/faults', async (c) => Response.json(world.addFault(validate(FaultInput, await readJson(c))), { status: 201 }));
  app.delete('/faults', () => {
    world.clearFaults();
    return new Response(null, { status: 204 });
  });

  app.get('/gateway/sessions', () => Response.json(world.gatewaySessions()));
  app.post('/gateway/disconnect', async (c) => {
    const body = validate(z.object({ code: z.number().int().min(1000).max(4999).optional(), mode: z.enum(['close', 'reconnect', 'invalidate']).optional() }), await readJson(c));
    return Response.json({ disconnected: world.disconnectGateway(body) });
  });
  app.post('/gateway/skip-heartbeat-acks', async (c) => {
    const body = validate(z.object({ count: z.number().int().min(1).max(100) }), await readJson(c));
    world.skipHeartbeatAcks(body.count);
    return new Response(null, { status: 204 });
  });

  app.get('/voice', () => Response.json({ sessions: world.voiceSessions() }));
  app.get('/voice/timeline', (c) => {
    const q = validate(z.object({ guild_id: id, since: z.coerce.number().min(0).optional() }), c.req.query());
    return Response.json({ changes: world.voiceTimeline(q.guild_id, q.since) });
  });
  app.get('/voice/certificate', () => new Response(world.voiceCertificate(), { headers: { 'content-type': 'application/x-pem-file' } }));
  app.post('/voice/faults', async (c) => Response.json({ affected: world.injectVoiceFault(validate(VoiceFaultInput, await readJson(c))) }));

  app.post('/rate-limits', async (c) => {
    const body = validate(z.object({ scale: z.number().min(0).max(10) }), await readJson(c));
    world.setRateLimitScale(body.scale);
    return new Response(null, { status: 204 });
  });

  app.get('/simulator', () => Response.json(deps.simulator.status()));
  app.post('/simulator', async (c) => {
    const body = validate(z.object({ enabled: z.boolean(), eventsPerMinute: z.number().min(0).max(6000).optional() }), await readJson(c));
    deps.simulator.configure(body);
    return Response.json(deps.simulator.status());
  });

  app.post('/reset', async (c) => {
    const body = validate(z.object({ seed: z.number().int().optional() }), await readJson(c));
    world.reset(body.seed);
    return Response.json({ seed: world.state.seed });
  });

  /** Server-sent events: every dispatch, so the viewer (or a test) can follow the world live. */
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | null = null;
      const off = deps.bus.on((d) => {
        queue.push(JSON.stringify({ t: d.t, guild_id: d.guildId }));
        if (queue.length > 500) queue.shift();
        wake?.();
      });
      stream.onAbort(() => {
        off();
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: '{}' });
      while (!stream.aborted) {
        const next = queue.shift();
        if (next) await stream.writeSSE({ event: 'dispatch', data: next });
        else await new Promise<void>((r) => ((wake = r), setTimeout(r, 15_000)));
        wake = null;
        if (!queue.length && !stream.aborted) await stream.writeSSE({ event: 'ping', data: '{}' });
      }
      off();
    }),
  );

  app.notFound(() => Response.json(Errors.notFound().toJSON(), { status: 404 }));
  app.onError((err) => {
    if (err instanceof DiscordError) return Response.json(err.toJSON(), { status: err.status });
    deps.logger.error({ err }, 'control API failed');
    return Response.json({ code: 0, message: err instanceof Error ? err.message : 'Internal error' }, { status: 500 });
  });
  return app;
};
