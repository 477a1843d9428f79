export { startSandbox, type SandboxHandle, type SandboxOptions } from './server.js';
export { SandboxWorld, type InteractionView } from './control/sandbox-world.js';
export type { WorldSnapshot, GuildSnapshot } from './control/snapshot.js';
export type { RestCall } from './rest/call-log.js';
export type { FaultInput, Fault } from './faults.js';
export { loadSandboxSettings, sandboxOptionsFromSettings, SandboxSettingsSchema, InvalidSettingsError, type SandboxSettings } from './settings.js';
export { DiscordError } from './errors.js';
