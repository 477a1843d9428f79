import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { describeMusicEvent, musicSessionDecider, positionOf, shuffledOrder, type MusicSessionEvent } from '../src/index.js';
import { ANN, at, cmd, DJ_ROLE, FUZZY, historyOf, inVoice, KEEN, OTHER_VOICE, PLAYER, queue, stateAfter, T0, track, VOICE } from './fixtures.js';

const spec = DeciderSpecification.for(musicSessionDecider);
const types = (events: readonly MusicSessionEvent[]) => events.map((e) => e.type);
const started = (entryId: string, s = 0) => cmd('RecordTrackStarted', { entryId, startedAt: at(s), offsetMs: 0 }, { actor: PLAYER, source: 'discord', now: at(s) });
const withDjRole = cmd('SetMusicRules', { invoker: { level: 'manager' }, rules: { djRoleId: DJ_ROLE, voteSkipShare: 0.5 } }, { id: 'rules' });

describe('queueing', () => {
  it('the first /play starts a session in the member’s voice channel and plays the track, attributed', () => {
    spec.given([]).when(queue(1, { id: 'q1' })).then([
      { type: 'MusicSessionStarted', data: { sessionNumber: 1, channelId: VOICE, by: FUZZY, at: T0 } },
      { type: 'TrackQueued', data: { entry: { entryId: 'q1', track: track(1), queuedBy: FUZZY, source: 'slash-command', queuedAt: T0 }, placement: 'end', by: FUZZY, at: T0 } },
    ]);
    const s = stateAfter(historyOf(queue(1, { id: 'q1' }), queue(2, { id: 'q2' })));
    expect(s.current?.entryId).toBe('q1');
    expect(s.queue.map((q) => q.entryId)).toEqual(['q2']);
    expect(positionOf(s.playback)).toEqual({ startedAt: null, offsetMs: 0, paused: false });
  });

  it('NOT_IN_VOICE_CHANNEL: outside any voice channel, or outside the session’s', () => {
    spec.given([]).when(cmd('QueueTrack', { invoker: {}, track: track(1) })).thenRejects('NOT_IN_VOICE_CHANNEL');
    spec.given(historyOf(queue(1))).when(cmd('QueueTrack', { invoker: { voiceChannelId: OTHER_VOICE }, track: track(2) }, { actor: KEEN })).thenRejects('NOT_IN_VOICE_CHANNEL');
    // A moderator may control from anywhere.
    spec.given(historyOf(queue(1))).when(cmd('QueueTrack', { invoker: { level: 'moderator' }, track: track(2) }, { actor: KEEN })).then((e) => expect(types(e)).toEqual(['TrackQueued']));
  });

  it('QUEUE_FULL at the guild’s maximum, TRACK_TOO_LONG past its longest track', () => {
    const small = cmd('SetMusicRules', { invoker: { level: 'manager' }, rules: { maxQueueLength: 2, maxTrackDurationMs: 60_000 } });
    spec.given(historyOf(small, cmd('QueueTrack', { invoker: inVoice(), track: track(1, 30_000) }), cmd('QueueTrack', { invoker: inVoice(), track: track(2, 30_000) })))
      .when(cmd('QueueTrack', { invoker: inVoice(), track: track(3, 30_000) }))
      .thenRejects('QUEUE_FULL');
    spec.given(historyOf(small)).when(cmd('QueueTrack', { invoker: inVoice(), track: track(1, 61_000) })).thenRejects('TRACK_TOO_LONG');
  });

  it('UNSUPPORTED_URL for streaming sites and non-http URLs; plain audio URLs are queued', () => {
    const url = (location: string) => cmd('QueueTrack', { invoker: inVoice(), track: { trackId: location, title: 'x', origin: 'url', location } });
    spec.given([]).when(url('https://www.youtube.com/watch?v=abc')).thenRejects('UNSUPPORTED_URL');
    spec.given([]).when(url('https://youtu.be/abc')).thenRejects('UNSUPPORTED_URL');
    spec.given([]).when(url('ftp://example.com/a.ogg')).thenRejects('UNSUPPORTED_URL');
    spec.given([]).when(url('not a url')).thenRejects('UNSUPPORTED_URL');
    spec.given([]).when(url('https://example.com/a.ogg')).then((e) => expect(types(e)).toEqual(['MusicSessionStarted', 'TrackQueued']));
  });

  it('placement next puts the track right after the current one', () => {
    const s = stateAfter(historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), cmd('QueueTrack', { invoker: inVoice(), track: track(3), placement: 'next' }, { id: 'c' })));
    expect([s.current?.entryId, ...s.queue.map((q) => q.entryId)]).toEqual(['a', 'c', 'b']);
  });
});

describe('skip, vote-skip, previous', () => {
  const playing = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), started('a'));

  it('a skip moves to the next entry and names it', () => {
    spec.given(playing).when(cmd('SkipTrack', { invoker: inVoice(), entryId: 'a' }, { actor: KEEN, now: at(5) })).then([
      { type: 'TrackSkipped', data: { entryId: 'a', track: track(1), nextEntryId: 'b', by: KEEN, at: at(5) } },
    ]);
  });

  it('two members skipping at once skip one track: the second is told it already changed', () => {
    const afterFirst = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), started('a'), cmd('SkipTrack', { invoker: inVoice(), entryId: 'a' }, { actor: KEEN }));
    spec.given(afterFirst).when(cmd('SkipTrack', { invoker: inVoice(), entryId: 'a' })).thenRejects('NOT_CURRENT_TRACK');
    expect(stateAfter(afterFirst).current?.entryId).toBe('b');
  });

  it('with a DJ role, others vote: the share of listeners decides; a vote counts once', () => {
    const base = historyOf(withDjRole, cmd('QueueTrack', { invoker: inVoice({ roleIds: [DJ_ROLE] }), track: track(1) }, { id: 'a' }), started('a'));
    const vote = (actor: typeof KEEN) => cmd('SkipTrack', { invoker: inVoice({ listenerCount: 4 }) }, { actor });
    spec.given(base).when(vote(KEEN)).then([{ type: 'SkipVoteCast', data: { entryId: 'a', votes: 1, needed: 2, by: KEEN, at: T0 } }]);
    const voted = [...base, ...musicSessionDecider.decide(vote(KEEN), stateAfter(base))];
    spec.given(voted).when(vote(KEEN)).thenRejects('ALREADY_VOTED');
    const third = { ...KEEN, id: '200000000000000009', name: 'Elder Pebble' };
    spec.given(voted).when(vote(third)).then((e) => expect(types(e)).toEqual(['SkipVoteCast', 'TrackSkipped']));
    // The DJ skips at once.
    spec.given(base).when(cmd('SkipTrack', { invoker: inVoice({ roleIds: [DJ_ROLE], listenerCount: 4 }) })).then((e) => expect(types(e)).toEqual(['TrackSkipped']));
  });

  it('previous goes back to the last played track and puts the current one first in the queue', () => {
    spec.given(playing).when(cmd('PreviousTrack', { invoker: inVoice() })).thenRejects('NOTHING_PREVIOUS');
    const skipped = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), started('a'), cmd('SkipTrack', { invoker: inVoice() }));
    const events = musicSessionDecider.decide(cmd('PreviousTrack', { invoker: inVoice() }), stateAfter(skipped));
    expect(events).toEqual([{ type: 'PreviousTrackSelected', data: { entryId: 'a', track: track(1), replacedEntryId: 'b', by: FUZZY, at: T0 } }]);
    const s = stateAfter([...skipped, ...events]);
    expect([s.current?.entryId, ...s.queue.map((q) => q.entryId)]).toEqual(['a', 'b']);
  });

  it('NOT_PLAYING without a session', () => {
    spec.given([]).when(cmd('SkipTrack', { invoker: inVoice() })).thenRejects('NOT_PLAYING');
    spec.given([]).when(cmd('PausePlayback', { invoker: inVoice() })).thenRejects('NOT_PLAYING');
  });
});

describe('loop modes and the player’s facts', () => {
  const playing = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), started('a'));
  const finished = cmd('RecordTrackFinished', { entryId: 'a' }, { actor: PLAYER, source: 'discord' });

  it('off: finished → the next entry; track: the same again; queue: to the back of the queue', () => {
    spec.given(playing).when(finished).then([{ type: 'TrackFinished', data: { entryId: 'a', track: track(1), nextEntryId: 'b', by: PLAYER, at: T0 } }]);
    const loopTrack = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), started('a'), cmd('SetLoopMode', { invoker: inVoice(), mode: 'track' }), finished);
    expect(stateAfter(loopTrack).current?.entryId).toBe('a');
    const loopQueue = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), started('a'), cmd('SetLoopMode', { invoker: inVoice(), mode: 'queue' }), finished);
    const s = stateAfter(loopQueue);
    expect([s.current?.entryId, ...s.queue.map((q) => q.entryId)]).toEqual(['b', 'a']);
  });

  it('a fact about a track that is no longer current records nothing (a skip won the race, or a redelivery)', () => {
    const skipped = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), started('a'), cmd('SkipTrack', { invoker: inVoice() }));
    spec.given(skipped).when(finished).then([]);
    spec.given(playing).when(started('a')).then([]);
  });

  it('a failure records the reason and moves on', () => {
    spec.given(playing).when(cmd('RecordTrackFailed', { entryId: 'a', reason: 'ffmpeg is not installed' }, { actor: PLAYER, source: 'discord' })).then([
      { type: 'TrackFailed', data: { entryId: 'a', track: track(1), reason: 'ffmpeg is not installed', nextEntryId: 'b', by: PLAYER, at: T0 } },
    ]);
  });

  it('the player leaving ends the session; /stop ends it once', () => {
    spec.given(playing).when(cmd('RecordPlayerDisconnected', { reason: 'kicked from the channel' }, { actor: PLAYER, source: 'discord' })).then((e) =>
      expect(e).toMatchObject([{ type: 'MusicSessionEnded', data: { reason: 'disconnected', detail: 'kicked from the channel' } }]),
    );
    const stopped = historyOf(queue(1), cmd('EndMusicSession', { invoker: inVoice() }));
    expect(stateAfter(stopped)).toMatchObject({ active: false, current: null, queue: [] });
    spec.given(stopped).when(cmd('EndMusicSession', { invoker: inVoice() })).then([]);
  });
});

describe('pause, resume, seek, volume', () => {
  const playing = historyOf(queue(1, { id: 'a' }), started('a', 0));

  it('pause records where the track is; resume restarts the clock there', () => {
    spec.given(playing).when(cmd('PausePlayback', { invoker: inVoice() }, { now: at(42) })).then([
      { type: 'PlaybackPaused', data: { entryId: 'a', offsetMs: 42_000, by: FUZZY, at: at(42) } },
    ]);
    const paused = historyOf(queue(1, { id: 'a' }), started('a', 0), cmd('PausePlayback', { invoker: inVoice() }, { now: at(42) }));
    expect(positionOf(stateAfter(paused).playback)).toEqual({ startedAt: null, offsetMs: 42_000, paused: true });
    spec.given(paused).when(cmd('PausePlayback', { invoker: inVoice() })).thenRejects('ALREADY_PAUSED');
    spec.given(playing).when(cmd('ResumePlayback', { invoker: inVoice() })).thenRejects('NOT_PAUSED');
    const resumed = [...paused, ...musicSessionDecider.decide(cmd('ResumePlayback', { invoker: inVoice() }, { now: at(100) }), stateAfter(paused))];
    expect(positionOf(stateAfter(resumed).playback)).toEqual({ startedAt: at(100), offsetMs: 42_000, paused: false });
  });

  it('seek within the track; SEEK_PAST_END past it', () => {
    spec.given(playing).when(cmd('SeekPlayback', { invoker: inVoice(), positionMs: 90_000 }, { now: at(10) })).then([
      { type: 'PlaybackSeeked', data: { entryId: 'a', offsetMs: 90_000, fromMs: 10_000, by: FUZZY, at: at(10) } },
    ]);
    spec.given(playing).when(cmd('SeekPlayback', { invoker: inVoice(), positionMs: 180_000 })).thenRejects('SEEK_PAST_END');
  });

  it('volume changes are recorded with the previous level; the same level is no change', () => {
    spec.given(playing).when(cmd('SetVolume', { invoker: inVoice(), volume: 50 })).then([{ type: 'VolumeChanged', data: { volume: 50, previous: 100, by: FUZZY, at: T0 } }]);
    spec.given(playing).when(cmd('SetVolume', { invoker: inVoice(), volume: 100 })).then([]);
  });
});

describe('rules: DJ role, web level, managers', () => {
  const djQueue = historyOf(withDjRole, cmd('QueueTrack', { invoker: inVoice({ roleIds: [DJ_ROLE] }), track: track(1) }, { id: 'a' }), queue(2, { id: 'mine', actor: KEEN }), queue(3, { id: 'theirs' }));

  it('without the DJ role a member may remove their own entry, not others’, nor pause', () => {
    spec.given(djQueue).when(cmd('RemoveQueueEntry', { invoker: inVoice(), entryId: 'mine' }, { actor: KEEN })).then((e) => expect(types(e)).toEqual(['QueueEntryRemoved']));
    spec.given(djQueue).when(cmd('RemoveQueueEntry', { invoker: inVoice(), position: 2 }, { actor: KEEN })).thenRejects('DJ_ONLY');
    spec.given(djQueue).when(cmd('PausePlayback', { invoker: inVoice() }, { actor: KEEN })).thenRejects('DJ_ONLY');
    spec.given(djQueue).when(cmd('PausePlayback', { invoker: inVoice({ roleIds: [DJ_ROLE] }) }, { actor: KEEN })).then((e) => expect(types(e)).toEqual(['PlaybackPaused']));
  });

  it('the dashboard needs the guild’s web control level', () => {
    const web = (level: 'member' | 'moderator') => cmd('PausePlayback', { invoker: { level } }, { actor: ANN, source: 'web' });
    spec.given(historyOf(queue(1))).when(web('member')).thenRejects('WEB_CONTROL_FORBIDDEN');
    spec.given(historyOf(queue(1))).when(web('moderator')).then((e) => expect(types(e)).toEqual(['PlaybackPaused']));
  });

  it('only managers change the rules', () => {
    spec.given([]).when(cmd('SetMusicRules', { invoker: { level: 'moderator' }, rules: {} })).thenRejects('RULES_FORBIDDEN');
    spec.given([]).when(cmd('SetMusicRules', { invoker: { level: 'manager' }, rules: {} })).then([]);
  });
});

describe('move, remove, shuffle and undo', () => {
  const four = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), queue(3, { id: 'c' }), queue(4, { id: 'd' }));
  const order = (events: readonly MusicSessionEvent[]) => stateAfter(events).queue.map((q) => q.entryId);

  it('moves by position (slash) or by entry id (web); NOT_IN_QUEUE for a position past the end', () => {
    spec.given(four).when(cmd('MoveQueueEntry', { invoker: inVoice(), from: 3, to: 1 })).then([
      { type: 'QueueEntryMoved', data: { entryId: 'd', fromIndex: 2, toIndex: 0, track: track(4), by: FUZZY, at: T0 } },
    ]);
    spec.given(four).when(cmd('MoveQueueEntry', { invoker: inVoice(), from: 9, to: 1 })).thenRejects('NOT_IN_QUEUE');
    expect(order([...four, ...historyOf().concat(musicSessionDecider.decide(cmd('MoveQueueEntry', { invoker: inVoice(), entryId: 'b', to: 3 }), stateAfter(four)))])).toEqual(['c', 'd', 'b']);
  });

  it('undo puts a removed entry back where it was, and undoes a move', () => {
    const removed = [...four, ...musicSessionDecider.decide(cmd('RemoveQueueEntry', { invoker: inVoice(), position: 2 }), stateAfter(four))];
    expect(order(removed)).toEqual(['b', 'd']);
    const undone = [...removed, ...musicSessionDecider.decide(cmd('UndoLastQueueAction', { invoker: inVoice() }), stateAfter(removed))];
    expect(undone.at(-1)).toMatchObject({ type: 'QueueActionUndone', data: { undone: 'QueueEntryRemoved', summary: 'removed Demo 3 — Tone (Guildhall)' } });
    expect(order(undone)).toEqual(['b', 'c', 'd']);
    const moved = [...four, ...musicSessionDecider.decide(cmd('MoveQueueEntry', { invoker: inVoice(), from: 1, to: 3 }), stateAfter(four))];
    expect(order(moved)).toEqual(['c', 'd', 'b']);
    expect(order([...moved, ...musicSessionDecider.decide(cmd('UndoLastQueueAction', { invoker: inVoice() }), stateAfter(moved))])).toEqual(['b', 'c', 'd']);
  });

  it('undo of a queued track removes it; of one already playing is stale; nothing left → NOTHING_TO_UNDO', () => {
    const undoQueued = musicSessionDecider.decide(cmd('UndoLastQueueAction', { invoker: inVoice() }), stateAfter(four));
    expect(order([...four, ...undoQueued])).toEqual(['b', 'c']);
    spec.given(historyOf(queue(1))).when(cmd('UndoLastQueueAction', { invoker: inVoice() })).thenRejects('UNDO_STALE');
    spec.given(historyOf(queue(1), cmd('EndMusicSession', { invoker: inVoice() }), queue(2))).when(cmd('UndoLastQueueAction', { invoker: inVoice() })).thenRejects('UNDO_STALE');
    const clear = historyOf(queue(1), cmd('ClearQueue', { invoker: inVoice() }));
    spec.given(clear).when(cmd('UndoLastQueueAction', { invoker: inVoice() })).thenRejects('UNDO_STALE');
  });

  it('undo of a clear brings the queue back', () => {
    const cleared = [...four, ...musicSessionDecider.decide(cmd('ClearQueue', { invoker: inVoice() }), stateAfter(four))];
    expect(order(cleared)).toEqual([]);
    expect(order([...cleared, ...musicSessionDecider.decide(cmd('UndoLastQueueAction', { invoker: inVoice() }), stateAfter(cleared))])).toEqual(['b', 'c', 'd']);
  });

  it('a shuffle is decided from its seed: the same seed gives the same order, replayed the same, and undo restores the order', () => {
    const shuffle = cmd('ShuffleQueue', { invoker: inVoice(), seed: 42 });
    const events = musicSessionDecider.decide(shuffle, stateAfter(four));
    expect(events).toEqual(musicSessionDecider.decide(shuffle, stateAfter(four)));
    expect(events[0]).toMatchObject({ type: 'QueueShuffled', data: { order: shuffledOrder(['b', 'c', 'd'], 42), previousOrder: ['b', 'c', 'd'] } });
    expect(new Set(shuffledOrder([1, 2, 3, 4, 5, 6, 7, 8], 1).map(String))).toEqual(new Set(['1', '2', '3', '4', '5', '6', '7', '8']));
    expect(shuffledOrder([1, 2, 3, 4, 5, 6, 7, 8], 1)).not.toEqual(shuffledOrder([1, 2, 3, 4, 5, 6, 7, 8], 2));
    const shuffled = [...four, ...events];
    expect(order(shuffled)).toEqual(shuffledOrder(['b', 'c', 'd'], 42));
    expect(order([...shuffled, ...musicSessionDecider.decide(cmd('UndoLastQueueAction', { invoker: inVoice() }), stateAfter(shuffled))])).toEqual(['b', 'c', 'd']);
    spec.given(historyOf(queue(1), queue(2))).when(shuffle).thenRejects('QUEUE_TOO_SHORT');
  });
});

describe('playlists', () => {
  it('saves the queue (current first), loads it into a new session, replaces by name', () => {
    const h = historyOf(queue(1, { id: 'a' }), queue(2, { id: 'b' }), cmd('SavePlaylist', { invoker: inVoice(), name: 'Evening' }), cmd('EndMusicSession', { invoker: inVoice() }));
    expect(h.at(-2)).toMatchObject({ type: 'PlaylistSaved', data: { name: 'Evening', tracks: [track(1), track(2)], fromSession: null, replaced: false } });
    spec.given(h).when(cmd('LoadPlaylist', { invoker: inVoice(), name: '  evening ' }, { id: 'load' })).then((e) => {
      expect(types(e)).toEqual(['MusicSessionStarted', 'PlaylistLoaded']);
      expect(e[1]).toMatchObject({ data: { name: 'Evening', entries: [{ entryId: 'load', track: track(1) }, { entryId: 'load-1', track: track(2) }] } });
    });
    spec.given(h).when(cmd('LoadPlaylist', { invoker: inVoice(), name: 'Morning' })).thenRejects('PLAYLIST_NOT_FOUND');
    spec.given(h).when(cmd('SavePlaylist', { invoker: inVoice(), name: 'EVENING' })).thenRejects('PLAYLIST_EMPTY');
  });

  it('saves a past session’s played tracks', () => {
    const h = historyOf(queue(1, { id: 'a' }), started('a'), queue(2, { id: 'b' }), cmd('RecordTrackFinished', { entryId: 'a' }, { actor: PLAYER }), started('b'), cmd('EndMusicSession', { invoker: inVoice() }));
    spec.given(h).when(cmd('SavePlaylist', { invoker: inVoice(), name: 'Last night', from: { kind: 'session', sessionNumber: 1 } })).then((e) =>
      expect(e).toMatchObject([{ type: 'PlaylistSaved', data: { tracks: [track(1), track(2)], fromSession: 1 } }]),
    );
    spec.given(h).when(cmd('SavePlaylist', { invoker: inVoice(), name: 'x', from: { kind: 'session', sessionNumber: 7 } })).thenRejects('SESSION_NOT_FOUND');
  });
});

describe('history lines', () => {
  it('say who did what to which track', () => {
    const h = historyOf(queue(1, { id: 'a' }), queue(2), started('a'), cmd('SkipTrack', { invoker: inVoice() }), cmd('SetVolume', { invoker: inVoice(), volume: 50 }));
    expect(h.map(describeMusicEvent).filter((l) => l !== null)).toEqual([
      { attributed: true, text: 'started music session #1' },
      { attributed: true, text: 'queued Demo 1 — Tone by Guildhall' },
      { attributed: true, text: 'queued Demo 2 — Tone by Guildhall' },
      { attributed: false, text: 'Now playing Demo 1 — Tone by Guildhall' },
      { attributed: true, text: 'skipped Demo 1 — Tone by Guildhall' },
      { attributed: true, text: 'set the volume to 50 %' },
    ]);
  });
});
