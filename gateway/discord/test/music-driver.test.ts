import { deterministicId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { musicSessionDecider, musicSessionSlice, type MusicSessionCommand, type MusicSessionEvent, type MusicSessionState } from '@guildhall/music';
import { describe, expect, it } from 'vitest';
import { factOfPlayerEvent, playerCallsFor, resumeCalls, type PlayerCall } from '../src/music/driver/driver-plan.js';

const GUILD = '100000000000000001';
const VOICE = '700000000000000001';
const FUZZY: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Fuzzy River' };
const PLAYER: Actor = { kind: 'system', id: 'music-driver', name: 'Guildhall player' };
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const track = (n: number) => ({ trackId: `demo-${n}`, title: `Demo ${n}`, artist: null, durationMs: 60_000, origin: 'library' as const, location: `/lib/demo-${n}.ogg` });

let n = 0;
const cmd = (type: string, payload: unknown, o: { id?: string; s?: number; actor?: Actor } = {}): MusicSessionCommand => {
  const id = o.id ?? deterministicId('driver-test', ++n);
  const e: CommandEnvelope = { id, type, issuedAt: at(o.s ?? 0), guildId: GUILD, actor: o.actor ?? FUZZY, source: 'slash-command', correlationId: id, causationId: null, payload };
  return musicSessionSlice.toCommand(e);
};
const inv = { voiceChannelId: VOICE };
const queue = (k: number, id: string) => cmd('QueueTrack', { invoker: inv, track: track(k) }, { id });
const started = (id: string, s: number) => cmd('RecordTrackStarted', { entryId: id, startedAt: at(s), offsetMs: 0 }, { actor: PLAYER, s });

/** given (commands → their events) / when (a command) / then (the player calls its events ask for). */
const given = (...history: MusicSessionCommand[]) => {
  let state: MusicSessionState = musicSessionDecider.initialState();
  for (const c of history) for (const e of musicSessionDecider.decide(c, state)) state = musicSessionDecider.evolve(state, e);
  return {
    state,
    when(c: MusicSessionCommand) {
      const calls: PlayerCall[] = [];
      let s = state;
      const events: MusicSessionEvent[] = [...musicSessionDecider.decide(c, s)];
      for (const e of events) {
        const after = musicSessionDecider.evolve(s, e);
        calls.push(...playerCallsFor(s, e, after));
        s = after;
      }
      return { then: (expected: PlayerCall[]) => expect(calls).toEqual(expected) };
    },
  };
};
const play = (id: string, k: number, offsetMs = 0): PlayerCall => ({ op: 'play', track: { id, path: `/lib/demo-${k}.ogg`, title: `Demo ${k}` }, offsetMs });

describe('music driver: session events → player calls (pure)', () => {
  it('the first /play joins the channel at the session’s volume and plays the track', () => {
    given().when(queue(1, 'a')).then([{ op: 'join', channelId: VOICE }, { op: 'setVolume', volume: 1 }, play('a', 1)]);
  });

  it('queueing behind a playing track asks nothing of the player', () => {
    given(queue(1, 'a'), started('a', 0)).when(queue(2, 'b')).then([]);
  });

  it('skip plays the next entry; skipping the last one stops', () => {
    given(queue(1, 'a'), queue(2, 'b'), started('a', 0)).when(cmd('SkipTrack', { invoker: inv })).then([play('b', 2)]);
    given(queue(1, 'a'), started('a', 0)).when(cmd('SkipTrack', { invoker: inv })).then([{ op: 'stop' }]);
  });

  it('the player’s own “started” records the position and asks nothing; “finished” plays the next, or the same with loop track', () => {
    given(queue(1, 'a'), queue(2, 'b')).when(started('a', 1)).then([]);
    given(queue(1, 'a'), queue(2, 'b'), started('a', 0)).when(cmd('RecordTrackFinished', { entryId: 'a' }, { actor: PLAYER })).then([play('b', 2)]);
    given(queue(1, 'a'), started('a', 0), cmd('SetLoopMode', { invoker: inv, mode: 'track' })).when(cmd('RecordTrackFinished', { entryId: 'a' }, { actor: PLAYER })).then([play('a', 1)]);
  });

  it('pause, resume, volume (percent → 0..2) and seek (replay at the offset, paused stays paused)', () => {
    const playing = [queue(1, 'a'), started('a', 0)];
    given(...playing).when(cmd('PausePlayback', { invoker: inv }, { s: 10 })).then([{ op: 'pause' }]);
    given(...playing, cmd('PausePlayback', { invoker: inv }, { s: 10 })).when(cmd('ResumePlayback', { invoker: inv }, { s: 20 })).then([{ op: 'resume' }]);
    given(...playing).when(cmd('SetVolume', { invoker: inv, volume: 50 })).then([{ op: 'setVolume', volume: 0.5 }]);
    given(...playing).when(cmd('SeekPlayback', { invoker: inv, positionMs: 30_000 })).then([play('a', 1, 30_000)]);
    given(...playing, cmd('PausePlayback', { invoker: inv }, { s: 10 })).when(cmd('SeekPlayback', { invoker: inv, positionMs: 5_000 })).then([play('a', 1, 5_000), { op: 'pause' }]);
  });

  it('previous plays the last played entry; /stop stops and leaves; a disconnect ends the session the same way', () => {
    given(queue(1, 'a'), queue(2, 'b'), started('a', 0), cmd('SkipTrack', { invoker: inv })).when(cmd('PreviousTrack', { invoker: inv })).then([play('a', 1)]);
    given(queue(1, 'a')).when(cmd('EndMusicSession', { invoker: inv })).then([{ op: 'stop' }, { op: 'leave' }]);
    given(queue(1, 'a')).when(cmd('RecordPlayerDisconnected', { reason: 'kicked' }, { actor: PLAYER })).then([{ op: 'stop' }, { op: 'leave' }]);
  });

  it('removing an upcoming entry or undoing asks nothing; a failed track moves on', () => {
    given(queue(1, 'a'), queue(2, 'b'), started('a', 0)).when(cmd('RemoveQueueEntry', { invoker: inv, position: 1 })).then([]);
    given(queue(1, 'a'), queue(2, 'b'), started('a', 0)).when(cmd('RecordTrackFailed', { entryId: 'a', reason: 'no ffmpeg' }, { actor: PLAYER })).then([play('b', 2)]);
  });
});

describe('music driver: restart and player events (pure)', () => {
  it('after a restart, resumes the same entry where the events say it is by now (no new queue entry)', () => {
    const { state } = given(queue(1, 'a'), queue(2, 'b'), started('a', 0), cmd('SetVolume', { invoker: inv, volume: 80 }));
    expect(resumeCalls(state, at(42))).toEqual([{ op: 'join', channelId: VOICE }, { op: 'setVolume', volume: 0.8 }, play('a', 1, 42_000)]);
    const paused = given(queue(1, 'a'), started('a', 0), cmd('PausePlayback', { invoker: inv }, { s: 7 })).state;
    expect(resumeCalls(paused, at(100))).toEqual([{ op: 'join', channelId: VOICE }, { op: 'setVolume', volume: 1 }, play('a', 1, 7_000), { op: 'pause' }]);
    expect(resumeCalls(given().state, at(0))).toEqual([]);
  });

  it('player events become the music facts, naming the entry', () => {
    expect(factOfPlayerEvent('started', { trackId: 'a', at: at(3), offsetMs: 0 }, at(4))).toEqual({ type: 'RecordTrackStarted', payload: { entryId: 'a', startedAt: at(3), offsetMs: 0 } });
    expect(factOfPlayerEvent('finished', { trackId: 'a' }, at(4))).toEqual({ type: 'RecordTrackFinished', payload: { entryId: 'a' } });
    expect(factOfPlayerEvent('failed', { trackId: 'a', reason: '' }, at(4))).toEqual({ type: 'RecordTrackFailed', payload: { entryId: 'a', reason: 'the player could not play it' } });
    expect(factOfPlayerEvent('disconnected', { trackId: null, reason: 'close 4014' }, at(4))).toEqual({ type: 'RecordPlayerDisconnected', payload: { reason: 'close 4014' } });
    expect(factOfPlayerEvent('finished', { trackId: null }, at(4))).toBeNull();
  });
});
