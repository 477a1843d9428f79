// Appeals: every appeal of a case (appeal/), the guild's appeal settings (appeal-settings/).
// The root stays pure; the bus handler is `@guildhall/appeals/handler`.
export const APPEALS_CONTEXT = 'appeals' as const;
export * from './appeals-schemas.js';
export * from './appeals-errors.js';
export * from './stream-ids.js';
export * from './appeal/commands.js';
export * from './appeal/events.js';
export * from './appeal/state.js';
export * from './appeal/decider.js';
export * from './appeal/four-eyes.js';
export * from './appeal-settings/settings.js';
export * from './appeal-settings/commands.js';
export * from './appeal-settings/events.js';
export * from './appeal-settings/state.js';
export * from './appeal-settings/decider.js';
export * from './command-routing.js';
export { liftRequestIdOf, reactToAppealEvent } from './workflows/lift-on-approval.js';
export * from './notification/commands.js';
export * from './notification/events.js';
export * from './notification/state.js';
export * from './notification/decider.js';
export * from './email-preference/commands.js';
export * from './email-preference/events.js';
export * from './email-preference/state.js';
export * from './email-preference/decider.js';
export * from './notifications-routing.js';
export * from './personal-data.js';
export * from './notification/personal-data.js';
