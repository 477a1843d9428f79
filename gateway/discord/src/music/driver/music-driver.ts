import { aggregateStream, decodeCommitMessage, PermanentFailure, startReactor, type CommandBus, type EventStore, type Logger, type Reactor } from '@guildhall/eventing';
import { deterministicId, foldStream, type Actor, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import { MUSIC, musicSessionAggregate, musicSessionDecider, musicSessionStreamId, parseMusicSessionEvent, type MusicSessionEvent, type MusicSessionState } from '@guildhall/music';
import type { NatsConnection } from '@nats-io/nats-core';
import { factOfPlayerEvent, playerCallsFor, resumeCalls, type PlayerCall, type PlayerFact } from './driver-plan.js';
import type { GuildPlayer } from './guild-player.js';

export const MUSIC_DRIVER: Actor = { kind: 'system', id: 'music-driver', name: 'Guildhall player' };

export type MusicDriverOptions = Readonly<{
  nc: NatsConnection;
  bus: CommandBus;
  store: EventStore;
  /** The EVENTS stream and its subject prefix. */
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  /** The guild's player (one per guild; the driver subscribes to its events once). */
  playerFor: (guildId: string) => GuildPlayer;
  /** Durable consumer name. Default `music-driver`. */
  consumerName?: string;
  now?: () => string;
}>;

export type MusicDriver = Readonly<{
  /** After a (re)start: brings each guild's player to where its session's events say. */
  resume(guildIds: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}>;

const sessionEvents = (events: readonly EventEnvelope[]): MusicSessionEvent[] =>
  events.map((e) => parseMusicSessionEvent(e)).filter((e): e is MusicSessionEvent => e !== undefined);

/**
 * The music driver: follows every guild's music session stream on the one reactor (per-guild
 * order), turns each event into player calls (`playerCallsFor`, pure) and each player event into
 * a music command (`factOfPlayerEvent`, pure) with an id derived from it, so a repeated event is
 * one command. A track the player cannot play is recorded as failed (the queue goes on); a
 * failing join is retried with the reactor's backoff.
 */
export const startMusicDriver = async (opts: MusicDriverOptions): Promise<MusicDriver> => {
  const log = opts.logger.child({ component: 'music-driver' });
  const now = opts.now ?? (() => new Date().toISOString());
  const known = new Map<string, { state: MusicSessionState; version: number }>();
  const players = new Map<string, GuildPlayer>();

  const record = async (guildId: string, fact: PlayerFact, key: string): Promise<void> => {
    const id = deterministicId('music-driver', guildId, fact.type, key);
    const envelope: CommandEnvelope = { id, type: fact.type, issuedAt: now(), guildId, actor: MUSIC_DRIVER, source: 'discord', correlationId: id, causationId: null, payload: fact.payload };
    const result = await opts.bus.send(envelope, { context: MUSIC, waitMs: 0 });
    log.debug({ guildId, type: fact.type, status: result.status }, 'player fact sent');
  };

  const playerOf = (guildId: string): GuildPlayer => {
    let p = players.get(guildId);
    if (p) return p;
    p = opts.playerFor(guildId);
    players.set(guildId, p);
    for (const kind of ['started', 'finished', 'failed', 'disconnected'] as const) {
      p.on(kind, (e) => {
        const fact = factOfPlayerEvent(kind, e, now());
        if (!fact) return;
        const key = `${kind}\u001f${e.trackId ?? ''}\u001f${e.at ?? now()}`;
        record(guildId, fact, key).catch((err: unknown) => log.error({ err, guildId, kind }, 'could not record a player event'));
      });
    }
    return p;
  };

  const run = async (guildId: string, calls: readonly PlayerCall[]): Promise<void> => {
    const p = playerOf(guildId);
    for (const c of calls) {
      switch (c.op) {
        case 'join':
          await p.join(c.channelId);
          break;
        case 'leave':
          await p.leave();
          break;
        case 'play':
          try {
            await p.play(c.track, c.offsetMs);
          } catch (err) {
            // The file is gone, the URL is not audio, ffmpeg is missing: recorded, and the queue moves on.
            const reason = err instanceof Error ? err.message : String(err);
            await record(guildId, { type: 'RecordTrackFailed', payload: { entryId: c.track.id, reason: reason.slice(0, 500) || 'the player could not play it' } }, `play-failed\u001f${c.track.id}\u001f${c.offsetMs}`);
          }
          break;
        case 'pause':
          p.pause();
          break;
        case 'resume':
          p.resume();
          break;
        case 'stop':
          p.stop();
          break;
        case 'setVolume':
          p.setVolume(c.volume);
          break;
      }
    }
  };

  /** The session before the commit at `version`: the cache (commits come in order per guild), else a reload from the store. */
  const stateBefore = async (guildId: string, version: number): Promise<MusicSessionState> => {
    const cached = known.get(guildId);
    if (cached) return cached.state;
    const { events } = await opts.store.readStream(musicSessionStreamId(guildId));
    return foldStream(musicSessionAggregate, events, version - 1);
  };

  const reactor: Reactor = await startReactor<readonly EventEnvelope[]>({
    nc: opts.nc,
    logger: log,
    name: opts.consumerName ?? 'music-driver',
    stream: opts.streamName,
    filterSubject: `${opts.subjectPrefix}.${MUSIC}.session.>`,
    deadLetters: { stream: opts.bus.config.deadLetterStream, prefix: opts.bus.config.deadLetterPrefix },
    // Only what happens from now on: a restart resumes from the state (resume), not by replaying old commands to the player.
    deliverPolicy: 'new',
    decode: (m) => {
      const d = decodeCommitMessage(m, opts.subjectPrefix);
      return d.ok ? { ok: true, value: d.events } : { ok: false, reason: d.reason };
    },
    keyOf: (events) => events[0]?.streamId ?? '_',
    concurrency: 16,
    label: (events) => ({ context: 'music-driver', command: events?.[0]?.type ?? '_', commandId: events?.[0]?.id ?? null }),
    handle: async (events) => {
      const first = events[0];
      if (!first) return;
      const guildId = first.guildId;
      // Already reflected in the player (resume() read the stream past it, or a redelivery).
      const cached = known.get(guildId);
      if (cached && first.version <= cached.version) return;
      let state = await stateBefore(guildId, first.version);
      const parsed = sessionEvents(events);
      if (parsed.length !== events.length) throw new PermanentFailure(`a music session commit holds events the driver does not know: ${events.map((e) => e.type).join(', ')}`);
      for (const event of parsed) {
        const after = musicSessionDecider.evolve(state, event);
        await run(guildId, playerCallsFor(state, event, after));
        state = after;
      }
      known.set(guildId, { state, version: first.version });
    },
  });

  return {
    async resume(guildIds) {
      for (const guildId of guildIds) {
        const { state, version } = await aggregateStream(opts.store, musicSessionStreamId(guildId), musicSessionAggregate);
        known.set(guildId, { state, version });
        await run(guildId, resumeCalls(state, now())).catch((err: unknown) => log.error({ err, guildId }, 'could not resume the music'));
      }
    },
    stop: () => reactor.stop(),
  };
};
