import type { Actor, CommandEnvelope, Source } from '@guildhall/kernel';
import type { z } from 'zod';
import {
  commands,
  musicLibrarySlice,
  musicSessionDecider,
  musicSessionSlice,
  type MusicLibraryCommand,
  type MusicSessionCommand,
  type MusicSessionEvent,
  type TrackRef,
} from '../src/index.js';

export const GUILD = '100000000000000001';
export const VOICE = '700000000000000001';
export const OTHER_VOICE = '700000000000000002';
export const DJ_ROLE = '600000000000000001';
export const T0 = '2026-03-01T12:00:00.000Z';
export const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

export const FUZZY: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Fuzzy River' };
export const KEEN: Actor = { kind: 'discord-user', id: '200000000000000002', name: 'Keen Comet' };
export const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Ann' };
export const PLAYER: Actor = { kind: 'system', id: 'music-driver', name: 'Guildhall player' };

export const track = (n: number, durationMs: number | null = 180_000): TrackRef => ({
  trackId: `demo-${n}`,
  title: `Demo ${n} — Tone`,
  artist: 'Guildhall',
  durationMs,
  origin: 'library',
  location: `/library/demo-${n}.ogg`,
});

type Type = keyof typeof commands;
export type Opts = Readonly<{ id?: string; actor?: Actor; source?: Source; now?: string }>;

let counter = 0;
export const envelopeOf = <T extends Type>(type: T, payload: z.input<(typeof commands)[T]>, o: Opts = {}): CommandEnvelope => {
  const id = o.id ?? `cmd-${++counter}`;
  return {
    id,
    type,
    issuedAt: o.now ?? T0,
    guildId: GUILD,
    actor: o.actor ?? FUZZY,
    source: o.source ?? 'slash-command',
    correlationId: id,
    causationId: null,
    payload,
  };
};

type SessionType = MusicSessionCommand['type'];
export const cmd = <T extends SessionType>(type: T, payload: z.input<(typeof commands)[T]>, o: Opts = {}): Extract<MusicSessionCommand, { type: T }> =>
  musicSessionSlice.toCommand(envelopeOf(type, payload, o)) as Extract<MusicSessionCommand, { type: T }>;

export const libraryCmd = <T extends MusicLibraryCommand['type']>(type: T, payload: z.input<(typeof commands)[T]>, o: Opts = {}): MusicLibraryCommand =>
  musicLibrarySlice.toCommand(envelopeOf(type, payload, o));

/** A member in the session's voice channel. */
export const inVoice = (over: Record<string, unknown> = {}) => ({ voiceChannelId: VOICE, ...over });

/** The events a sequence of commands produces, each decided on the state the previous ones left: a given that is a real history. */
export const historyOf = (...commands: MusicSessionCommand[]): MusicSessionEvent[] => {
  let state = musicSessionDecider.initialState();
  const out: MusicSessionEvent[] = [];
  for (const c of commands) {
    for (const e of musicSessionDecider.decide(c, state)) {
      out.push(e);
      state = musicSessionDecider.evolve(state, e);
    }
  }
  return out;
};

export const queue = (n: number, o: Opts = {}) => cmd('QueueTrack', { invoker: inVoice(), track: track(n) }, o);
export const stateAfter = (events: readonly MusicSessionEvent[]) => events.reduce(musicSessionDecider.evolve, musicSessionDecider.initialState());
