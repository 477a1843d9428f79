import { REASON_MAX, ReportIdSchema } from '@guildhall/moderation';
import { getCase, getReport, listReports, ReportStatusSchema } from '@guildhall/projections';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, ErrorSchema, newApiApp, z } from '../api/openapi.js';
import { intParam, snowflakeParam, textParam } from '../api/query-params.js';
import { GuildParams, json, loose, page } from '../api/schemas.js';
import { commandAnswer, sendCommand } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';

const ReportParams = GuildParams.extend({ reportId: ReportIdSchema });
const UserRef = z.object({ id: z.string(), name: z.string().nullable() });
const Report = loose('Report', {
  reportId: z.string(),
  status: ReportStatusSchema,
  filing: z.object({ reporter: UserRef, target: UserRef, channelId: z.string().nullable(), messageId: z.string().nullable(), excerpt: z.string().nullable(), reason: z.string().nullable(), filedAt: z.string() }),
  resolution: z
    .object({
      resolution: z.union([z.object({ kind: z.literal('acted'), caseNumber: z.number().int(), targetId: z.string() }), z.object({ kind: z.literal('dismissed'), reason: z.string() })]),
      resolvedBy: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
      resolvedAt: z.string(),
    })
    .loose()
    .nullable(),
});
const ReportsQuery = z
  .object({ status: ReportStatusSchema.optional(), memberId: snowflakeParam.optional(), limit: intParam.optional(), cursor: textParam(500).optional() })
  .strict();
const ResolveBody = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('acted'), caseNumber: z.number().int().positive() }).strict(),
    z.object({ kind: z.literal('dismissed'), reason: z.string().trim().min(1, 'a dismissal needs a reason').max(REASON_MAX) }).strict(),
  ])
  .openapi('ResolveReportBody');
const Refused = (what: string) => json(ErrorSchema, what);
const Rejected = json(z.object({ status: z.string(), error: ErrorSchema.shape.error }).loose(), 'Refused');

const RESOLVE_STATUS: Readonly<Record<string, 404 | 409>> = { REPORT_NOT_FOUND: 404, REPORT_ALREADY_RESOLVED: 409, REPORT_TARGET_MISMATCH: 409 };

/**
 * Members' reports (the bot's "Report message" / "Report member"): the moderators' queue, and
 * closing a report by dismissing it or linking it to a case. Acting from the queue is a sanction
 * sent with the report's id (`reportId` on BanMember, TimeoutMember, ...): its case resolves it.
 */
export const reportsArea = (deps: AppDeps) => {
  const app = newApiApp({ bodyCode: 'INVALID_BODY' });
  const read = guildRule('moderator', 'cases:read');
  const write = guildRule('moderator', 'cases:write');

  app.openapi(
    apiRoute(deps, {
      operationId: 'listReports', method: 'get', path: '/guilds/{guildId}/reports', tags: ['reports'], summary: "Members' reports (default: the open ones), newest first, optionally about one member", access: read,
      request: { params: GuildParams, query: ReportsQuery },
      responses: { 200: json(page('ReportPage', Report), 'A page of reports') },
    }),
    async (c) => c.json(await listReports(deps.pool, { guildId: c.var.guild.id, ...c.req.valid('query') }), 200),
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'resolveReport', method: 'post', path: '/guilds/{guildId}/reports/{reportId}/resolve', tags: ['reports'],
      summary: 'Close a report: dismissed with a reason, or acted with a case about the reported member (a sanction sent with the reportId does this by itself)', access: write,
      request: { params: ReportParams, body: { required: true, content: { 'application/json': { schema: ResolveBody } } } },
      responses: {
        200: json(z.object({ commandId: z.string(), report: Report.nullable() }), 'Resolved'),
        404: Refused('REPORT_NOT_FOUND, or CASE_NOT_FOUND for the case to link'),
        409: Refused('REPORT_ALREADY_RESOLVED, or REPORT_TARGET_MISMATCH: the case is about another member'),
        202: Rejected,
        422: Rejected,
        502: Rejected,
      },
    }),
    async (c) => {
      const guildId = c.var.guild.id;
      const { reportId } = c.req.valid('param');
      const body = c.req.valid('json');
      // The case's member comes from the case itself, never from the caller, so a link cannot name another member's case.
      let resolution: Record<string, unknown> = body;
      if (body.kind === 'acted') {
        const theCase = await getCase(deps.pool, { guildId, caseNumber: body.caseNumber });
        if (!theCase) throw new ApiError(404, 'CASE_NOT_FOUND', `no case #${body.caseNumber} in this guild`, 'caseNumber');
        resolution = { kind: 'acted', caseNumber: body.caseNumber, targetId: theCase.target.id };
      }
      const sent = await sendCommand(c, deps, { context: 'moderation', type: 'ResolveReport', payload: { reportId, resolution } });
      const r = sent.result;
      if (r.status === 'accepted') return c.json({ commandId: sent.commandId, report: await getReport(deps.pool, guildId, reportId) }, 200);
      if (r.status === 'rejected' && Object.hasOwn(RESOLVE_STATUS, r.code)) {
        throw new ApiError(RESOLVE_STATUS[r.code]!, r.code, r.message, r.code === 'REPORT_TARGET_MISMATCH' ? 'caseNumber' : r.code === 'REPORT_NOT_FOUND' ? 'reportId' : undefined, r.details);
      }
      return commandAnswer(c, sent);
    },
  );

  return app;
};
