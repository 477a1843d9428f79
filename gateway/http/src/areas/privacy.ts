import { MAX_RETENTION_DAYS, retentionAggregate, retentionStreamId } from '@guildhall/access';
import { aggregateStream } from '@guildhall/eventing';
import { guildRule, SIGNED_IN } from '../api/access-rule.js';
import { apiRoute, ErrorSchema, newApiApp, z } from '../api/openapi.js';
import { GuildParams, json, MemberParams } from '../api/schemas.js';
import { commandAnswer, sendCommand } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { unauthenticated } from '../middleware/authenticate.js';

const Forgotten = z
  .object({
    commandId: z.string(),
    memberId: z.string(),
    status: z.literal('accepted'),
    erasure: z.literal('scheduled').openapi({ description: "Recorded; the member's keys are destroyed and the read models rebuilt within moments (their personal fields then read \"[erased]\")" }),
  })
  .openapi('MemberForgotten');
const Retention = z.object({ messageContentDays: z.number().int().nullable(), setBy: z.string().nullable(), setAt: z.string().nullable() }).openapi('Retention');
const RetentionBody = z.object({ messageContentDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable() }).strict().openapi('SetRetentionBody');
const Rejected = json(z.object({ status: z.string(), error: ErrorSchema.shape.error }).loose(), 'Refused');

/**
 * Privacy: erasure ("forget me") and per-guild retention.
 *
 * Erasure by crypto-shredding: an admin acting on a member's request, or the member
 * themself. Each is recorded as MemberForgotten (ids only); the eraser then destroys the member's
 * keys, so their names and message content read as erased everywhere while their cases stay.
 */
export const privacyArea = (deps: AppDeps) => {
  const app = newApiApp();

  app.openapi(
    apiRoute(deps, {
      operationId: 'forgetMember', method: 'post', path: '/guilds/{guildId}/members/{userId}/forget', tags: ['members'],
      summary: "Forget a member on their request: their personal data is erased (cases stay, with the fields erased); recorded as who did it",
      access: guildRule('admin', null),
      request: { params: MemberParams },
      responses: { 202: json(Forgotten, 'Recorded; erasure follows'), 409: Rejected, 422: Rejected, 502: Rejected },
    }),
    async (c) => {
      if (c.var.principal?.kind !== 'session') throw unauthenticated();
      const { userId } = c.req.valid('param');
      const sent = await sendCommand(c, deps, { context: 'access', type: 'ForgetMember', payload: { memberId: userId, requestedBy: 'admin' } });
      if (sent.result.status === 'accepted') return c.json({ commandId: sent.commandId, memberId: userId, status: 'accepted' as const, erasure: 'scheduled' as const }, 202);
      return commandAnswer(c, sent);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'forgetMe', method: 'post', path: '/me/guilds/{guildId}/forget', tags: ['members'],
      summary: 'Forget me in this guild: my names and messages are erased (my cases stay, with those fields erased)',
      access: SIGNED_IN,
      request: { params: GuildParams },
      responses: { 202: json(Forgotten, 'Recorded; erasure follows'), 404: json(ErrorSchema, 'You are not a member of that guild'), 409: Rejected, 422: Rejected, 502: Rejected },
    }),
    async (c) => {
      const p = c.var.principal;
      if (p?.kind !== 'session') throw unauthenticated();
      const { guildId } = c.req.valid('param');
      const guild = p.guilds.find((g) => g.id === guildId);
      if (!guild) throw new ApiError(404, 'NOT_A_MEMBER', 'you are not a member of that guild (as Discord listed your guilds at sign-in)', 'guildId');
      // No level needed: any member may ask to be forgotten; the command names them as the actor.
      c.set('guild', { id: guild.id, name: guild.name, icon: guild.icon, level: null });
      const sent = await sendCommand(c, deps, { context: 'access', type: 'ForgetMember', payload: { memberId: p.user.id, requestedBy: 'member' } });
      if (sent.result.status === 'accepted') return c.json({ commandId: sent.commandId, memberId: p.user.id, status: 'accepted' as const, erasure: 'scheduled' as const }, 202);
      return commandAnswer(c, sent);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'getRetention', method: 'get', path: '/guilds/{guildId}/retention', tags: ['members'],
      summary: "How long the guild keeps message content (null: kept), with who set it when", access: guildRule('admin', null),
      request: { params: GuildParams },
      responses: { 200: json(Retention, 'The setting in force') },
    }),
    async (c) => {
      const { state } = await aggregateStream(deps.store, retentionStreamId(c.var.guild.id), retentionAggregate);
      return c.json({ messageContentDays: state.messageContentDays, setBy: state.setBy, setAt: state.setAt }, 200);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'setRetention', method: 'put', path: '/guilds/{guildId}/retention', tags: ['members'],
      summary: 'Keep message content this many days, then shred it (null: keep it); recorded, so the setting has a history', access: guildRule('admin', null),
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: RetentionBody } } } },
      responses: { 200: json(z.object({ commandId: z.string(), status: z.literal('accepted') }).loose(), 'Set'), 409: Rejected, 422: Rejected, 502: Rejected },
    }),
    async (c) => commandAnswer(c, await sendCommand(c, deps, { context: 'access', type: 'SetRetention', payload: c.req.valid('json') })),
  );

  return app;
};
