import { aggregateStream } from '@guildhall/eventing';
import { reportAggregate, reportStreamId } from '@guildhall/moderation';
import { ApiError } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';

/**
 * A sanction sent "from a report" (`reportId` in its body) must act on that report: it exists, is
 * still open and is about the same member. Checked before the command is sent, so a wrong link is
 * refused with nothing appended, instead of a ban whose report then stays open (the workflow's
 * ResolveReport would be refused after the fact).
 */
export const checkReportLink = async (deps: Pick<AppDeps, 'store'>, guildId: string, body: unknown): Promise<void> => {
  if (typeof body !== 'object' || body === null) return;
  const { reportId, target } = body as { reportId?: unknown; target?: { id?: unknown } };
  if (typeof reportId !== 'string') return;
  const { state } = await aggregateStream(deps.store, reportStreamId(guildId, reportId), reportAggregate);
  if (state.status === 'none' || !state.filing) throw new ApiError(404, 'REPORT_NOT_FOUND', `no report ${reportId} in this guild`, 'reportId');
  if (state.status === 'resolved') throw new ApiError(409, 'REPORT_ALREADY_RESOLVED', `report ${reportId} is already resolved`, 'reportId');
  const targetId = typeof target?.id === 'string' ? target.id : undefined;
  if (targetId !== undefined && targetId !== state.filing.target.id) {
    throw new ApiError(409, 'REPORT_TARGET_MISMATCH', `report ${reportId} is about member ${state.filing.target.id}, not ${targetId}`, 'reportId');
  }
};
