import { type CommandBus, type CommandResult, type JetStreamEventStore } from '@guildhall/eventing';
import { openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { type CommandEnvelope, newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { register } from '../src/handler.js';
import { commands, messageStreamId, parseCommunityEvent, type CommunityCommandType } from '../src/index.js';
import { GUILD, alice, envelopeOf } from './fixtures.js';

let world: BusTestWorld | undefined;
let store: JetStreamEventStore;
let bus: CommandBus;

beforeAll(async () => {
  world = await openBusTestWorld('community');
  ({ store, bus } = world);
  await register(bus, store);
});

afterAll(async () => {
  await world?.close();
});

/** A fact as the gateway sends it; a gateway replay has a new id (deduped by state, not by id). */
const fact = <T extends CommunityCommandType>(type: T, payload: z.input<(typeof commands)[T]>): CommandEnvelope => ({
  ...envelopeOf(type, payload, { id: newId() }),
  issuedAt: new Date().toISOString(),
});
const send = (e: CommandEnvelope): Promise<CommandResult> => bus.send(e, { context: 'community', waitMs: 15_000 });

describe('community on the real bus and JetStream store', () => {
  it('records a join once, even when the gateway replays it', async () => {
    const join = { user: alice, joinedAt: '2026-01-01T00:00:00.000Z', roles: ['600000000000000001'] };
    expect(await send(fact('RecordMemberJoined', join))).toMatchObject({ status: 'accepted', eventCount: 1 });
    expect(await send(fact('RecordMemberJoined', join))).toMatchObject({ status: 'accepted', eventCount: 0 });
  });

  it('keeps a deleted message’s content from its last edit', async () => {
    const ids = { messageId: '700000000000000009', channelId: '800000000000000001' };
    await send(fact('RecordMessageEdited', { ...ids, author: alice, before: 'helo', after: 'hello', editedAt: '2026-01-01T00:00:00.000Z' }));
    expect(await send(fact('RecordMessageDeleted', ids))).toMatchObject({ status: 'accepted', eventCount: 1 });
    const { events } = await store.readStream(messageStreamId(GUILD, ids.messageId));
    expect(events.map((e) => parseCommunityEvent(e))).toEqual([
      expect.objectContaining({ type: 'MessageEdited' }),
      expect.objectContaining({ type: 'MessageDeleted', data: expect.objectContaining({ content: 'hello', author: alice }) }),
    ]);
  });

  it('rejects a malformed fact with the field and stores nothing', async () => {
    const before = await store.headPosition();
    const bad = { ...fact('RecordMemberLeft', { user: alice }), payload: { user: { ...alice, id: 'not-a-snowflake' } } };
    expect(await send(bad)).toMatchObject({ status: 'rejected', code: 'INVALID_COMMAND', details: { field: 'payload.user.id' } });
    expect(await store.headPosition()).toBe(before);
  });
});
