import { auditNames, JetStreamEventStore, latestVerification } from '@guildhall/eventing';
import { caseStreamId } from '@guildhall/moderation';
import type { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { intParam, parseQueryString } from '../http/query-params.js';

const VerificationQuery = z.object({ case: intParam.pipe(z.number().min(1, 'must be a positive whole number')).optional() }).strict();

/** What the dashboard shows: "verified up to <position>, <time>", red when the last check failed. */
export type VerificationStatus = Readonly<{
  /** `unknown`: no verification has run yet (the audit service runs one every AUDIT_VERIFY_INTERVAL_MS). */
  status: 'verified' | 'failed' | 'unknown';
  verifiedAt: string | null;
  upToPosition: number;
  upToOccurredAt: string | null;
  problems: number;
  firstProblem: { code: string; stream: string; position: number; what: string } | null;
  /** With `?case=n`: whether the case's latest event is within the verified part of the chain. */
  case: { caseNumber: number; lastPosition: number; covered: boolean } | null;
}>;

/**
 * GET /api/guilds/:guildId/audit/verification[?case=n]: the last scheduled verification, as it
 * concerns this guild (its own problems, and any problem of the chain as a whole).
 */
export const registerAuditRoutes = (app: Hono<AppEnv>, deps: AppDeps): void => {
  app.get('/api/guilds/:guildId/audit/verification', async (c) => {
    const q = parseQueryString(c, VerificationQuery);
    const guildId = c.req.param('guildId');
    if (!(deps.store instanceof JetStreamEventStore)) throw new ApiError(404, 'AUDIT_UNAVAILABLE', 'the audit chain runs on the JetStream event store only');
    const record = await latestVerification(deps.nc, auditNames(deps.store.streamName, deps.store.subjectPrefix));
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
    return c.json(body);
  });
};
