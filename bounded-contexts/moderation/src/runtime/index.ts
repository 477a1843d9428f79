/**
 * The moderation service's run-time pieces (NATS, PostgreSQL): the process manager consumer,
 * the expiry schedule read model and its scheduler, and the composition the service main runs.
 * Import as `@guildhall/moderation/runtime`; the package root stays pure.
 */
export { systemClock, type Clock } from './clock.js';
export { ModerationProcessManager, type ProcessManagerOptions } from './process-manager.js';
export { moderationEventsFilter } from './process-consumer.js';
export { isBulkMemberCommand, COMMAND_FAILED } from './reaction-sender.js';
export { expiryScheduleProjection, EXPIRY_SCHEDULE } from './expiry-schedule-projection.js';
export { dueApprovalExpiries, dueExpiries, scheduledExpiries, type ScheduledApprovalExpiry, type ScheduledExpiry } from './expiry-schedule-queries.js';
export { expireApprovalCommand, expireCommand, expireCommandId, SCHEDULER_ACTOR } from './expire-command.js';
export { memberSanctionsProjection, MEMBER_SANCTIONS } from './member-sanctions-projection.js';
export { believedSanctions } from './member-sanctions-queries.js';
export { reconcilerHandler, type ReconcilerOptions } from './reconciler.js';
export { ExpiryScheduler, type ExpirySchedulerOptions } from './expiry-scheduler.js';
export { startModerationService, type ModerationService, type ModerationServiceOptions } from './moderation-service.js';
export { ModerationSettingsSchema, loadModerationSettings, type ModerationSettings } from './moderation-settings.js';
export { waitForOutcome, type OutcomeQuery } from './wait-for-outcome.js';
