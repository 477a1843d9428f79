export * from './facts/index.js';
export { startBot, type Bot, type BotParts, type StartBotOptions } from './bot.js';
export { BotSettingsSchema, loadBotSettings, type BotSettings } from './settings.js';
export { BotStatusSchema, type BotStatus } from './status.js';
export { ensureDiscordStream } from './ingest/discord-stream.js';
export type { ActionRequest, ActionResult } from './actions/action-request.js';
export { nonceOf } from './actions/action-request.js';
