export { createApp, CSRF_HEADER } from './app.js';
export { startHttpGateway, defaultUiDist, type HttpGateway } from './gateway.js';
export { HttpSettingsSchema, loadHttpSettings, publicUrlOf, type HttpSettings } from './settings.js';
export { SessionCodec, SessionSchema, type Session } from './auth/session.js';
export { Permission, hasAny, canOpenDashboard } from './auth/permissions.js';
export { webCommands, webCommand } from './commands/web-commands.js';
export type { AppDeps } from './http/app-env.js';
export type { ErrorBody } from './http/api-error.js';
export type { BotStatusView } from './live/bot-status.js';
