import { ChannelType, PresenceUpdateStatus, type PresenceUpdateReceiveStatus } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { SandboxWorld } from '../control/sandbox-world.js';
import { ADJECTIVES, BAN_REASONS, CHATTER, GAMES, NOUNS, SPAM, TIMEOUT_REASONS } from '../world/names.js';

const INVITE_SPAM = 'JOIN MY SERVER discord.gg/spam';
import { createRng, type Rng } from '../world/rng.js';

export interface SimulatorSettings {
  enabled: boolean;
  eventsPerMinute?: number | undefined;
}

type Action = (world: SandboxWorld, rng: Rng) => string | null;

const guildOf = (world: SandboxWorld) => world.mainGuild();

const chatChannels = (world: SandboxWorld) =>
  world.state.guildChannels(guildOf(world).base.id).filter((c) => c.type === ChannelType.GuildText && ['general', 'random', 'help'].includes(c.name));

const pickMember = (world: SandboxWorld, rng: Rng, pool: 'members' | 'moderators' | 'admins'): string | null => {
  const list = world.people(guildOf(world).base.id)[pool];
  return list.length ? rng.pick(list) : null;
};

const recentMessage = (world: SandboxWorld, rng: Rng) => {
  const channel = rng.pick(chatChannels(world));
  const msgs = world.messages(channel.id).filter((m) => m.type === 0 && !m.author.bot).slice(-10);
  return msgs.length ? { channel, message: rng.pick(msgs) } : null;
};

/** Weighted everyday traffic of a community, and now and then a moderator acting by hand. */
const ACTIONS: [number, string, Action][] = [
  [40, 'message', (world, rng) => {
    const userId = pickMember(world, rng, 'members');
    if (!userId) return null;
    const channel = rng.pick(chatChannels(world));
    const content = rng.chance(0.05) ? rng.pick(SPAM) : rng.pick(CHATTER);
    world.sendMessage({ channelId: channel.id, userId, content });
    return `message in #${channel.name}`;
  }],
  [7, 'edit', (world, rng) => {
    const found = recentMessage(world, rng);
    if (!found) return null;
    world.editMessage({ channelId: found.channel.id, messageId: found.message.id, content: `${found.message.content} (edited)` });
    return 'edit';
  }],
  [5, 'delete', (world, rng) => {
    const found = recentMessage(world, rng);
    if (!found) return null;
    world.deleteMessage({ channelId: found.channel.id, messageId: found.message.id, userId: found.message.author.id });
    return 'delete';
  }],
  [15, 'presence', (world, rng) => {
    const userId = pickMember(world, rng, 'members');
    if (!userId) return null;
    const status = rng.pick<PresenceUpdateReceiveStatus>([PresenceUpdateStatus.Online, PresenceUpdateStatus.Idle, PresenceUpdateStatus.DoNotDisturb, PresenceUpdateStatus.Offline]);
    const activities = status !== PresenceUpdateStatus.Offline && rng.chance(0.4) ? [{ name: rng.pick(GAMES), type: 0 as const }] : [];
    world.setPresence({ guildId: guildOf(world).base.id, userId, status, activities });
    return 'presence';
  }],
  [8, 'join', (world, rng) => {
    world.join({ guildId: guildOf(world).base.id, username: `${rng.pick(ADJECTIVES)}_${rng.pick(NOUNS)}${rng.int(100, 999)}` });
    return 'join';
  }],
  [5, 'leave', (world, rng) => {
    const userId = pickMember(world, rng, 'members');
    if (!userId) return null;
    world.leave({ guildId: guildOf(world).base.id, userId });
    return 'leave';
  }],
  [7, 'role change', (world, rng) => {
    const admin = pickMember(world, rng, 'admins');
    const userId = pickMember(world, rng, 'members');
    if (!admin || !userId) return null;
    const guildId = guildOf(world).base.id;
    const role = world.roleByName(guildId, rng.pick(['Regular', 'Artist']));
    const has = world.member(guildId, userId)?.roles.includes(role.id);
    world.setRoles({ guildId, moderatorId: admin, userId, ...(has ? { remove: [role.id] } : { add: [role.id] }) });
    return 'role change';
  }],
  [4, 'moderator timeout', (world, rng) => {
    const mod = pickMember(world, rng, 'moderators');
    const userId = pickMember(world, rng, 'members');
    if (!mod || !userId) return null;
    world.timeout({ guildId: guildOf(world).base.id, moderatorId: mod, userId, durationSeconds: rng.pick([60, 300, 600, 3600]), reason: rng.pick(TIMEOUT_REASONS) });
    return 'moderator timeout';
  }],
  [6, 'voice', (world, rng) => {
    // Members drop into voice, hop between channels and leave; a handful at a time.
    const guildId = guildOf(world).base.id;
    const voice = world.state.guildChannels(guildId).filter((c) => c.type === ChannelType.GuildVoice);
    const inVoice = [...world.state.guild(guildId).voiceStates.keys()].filter((u) => u !== world.state.bot.userId);
    if (!voice.length) return null;
    if (inVoice.length && (inVoice.length >= 8 || rng.chance(0.5))) {
      const userId = rng.pick(inVoice);
      const current = world.state.guild(guildId).voiceStates.get(userId)?.channelId;
      const other = voice.filter((c) => c.id !== current);
      if (other.length && rng.chance(0.3)) {
        world.moveVoice({ guildId, userId, channelId: rng.pick(other).id });
        return 'voice move';
      }
      world.moveVoice({ guildId, userId, channelId: null });
      return 'voice leave';
    }
    const userId = pickMember(world, rng, 'members');
    if (!userId) return null;
    world.moveVoice({ guildId, userId, channelId: rng.pick(voice).id });
    return 'voice join';
  }],
  [2, 'moderator ban', (world, rng) => {
    const mod = pickMember(world, rng, 'moderators');
    const userId = pickMember(world, rng, 'members');
    if (!mod || !userId) return null;
    world.ban({ guildId: guildOf(world).base.id, moderatorId: mod, userId, reason: rng.pick(BAN_REASONS), deleteMessageSeconds: rng.chance(0.5) ? 3600 : 0 });
    return 'moderator ban';
  }],
];

/** Generates traffic at a configurable rate; deterministic in sequence for a seed, not in timing. */
export class Simulator {
  private timer: NodeJS.Timeout | null = null;
  private rng: Rng;
  private enabled = false;
  private rate = 0;
  private count = 0;

  constructor(
    private readonly world: SandboxWorld,
    private readonly logger: Logger,
    seed: number,
  ) {
    this.rng = createRng(seed ^ 0x5eed);
  }

  configure(settings: SimulatorSettings): void {
    this.enabled = settings.enabled;
    if (settings.eventsPerMinute !== undefined) this.rate = settings.eventsPerMinute;
    if (this.enabled && this.rate <= 0) this.rate = 30;
    this.restart();
  }

  status(): { enabled: boolean; eventsPerMinute: number; eventsGenerated: number } {
    return { enabled: this.enabled, eventsPerMinute: this.rate, eventsGenerated: this.count };
  }

  private restart(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.enabled || this.rate <= 0) return;
    this.timer = setInterval(() => this.step(), Math.max(10, 60_000 / this.rate));
    this.timer.unref();
  }

  /**
   * A member posting an invite link, every 25th event (about one a minute at the default rate):
   * the demo's automod rule has something to backtest on and to delete soon after start.
   */
  private inviteSpam(): string | null {
    const userId = pickMember(this.world, this.rng, 'members');
    if (!userId) return null;
    const channel = this.rng.pick(chatChannels(this.world));
    this.world.sendMessage({ channelId: channel.id, userId, content: INVITE_SPAM });
    return `invite spam in #${channel.name}`;
  }

  /** One simulated event; failures (e.g. a missing permission) are logged, never thrown. */
  step(): string | null {
    if (this.count % 25 === 3) {
      try {
        const done = this.inviteSpam();
        if (done) {
          this.count += 1;
          return done;
        }
      } catch (err) {
        this.logger.debug({ err, action: 'invite spam' }, 'simulated event skipped');
      }
    }
    const total = ACTIONS.reduce((n, [w]) => n + w, 0);
    let roll = this.rng.next() * total;
    for (const [weight, name, action] of ACTIONS) {
      roll -= weight;
      if (roll > 0) continue;
      try {
        const done = action(this.world, this.rng);
        if (done) this.count += 1;
        return done;
      } catch (err) {
        this.logger.debug({ err, action: name }, 'simulated event skipped');
        return null;
      }
    }
    return null;
  }

  stop(): void {
    this.enabled = false;
    this.restart();
  }
}
