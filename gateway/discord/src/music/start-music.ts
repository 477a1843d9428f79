import { libraryScanCommand } from '@guildhall/music';
import type { CommandBus, EventStore } from '@guildhall/eventing';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { DiscordCredentials } from '../credentials.js';
import { sandboxUrlOf, type BotSettings } from '../settings.js';
import { startMusicDriver, type MusicDriver } from './driver/music-driver.js';
import { ensureDemoLibrary, scanLibrary } from './library/index.js';
import { createPlayerRegistry, trustSandboxVoiceCertificateFrom, type PlayerRegistry } from './player/index.js';

export type BotMusic = Readonly<{
  /** After READY: scans the library into each guild and brings each player to where its session's events say. */
  onReady(): Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * The bot's music part: one player per guild on @discordjs/voice, driven by the music session's
 * events through the reactor (the driver), and the library folder scanned into each guild's
 * library read model. In sandbox mode the bot trusts the sandbox's voice certificate (fetched
 * from its control API); verification is never turned off.
 */
export const startBotMusic = async (
  o: Readonly<{ client: Client; nc: NatsConnection; bus: CommandBus; store: EventStore; settings: BotSettings; credentials: DiscordCredentials; logger: Logger }>,
): Promise<BotMusic> => {
  const log = o.logger.child({ part: 'music' });
  const s = o.settings;
  if (o.credentials.target === 'sandbox') await trustSandboxVoiceCertificateFrom(sandboxUrlOf(s));
  const players: PlayerRegistry = createPlayerRegistry(o.client, { logger: log });
  const driver: MusicDriver = await startMusicDriver({
    nc: o.nc,
    bus: o.bus,
    store: o.store,
    streamName: s.EVENTS_STREAM,
    subjectPrefix: s.EVENTS_SUBJECT_PREFIX,
    logger: log,
    playerFor: (guildId) => players.get(guildId),
  });
  return {
    onReady: async () => {
      const guildIds = [...o.client.guilds.cache.keys()];
      try {
        if (s.MUSIC_DEMO_LIBRARY) await ensureDemoLibrary(s.MUSIC_LIBRARY_DIR);
        const tracks = await scanLibrary(s.MUSIC_LIBRARY_DIR);
        const now = new Date().toISOString();
        for (const guildId of guildIds) await o.bus.send(libraryScanCommand(guildId, tracks, now), { context: 'music' });
        log.info({ dir: s.MUSIC_LIBRARY_DIR, tracks: tracks.length, guilds: guildIds.length }, 'music library scanned');
      } catch (err) {
        // Music without a library still plays URLs; the rest of the bot must not stop for it.
        log.error({ err, dir: s.MUSIC_LIBRARY_DIR }, 'music library scan failed');
      }
      await driver.resume(guildIds);
    },
    stop: async () => {
      await driver.stop();
      await players.destroyAll();
    },
  };
};
