import { DomainError, fold } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { commands, communityEvents, communitySlices, parseCommunityEvent, streamIdOf, toCommand } from '../src/index.js';
import { GUILD, alice, envelopeOf } from './fixtures.js';

describe('routing', () => {
  it('routes facts to their streams', () => {
    expect(streamIdOf(toCommand(envelopeOf('RecordMemberLeft', { user: alice })))).toBe(`community.member.${GUILD}-${alice.id}`);
    expect(streamIdOf(toCommand(envelopeOf('RecordMessageDeleted', { messageId: '7', channelId: '8' })))).toBe(`community.message.${GUILD}-7`);
    expect(streamIdOf(toCommand(envelopeOf('RecordRoleDeleted', { roleId: '6' })))).toBe(`community.guild.${GUILD}`);
    expect(streamIdOf(toCommand(envelopeOf('RecordPresenceCounts', { online: 0, idle: 0, dnd: 0, offline: 0, memberCount: 0 })))).toBe(
      `community.presence.${GUILD}`,
    );
  });
  it('every command belongs to exactly one slice', () => {
    const types = Object.values(communitySlices).flatMap((s) => [...s.commandTypes]);
    expect(types.sort()).toEqual(Object.keys(commands).sort());
  });
  it('bad facts are INVALID_COMMAND naming the field', () => {
    try {
      toCommand(envelopeOf('RecordMemberJoined', { user: alice, joinedAt: 'yesterday' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details).toMatchObject({ field: 'payload.joinedAt' });
    }
  });
});

describe('event schemas', () => {
  it('every event the deciders produce parses back unchanged', () => {
    const facts = [
      envelopeOf('RecordMemberJoined', { user: alice, joinedAt: '2026-01-01T00:00:00.000Z', roles: ['1'] }),
      envelopeOf('RecordMemberUpdated', { user: alice, roles: ['2'], nickname: 'Al' }),
      envelopeOf('RecordMemberLeft', { user: alice }),
      envelopeOf('RecordMessageEdited', { messageId: '7', channelId: '8', before: 'a', after: 'b', editedAt: '2026-01-01T00:00:00.000Z' }),
      envelopeOf('RecordMessageDeleted', { messageId: '7', channelId: '8' }),
      envelopeOf('RecordMessagePosted', { messageId: '9', channelId: '8', author: alice, content: 'hi', createdAt: '2026-01-01T00:00:00.000Z' }),
      envelopeOf('RecordChannelCreated', { channel: { id: '8', name: 'general', type: 0 } }),
      envelopeOf('RecordChannelUpdated', { channel: { id: '8', name: 'lobby', type: 0 } }),
      envelopeOf('RecordChannelDeleted', { channel: { id: '8', name: 'lobby', type: 0 } }),
      envelopeOf('RecordRoleCreated', { role: { id: '6', name: 'Mods', permissions: '8' } }),
      envelopeOf('RecordRoleUpdated', { role: { id: '6', name: 'Moderators', permissions: '8' } }),
      envelopeOf('RecordRoleDeleted', { roleId: '6' }),
      envelopeOf('RecordPresenceCounts', { online: 1, idle: 0, dnd: 0, offline: 1, memberCount: 2 }),
    ];
    const streams = new Map<string, { type: string; data: unknown }[]>();
    const seen = new Set<string>();
    for (const fact of facts) {
      const slice = Object.values(communitySlices).find((s) => (s.commandTypes as readonly string[]).includes(fact.type))!;
      const c = slice.toCommand(fact) as never;
      const id = (slice.streamIdOf as (c: never) => string)(c);
      const history = streams.get(id) ?? [];
      const decider = slice.decider as unknown as { decide: (c: never, s: unknown) => { type: string; data: unknown }[]; evolve: (s: unknown, e: never) => unknown; initialState: () => unknown };
      const events = decider.decide(c, fold(decider, history as never[]));
      streams.set(id, [...history, ...events]);
      for (const e of events) {
        seen.add(e.type);
        const payload = JSON.parse(JSON.stringify(e.data));
        expect(parseCommunityEvent({ type: e.type, payload, streamId: id, version: 1 })).toEqual(e);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(communityEvents).sort());
  });
});
