/** The driver codes against the player's own interface (`../player/player.ts`, on @discordjs/voice). */
export type { GuildPlayer, PlayerEvent } from '../player/player.js';
