import { SourceSchema } from '@guildhall/kernel';
import { listAuditLog } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { instantParam, intParam, orderParam, textParam } from '../api/query-params.js';
import { GuildParams, json, loose, page } from '../api/schemas.js';
import type { AppDeps } from '../http/app-env.js';

export const AuditQuery = z
  .object({
    type: textParam(100).optional(),
    actorId: textParam(100).optional(),
    source: SourceSchema.optional(),
    correlationId: textParam(200).optional(),
    streamId: textParam(300).optional(),
    from: instantParam.optional(),
    to: instantParam.optional(),
    order: orderParam.optional(),
    limit: intParam.optional(),
    cursor: textParam(500).optional(),
  })
  .strict();

/** The audit log: every event of the guild, in store order. */
export const auditArea = (deps: AppDeps) => {
  const app = newApiApp();
  app.openapi(
    apiRoute(deps, { operationId: 'listAuditLog', method: 'get', path: '/guilds/{guildId}/audit-log', tags: ['audit'], summary: 'A page of the audit log', access: guildRule('viewer', 'audit:read'), request: { params: GuildParams, query: AuditQuery }, responses: { 200: json(page('AuditLogPage', loose('AuditLogEntry', { position: z.number(), type: z.string() })), 'A page') } }),
    async (c) => c.json(await listAuditLog(deps.pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );
  return app;
};
