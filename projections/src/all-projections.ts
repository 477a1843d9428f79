import type { Projection } from '@guildhall/eventing';
import { accessProjection } from './access.js';
import { activityFeedProjection } from './activity-feed.js';
import { analyticsProjection } from './analytics.js';
import { appealsProjection } from './appeals.js';
import { approvalsProjection } from './approvals.js';
import { auditLogProjection } from './audit-log.js';
import { automationSchedulesProjection } from './automation-schedules.js';
import { automationWorkflowRunsProjection } from './automation-workflow-runs.js';
import { caseTimelineProjection } from './case-timeline.js';
import { casesProjection } from './cases.js';
import { guildOverviewProjection } from './guild-overview.js';
import { memberProfilesProjection } from './member-profiles.js';
import { automodRulesProjection } from './automod-rules.js';
import { messageHistoryProjection } from './message-history.js';
import { musicHistoryProjection } from './music-history.js';
import { musicLibraryProjection } from './music-library.js';
import { musicPlaylistsProjection } from './music-playlists.js';
import { musicSessionProjection } from './music-session.js';
import { notificationDeliveriesProjection } from './notification-deliveries.js';
import { reportsProjection } from './reports.js';

/** Every read model the projections service runs (and `npm run rebuild -- all` rebuilds). */
export const allProjections: readonly Projection[] = [
  casesProjection,
  caseTimelineProjection,
  memberProfilesProjection,
  activityFeedProjection,
  guildOverviewProjection,
  auditLogProjection,
  accessProjection,
  analyticsProjection,
  musicSessionProjection,
  musicHistoryProjection,
  musicPlaylistsProjection,
  musicLibraryProjection,
  messageHistoryProjection,
  automodRulesProjection,
  automationSchedulesProjection,
  appealsProjection,
  notificationDeliveriesProjection,
  approvalsProjection,
  automationWorkflowRunsProjection,
  reportsProjection,
];
