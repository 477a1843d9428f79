import { GrantableLevelSchema, GrantSubjectSchema, mayGrant, ScopeSchema, SCOPES } from '@guildhall/access';
import { getGrant, listApiTokens, listGrants } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, ErrorSchema, newApiApp, z } from '../api/openapi.js';
import { GuildParams, json } from '../api/schemas.js';
import { newApiToken } from '../auth/api-tokens.js';
import { GATEWAY_SCHEMA } from '../auth/gateway-schema.js';
import { commandAnswer, sendCommand } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';

const Actor = z.object({ kind: z.string(), id: z.string(), name: z.string() }).openapi('Actor');
const Grant = z
  .object({
    grantId: z.string(),
    subject: GrantSubjectSchema,
    level: GrantableLevelSchema,
    expiresAt: z.string().nullable(),
    reason: z.string().nullable(),
    grantedBy: Actor,
    grantedAt: z.string(),
    revokedBy: Actor.nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Grant');
const GrantBody = z
  .object({
    subject: GrantSubjectSchema,
    level: GrantableLevelSchema,
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
    reason: z.string().trim().max(400).nullable().optional(),
  })
  .strict()
  .openapi('GrantAccessBody');
const TokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(ScopeSchema).min(1).max(SCOPES.length),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .openapi('CreateApiTokenBody');
const TokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(ScopeSchema),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    createdBy: Actor,
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');
const CreatedToken = z.object({ id: z.string(), token: z.string().openapi({ description: 'The secret: shown once, never again' }), name: z.string(), scopes: z.array(ScopeSchema), expiresAt: z.string().nullable() }).openapi('CreatedApiToken');
const Rejected = json(z.object({ status: z.string(), error: ErrorSchema.shape.error }).loose(), 'Refused');
const NotFound = json(ErrorSchema, 'No such grant or token');

/** Access: the guild's grants (who may what, beyond Discord) and its API tokens. Admins only; tokens may not manage tokens. */
export const accessArea = (deps: AppDeps) => {
  const app = newApiApp();
  const admin = guildRule('admin', null);

  app.openapi(
    apiRoute(deps, {
      operationId: 'listGrants', method: 'get', path: '/guilds/{guildId}/access/grants', tags: ['access'], summary: 'Grants in force (or all, with includeInactive)', access: admin,
      request: { params: GuildParams, query: z.object({ includeInactive: z.enum(['true', 'false']).optional() }).strict() },
      responses: { 200: json(z.object({ grants: z.array(Grant).readonly() }), 'The grants') },
    }),
    async (c) => c.json({ grants: await listGrants(deps.pool, { guildId: c.var.guild.id, includeInactive: c.req.valid('query').includeInactive === 'true' }) }, 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'grantAccess', method: 'post', path: '/guilds/{guildId}/access/grants', tags: ['access'], summary: 'Give a Discord role or a user a level (admins grant up to moderator; the owner grants admin)', access: admin,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: GrantBody } } } },
      responses: { 201: json(z.object({ grantId: z.string(), commandId: z.string() }), 'Granted'), 409: Rejected, 422: Rejected, 202: Rejected, 502: Rejected },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (!mayGrant(c.var.guild.level, body.level)) throw new ApiError(403, 'FORBIDDEN', `granting ${body.level} needs the ${body.level === 'admin' ? 'owner' : 'admin'} level`, 'level');
      const sent = await sendCommand(c, deps, { context: 'access', type: 'GrantAccess', payload: { ...body, expiresAt: body.expiresAt ?? null, reason: body.reason ?? null } });
      if (sent.result.status === 'accepted') return c.json({ grantId: sent.commandId, commandId: sent.commandId }, 201);
      return commandAnswer(c, sent);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'revokeAccess', method: 'delete', path: '/guilds/{guildId}/access/grants/{grantId}', tags: ['access'], summary: 'Revoke a grant: it stops counting at once', access: admin,
      request: { params: GuildParams.extend({ grantId: z.string().min(1).max(200) }) },
      responses: { 204: { description: 'Revoked' }, 404: NotFound, 409: Rejected, 422: Rejected, 202: Rejected, 502: Rejected },
    }),
    async (c) => {
      const { grantId } = c.req.valid('param');
      const grant = await getGrant(deps.pool, c.var.guild.id, grantId);
      if (!grant) throw new ApiError(404, 'GRANT_NOT_FOUND', `no grant ${grantId} in this guild`, 'grantId');
      if (!mayGrant(c.var.guild.level, grant.level)) throw new ApiError(403, 'FORBIDDEN', `revoking an ${grant.level} grant needs the owner level`);
      const sent = await sendCommand(c, deps, { context: 'access', type: 'RevokeAccess', payload: { grantId, reason: null } });
      if (sent.result.status === 'accepted') return c.body(null, 204);
      return commandAnswer(c, sent);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'createApiToken', method: 'post', path: '/guilds/{guildId}/api-tokens', tags: ['access'], summary: 'Make an API token for a third party, bound to this guild; the secret is shown once', access: admin,
      request: { params: GuildParams, body: { required: true, content: { 'application/json': { schema: TokenBody } } } },
      responses: { 201: json(CreatedToken, 'The token, once'), 409: Rejected, 422: Rejected, 202: Rejected, 502: Rejected },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { tokenId, token, secretHash } = newApiToken();
      const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000).toISOString() : null;
      const sent = await sendCommand(c, deps, { context: 'access', type: 'IssueApiToken', payload: { tokenId, name: body.name, scopes: body.scopes, expiresAt, secretHash, reason: null } });
      if (sent.result.status === 'accepted') return c.json({ id: tokenId, token, name: body.name, scopes: [...new Set(body.scopes)].sort(), expiresAt }, 201);
      return commandAnswer(c, sent);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'listApiTokens', method: 'get', path: '/guilds/{guildId}/api-tokens', tags: ['access'], summary: "The guild's API tokens with their last use (never their secrets)", access: admin,
      request: { params: GuildParams },
      responses: { 200: json(z.object({ tokens: z.array(TokenView) }), 'The tokens') },
    }),
    async (c) => {
      const guildId = c.var.guild.id;
      const tokens = await listApiTokens(deps.pool, guildId);
      const { rows } = await deps.pool.query<{ token_id: string; last_used_at: Date }>(`SELECT token_id, last_used_at FROM ${GATEWAY_SCHEMA}.token_use WHERE token_id = ANY($1::text[])`, [
        tokens.map((t) => `${guildId}/${t.tokenId}`),
      ]);
      const used = new Map(rows.map((r) => [r.token_id, r.last_used_at.toISOString()]));
      return c.json(
        {
          tokens: tokens.map((t) => ({
            id: t.tokenId, name: t.name, scopes: [...t.scopes], expiresAt: t.expiresAt, createdAt: t.issuedAt, createdBy: t.issuedBy, revokedAt: t.revokedAt,
            lastUsedAt: used.get(`${guildId}/${t.tokenId}`) ?? null,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'revokeApiToken', method: 'delete', path: '/guilds/{guildId}/api-tokens/{tokenId}', tags: ['access'], summary: 'Revoke an API token: it stops working at once', access: admin,
      request: { params: GuildParams.extend({ tokenId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be a token id from listApiTokens') }) },
      responses: { 204: { description: 'Revoked' }, 404: NotFound, 409: Rejected, 422: Rejected, 202: Rejected, 502: Rejected },
    }),
    async (c) => {
      const sent = await sendCommand(c, deps, { context: 'access', type: 'RevokeApiToken', payload: { tokenId: c.req.valid('param').tokenId, reason: null } });
      if (sent.result.status === 'accepted') return c.body(null, 204);
      if (sent.result.status === 'rejected' && sent.result.code === 'TOKEN_NOT_FOUND') throw new ApiError(404, 'TOKEN_NOT_FOUND', sent.result.message, 'tokenId');
      return commandAnswer(c, sent);
    },
  );

  return app;
};
