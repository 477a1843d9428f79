/**
 * The read models (one Projection per file, run by @guildhall/eventing's runner) and their query
 * functions: plain functions taking a pg Pool or client, validating their input with zod
 * (DomainError INVALID_QUERY otherwise) and returning typed rows.
 */
export { allProjections } from './all-projections.js';
export { allPersonalData } from './personal-data.js';
export { casesProjection } from './cases.js';
export { caseTimelineProjection } from './case-timeline.js';
export { memberProfilesProjection } from './member-profiles.js';
export { activityFeedProjection, ACTIVITY_KINDS, type ActivityKind } from './activity-feed.js';
export { guildOverviewProjection } from './guild-overview.js';
export { auditLogProjection } from './audit-log.js';
export { accessProjection } from './access.js';
export { analyticsProjection } from './analytics.js';
export { musicSessionProjection } from './music-session.js';
export { musicHistoryProjection } from './music-history.js';
export { musicPlaylistsProjection } from './music-playlists.js';
export { musicLibraryProjection } from './music-library.js';
export { messageHistoryProjection } from './message-history.js';
export { automodRulesProjection } from './automod-rules.js';
export { automationSchedulesProjection } from './automation-schedules.js';
export { appealsProjection } from './appeals.js';
export { notificationDeliveriesProjection } from './notification-deliveries.js';
export { approvalsProjection, APPROVALS } from './approvals.js';
export { automationWorkflowRunsProjection } from './automation-workflow-runs.js';
export { reportsProjection, REPORTS } from './reports.js';
export { CaseStatusSchema, caseStatus, type CaseStatus } from './case-summary.js';
export * from './cases-queries.js';
export * from './case-timeline-queries.js';
export * from './member-profiles-queries.js';
export * from './activity-feed-queries.js';
export * from './guild-overview-queries.js';
export * from './audit-log-queries.js';
export * from './replay-queries.js';
export * from './access-queries.js';
export * from './live-queries.js';
export * from './member-search-queries.js';
export * from './analytics-queries.js';
export * from './music-session-queries.js';
export * from './music-history-queries.js';
export * from './music-playlists-queries.js';
export * from './music-library-queries.js';
export * from './message-history-queries.js';
export * from './automod-rules-queries.js';
export * from './backtest-history-queries.js';
export * from './automation-schedules-queries.js';
export * from './appeals-queries.js';
export * from './notification-deliveries-queries.js';
export * from './approvals-queries.js';
export * from './automation-workflow-runs-queries.js';
export * from './reports-queries.js';
export { INVALID_QUERY, type Page } from './query-input.js';
export type { Db } from './db.js';
export { rebuildReadModels, startEraser, type EraserOptions } from './erasure/eraser.js';
export { guildsWithDayKeys, runRetention, startRetentionJob, type RetentionJob, type RetentionRun } from './erasure/retention.js';
export { keysToDestroy } from './erasure/forgotten-member.js';
export * from './settings-history.js';
