export { createPlayerRegistry, DiscordGuildPlayer, type GuildPlayer, type PlayerEvent, type PlayerEventType, type PlayerOptions, type PlayerPosition, type PlayerRegistry } from './player.js';
export { buildResource, type SourceTrack } from './source.js';
export { trustSandboxVoiceCertificate, trustSandboxVoiceCertificateFrom } from './sandbox-tls.js';
