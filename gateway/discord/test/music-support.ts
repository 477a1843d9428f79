import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle, type SandboxOptions, type VoiceSessionView } from '@guildhall/discord-sandbox';
import { eventually } from '@guildhall/eventing/testing';
import { Client, GatewayIntentBits } from 'discord.js';
import { createPlayerRegistry, trustSandboxVoiceCertificate, type PlayerOptions, type PlayerRegistry } from '../src/music/index.js';

/** A sandbox, a discord.js client with GuildVoiceStates, a player registry and a temp folder. */
export interface VoiceRig {
  sb: SandboxHandle;
  client: Client;
  players: PlayerRegistry;
  guildId: string;
  lounge: string;
  gaming: string;
  dir: string;
  /** The bot's voice session in the main guild as the sandbox sees it. */
  heard(): VoiceSessionView | undefined;
  stop(): Promise<void>;
}

export const startVoiceRig = async (opts: { sandbox?: SandboxOptions; player?: PlayerOptions } = {}): Promise<VoiceRig> => {
  const sb = await startSandbox({ port: 0, seed: 1, simulator: { enabled: false }, heartbeatIntervalMs: 1_000, ...opts.sandbox });
  if (!sb.voice) throw new Error('sandbox voice is off');
  trustSandboxVoiceCertificate(sb.voice.certificate);
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: `${sb.url}/api` }, waitGuildTimeout: 1_000 });
  await client.login(sb.bot.token);
  await eventually(async () => (client.isReady() && client.guilds.cache.size > 0 ? true : undefined), 15_000, 'discord.js ready');
  const guild = sb.world.mainGuild();
  const guildId = guild.base.id;
  const players = createPlayerRegistry(client, { emptyChannelLeaveMs: 0, ...opts.player });
  const dir = await mkdtemp(join(tmpdir(), 'guildhall-music-'));
  return {
    sb,
    client,
    players,
    guildId,
    lounge: sb.world.channelByName(guildId, 'Lounge').id,
    gaming: sb.world.channelByName(guildId, 'Gaming').id,
    dir,
    heard: () => sb.world.voiceSessions().find((s) => s.guildId === guildId && s.userId === sb.bot.userId),
    async stop() {
      await players.destroyAll();
      await client.destroy();
      await sb.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the sandbox hears `hz` (±tolerance) as the dominant pitch of the last second. */
export const waitForPitch = (rig: VoiceRig, hz: number, timeoutMs = 5_000, tolerance = 8): Promise<VoiceSessionView> =>
  eventually(async () => {
    const s = rig.heard();
    return s && Math.abs(s.dominantHz - hz) <= tolerance ? s : undefined;
  }, timeoutMs, `the sandbox to hear ${hz} Hz (last: ${rig.heard()?.dominantHz ?? 'no session'})`);
