import type { Decider } from '@guildhall/kernel';
import { ModerationErrorCodes as E, reject } from '../moderation-errors.js';
import { reportIdOf, type ReportCommand } from './commands.js';
import type { ReportEvent } from './events.js';
import { evolveReport, initialReportState, type ReportState } from './state.js';

type Of<T extends ReportCommand['type']> = Extract<ReportCommand, { type: T }>;

const sameResolution = (a: Of<'ResolveReport'>['data']['resolution'], b: Of<'ResolveReport'>['data']['resolution']): boolean =>
  a.kind === 'acted' && b.kind === 'acted' ? a.caseNumber === b.caseNumber : a.kind === 'dismissed' && b.kind === 'dismissed' && a.reason === b.reason;

const file = (c: Of<'FileReport'>, s: ReportState): ReportEvent[] => {
  const d = c.data;
  if (d.reporter.id === d.target.id) return reject(E.REPORT_SELF, 'you cannot report yourself', { field: 'target' });
  if (d.targetIsBot) return reject(E.REPORT_BOT, 'bots are not reported', { field: 'target' });
  const reportId = reportIdOf(d);
  if (s.status === 'open') {
    return reject(E.REPORT_ALREADY_OPEN, `you already reported this ${d.messageId !== null ? 'message' : 'member'}; the moderators have it`, { reportId });
  }
  return [
    {
      type: 'ReportFiled',
      data: { reportId, reporter: d.reporter, target: d.target, channelId: d.channelId, messageId: d.messageId, excerpt: d.excerpt, reason: d.reason, filedAt: c.meta.now },
    },
  ];
};

const resolve = (c: Of<'ResolveReport'>, s: ReportState): ReportEvent[] => {
  const { reportId, resolution } = c.data;
  if (s.filing === null) return reject(E.REPORT_NOT_FOUND, `report ${reportId} does not exist`, { reportId });
  if (s.status === 'resolved') {
    if (s.resolution !== null && sameResolution(s.resolution.resolution, resolution)) return [];
    return reject(E.REPORT_ALREADY_RESOLVED, `report ${reportId} is already resolved`, { reportId });
  }
  if (resolution.kind === 'acted' && resolution.targetId !== s.filing.target.id) {
    return reject(E.REPORT_TARGET_MISMATCH, `case #${resolution.caseNumber} is about another member than report ${reportId}`, { reportId, field: 'resolution.caseNumber' });
  }
  return [{ type: 'ReportResolved', data: { reportId, target: s.filing.target, resolution, resolvedBy: c.meta.actor, filedAt: s.filing.filedAt, resolvedAt: c.meta.now } }];
};

/** Members' reports: filed by anyone but oneself and not about a bot, once at a time; resolved once, by a moderator. */
export const decideReport = (c: ReportCommand, s: ReportState): ReportEvent[] => {
  switch (c.type) {
    case 'FileReport':
      return file(c, s);
    case 'ResolveReport':
      return resolve(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const reportDecider: Decider<ReportState, ReportCommand, ReportEvent> = {
  decide: decideReport,
  evolve: evolveReport,
  initialState: initialReportState,
};
