import { auditNames, JetStreamEventStore, latestVerification, ShreddingEventStore } from '@guildhall/eventing';
import { SourceSchema } from '@guildhall/kernel';
import { caseStreamId } from '@guildhall/moderation';
import { listAuditLog } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { instantParam, intParam, orderParam, textParam } from '../api/query-params.js';
import { GuildParams, json, loose, page } from '../api/schemas.js';
import { ApiError } from '../http/api-error.js';
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

/** What the dashboard shows: "verified up to <position>, <time>", red when the last check failed. */
const VerificationStatusSchema = z
  .object({
    /** `unknown`: no verification has run yet (the audit service runs one every AUDIT_VERIFY_INTERVAL_MS). */
    status: z.enum(['verified', 'failed', 'unknown']),
    verifiedAt: z.string().nullable(),
    upToPosition: z.number().int(),
    upToOccurredAt: z.string().nullable(),
    problems: z.number().int(),
    firstProblem: z.object({ code: z.string(), stream: z.string(), position: z.number().int(), what: z.string() }).nullable(),
    /** With `?case=n`: whether the case's latest event is within the verified part of the chain. */
    case: z.object({ caseNumber: z.number().int(), lastPosition: z.number().int(), covered: z.boolean() }).nullable(),
  })
  .openapi('AuditVerification');
export type VerificationStatus = z.infer<typeof VerificationStatusSchema>;

/** The audit log: every event of the guild, in store order. */
export const auditArea = (deps: AppDeps) => {
  const app = newApiApp();
  app.openapi(
    apiRoute(deps, { operationId: 'listAuditLog', method: 'get', path: '/guilds/{guildId}/audit-log', tags: ['audit'], summary: 'A page of the audit log', access: guildRule('viewer', 'audit:read'), request: { params: GuildParams, query: AuditQuery }, responses: { 200: json(page('AuditLogPage', loose('AuditLogEntry', { position: z.number(), type: z.string() })), 'A page') } }),
    async (c) => c.json(await listAuditLog(deps.pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );
  app.openapi(
    apiRoute(deps, {
      operationId: 'getAuditVerification',
      method: 'get',
      path: '/guilds/{guildId}/audit/verification',
      tags: ['audit'],
      summary: 'The last scheduled verification of the hash chain, as it concerns this guild (and one case with `case`)',
      access: guildRule('viewer', 'audit:read'),
      request: { params: GuildParams, query: z.object({ case: intParam.pipe(z.number().min(1, 'must be a positive whole number')).optional() }).strict() },
      responses: { 200: json(VerificationStatusSchema, '"verified up to <position>, <time>", or failed with the first bad place') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const guildId = c.var.guild.id;
      const stored = deps.store instanceof ShreddingEventStore ? deps.store.inner : deps.store;
      if (!(stored instanceof JetStreamEventStore)) throw new ApiError(404, 'AUDIT_UNAVAILABLE', 'the audit chain runs on the JetStream event store only');
      const record = await latestVerification(deps.nc, auditNames(stored.streamName, stored.subjectPrefix));
      const mine = record?.problems.filter((p) => p.guildId === guildId || p.guildId === undefined) ?? [];
      const g = record?.guilds[guildId];
      const storeWide = record?.problems.some((p) => p.guildId === undefined) ?? false;
      const failed = record !== undefined && ((g?.problems ?? 0) > 0 || storeWide);
      const upToPosition = g?.upToPosition ?? 0;
      let caseInfo: VerificationStatus['case'] = null;
      if (q.case !== undefined) {
        const { version } = await deps.store.readStream(caseStreamId(guildId, q.case));
        if (version === 0) throw new ApiError(404, 'CASE_NOT_FOUND', `case: guild ${guildId} has no case #${q.case}`);
        caseInfo = { caseNumber: q.case, lastPosition: version, covered: !failed && record !== undefined && version <= upToPosition };
      }
      const first = mine[0];
      const body: VerificationStatus = {
        status: record === undefined ? 'unknown' : failed ? 'failed' : 'verified',
        verifiedAt: record?.at ?? null,
        upToPosition,
        upToOccurredAt: g?.upToOccurredAt ?? null,
        problems: (g?.problems ?? 0) + (record?.problems.filter((p) => p.guildId === undefined).length ?? 0),
        firstProblem: first ? { code: first.code, stream: first.stream, position: first.position, what: first.what } : null,
        case: caseInfo,
      };
      return c.json(body, 200);
    },
  );
  return app;
};
