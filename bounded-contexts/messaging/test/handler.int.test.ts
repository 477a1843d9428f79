import { type CommandBus, type CommandResult, type JetStreamEventStore } from '@guildhall/eventing';
import { openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { type CommandEnvelope, newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { register } from '../src/handler.js';
import { commands, outgoingMessageStreamId, parseMessagingEvent } from '../src/index.js';
import { CHANNEL, GUILD, envelopeOf } from './fixtures.js';

let world: BusTestWorld | undefined;
let store: JetStreamEventStore;
let bus: CommandBus;

beforeAll(async () => {
  world = await openBusTestWorld('messaging');
  ({ store, bus } = world);
  await register(bus, store);
});

afterAll(async () => {
  await world?.close();
});

const fresh = <T extends keyof typeof commands>(type: T, payload: z.input<(typeof commands)[T]>, id = newId()): CommandEnvelope => ({
  ...envelopeOf(type, payload, id),
  issuedAt: new Date().toISOString(),
});
const send = (e: CommandEnvelope): Promise<CommandResult> => bus.send(e, { context: 'messaging', waitMs: 15_000 });

describe('messaging on the real bus and JetStream store', () => {
  it('request → sent with the Discord message id', async () => {
    const request = fresh('SendMessage', { channelId: CHANNEL, content: 'hello from the dashboard' });
    expect(await send(request)).toMatchObject({ status: 'accepted', eventCount: 1 });
    expect(await send(fresh('RecordMessageSent', { requestId: request.id, messageId: '900000000000000001' }))).toMatchObject({ status: 'accepted', eventCount: 1 });
    const { events } = await store.readStream(outgoingMessageStreamId(GUILD, request.id));
    expect(events.map((e) => parseMessagingEvent(e)?.type)).toEqual(['MessageSendRequested', 'MessageSent']);
    expect(events[1]?.payload).toMatchObject({ messageId: '900000000000000001', channelId: CHANNEL });
  });

  it('rejects an empty message and a too-long one, storing nothing', async () => {
    const before = await store.headPosition();
    expect(await send(fresh('SendMessage', { channelId: CHANNEL }))).toMatchObject({ status: 'rejected', code: 'MESSAGE_EMPTY' });
    expect(await send(fresh('SendMessage', { channelId: CHANNEL, content: 'x'.repeat(2001) }))).toMatchObject({
      status: 'rejected',
      code: 'INVALID_COMMAND',
      details: { field: 'payload.content' },
    });
    expect(await store.headPosition()).toBe(before);
  });
});
