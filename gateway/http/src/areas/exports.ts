import { listAuditLog, listCases, type AuditLogEntry, type CaseRow, type Page } from '@guildhall/projections';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { guildRule } from '../api/access-rule.js';
import { apiRoute, newApiApp, z } from '../api/openapi.js';
import { GuildParams } from '../api/schemas.js';
import { sendCommand } from '../commands/send-command.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { AuditQuery } from './audit.js';
import { CasesQuery } from './cases.js';

const Format = z.object({ format: z.enum(['csv', 'ndjson']).default('ndjson') });
/** The lists' largest page. */
const PAGE = 200;

/** RFC 4180 CSV cell; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula. */
const cell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (cells: readonly unknown[]): string => `${cells.map(cell).join(',')}\r\n`;

const CASE_COLUMNS = ['caseNumber', 'type', 'status', 'outcome', 'targetId', 'targetName', 'moderatorKind', 'moderatorId', 'moderatorName', 'reason', 'hidden', 'durationSeconds', 'expiresAt', 'openedAt', 'updatedAt'];
const caseCells = (r: CaseRow) => [r.caseNumber, r.type, r.status, r.outcome, r.target.id, r.target.name, r.moderator.kind, r.moderator.id, r.moderator.name, r.reason, r.hidden, r.durationSeconds, r.expiresAt, r.openedAt, r.updatedAt];
const AUDIT_COLUMNS = ['position', 'idx', 'eventId', 'type', 'streamId', 'version', 'occurredAt', 'actorKind', 'actorId', 'actorName', 'source', 'correlationId', 'causationId', 'payload'];
const auditCells = (e: AuditLogEntry) => [e.position, e.idx, e.eventId, e.type, e.streamId, e.version, e.occurredAt, e.actor.kind, e.actor.id, e.actor.name, e.source, e.correlationId, e.causationId, e.payload];

/**
 * Exports of the case list and the audit log, with the lists' own filters, as CSV or NDJSON.
 * Streamed page by page along the lists' keyset cursors: memory stays flat however many rows.
 * Each export is first recorded as an event (who exported what, with which filters).
 */
export const exportsArea = (deps: AppDeps) => {
  const app = newApiApp();

  const exportRoute = <T>(
    kind: 'cases' | 'audit-log',
    columns: readonly string[],
    cells: (row: T) => readonly unknown[],
    fetchPage: (guildId: string, cursor: string | undefined) => Promise<Page<T>>,
    c: Context<AppEnv>,
    guildId: string,
    format: 'csv' | 'ndjson',
  ) => {
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${kind}-${guildId}.${format === 'csv' ? 'csv' : 'ndjson'}"`);
    return stream(c, async (s) => {
      if (format === 'csv') await s.write(csvLine(columns));
      let cursor: string | undefined;
      do {
        const page = await fetchPage(guildId, cursor);
        await s.write(page.items.map((row) => (format === 'csv' ? csvLine(cells(row)) : `${JSON.stringify(row)}\n`)).join(''));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && !s.aborted);
    }, async (err, s) => {
      deps.logger.error({ err, kind, guildId }, 'export failed midway');
      await s.write(format === 'csv' ? '\r\n#export-failed\r\n' : '{"error":{"code":"EXPORT_FAILED","reason":"the export stopped midway"}}\n');
    });
  };

  const record = async (c: Context<AppEnv>, kind: 'cases' | 'audit-log', format: 'csv' | 'ndjson', filters: Record<string, unknown>) => {
    const sent = await sendCommand(c, deps, { context: 'access', type: 'RecordExport', payload: { kind, format, filters } });
    if (sent.result.status !== 'accepted') throw new ApiError(503, 'EXPORT_NOT_RECORDED', 'the export could not be recorded, so it was not made; try again');
  };

  app.openapi(
    apiRoute(deps, {
      operationId: 'exportCases', method: 'get', path: '/guilds/{guildId}/exports/cases', tags: ['exports'], summary: 'The case list with its filters, as CSV or NDJSON (streamed; recorded as an event)', access: guildRule('viewer', 'cases:read'),
      request: { params: GuildParams, query: CasesQuery.omit({ cursor: true, limit: true }).extend(Format.shape).strict() },
      responses: { 200: { description: 'The rows', content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } } } },
    }),
    async (c) => {
      const { format, ...filters } = c.req.valid('query');
      const guildId = c.var.guild.id;
      // Check the filters before recording anything (the query function validates them).
      await listCases(deps.pool, { guildId, ...filters, limit: 1 });
      await record(c, 'cases', format, c.req.queries());
      return exportRoute('cases', CASE_COLUMNS, caseCells, (g, cursor) => listCases(deps.pool, { guildId: g, ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) }), c, guildId, format);
    },
  );

  app.openapi(
    apiRoute(deps, {
      operationId: 'exportAuditLog', method: 'get', path: '/guilds/{guildId}/exports/audit-log', tags: ['exports'], summary: 'The audit log with its filters, as CSV or NDJSON (streamed; recorded as an event)', access: guildRule('viewer', 'audit:read'),
      request: { params: GuildParams, query: AuditQuery.omit({ cursor: true, limit: true }).extend(Format.shape).strict() },
      responses: { 200: { description: 'The rows', content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } } } },
    }),
    async (c) => {
      const { format, ...filters } = c.req.valid('query');
      const guildId = c.var.guild.id;
      await listAuditLog(deps.pool, { guildId, ...filters, limit: 1 });
      await record(c, 'audit-log', format, c.req.queries());
      return exportRoute('audit-log', AUDIT_COLUMNS, auditCells, (g, cursor) => listAuditLog(deps.pool, { guildId: g, ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) }), c, guildId, format);
    },
  );

  return app;
};
