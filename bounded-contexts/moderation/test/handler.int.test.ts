import { commandHandler, type CommandBus, type CommandResult, type JetStreamEventStore } from '@guildhall/eventing';
import { openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { type CommandEnvelope, newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  bulkRejectionOutcome,
  caseAsOf,
  commands,
  type ModerationCommandType,
  type ModerationRequest,
  caseStreamId,
  guildCasesStreamId,
  memberRecordAsOf,
  memberRecordStreamId,
  moderationSlices,
  reactToModerationEvent,
} from '../src/index.js';
import { register } from '../src/handler.js';
import { GUILD, envelopeOf } from './fixtures.js';

let world: BusTestWorld | undefined;
let store: JetStreamEventStore;
let bus: CommandBus;

beforeAll(async () => {
  world = await openBusTestWorld('moderation');
  ({ store, bus } = world);
  await register(bus, store);
});

afterAll(async () => {
  await world?.close();
});

const now = () => new Date().toISOString();
/** A new command (fresh id, issued now). */
const fresh = <T extends ModerationCommandType>(type: T, payload: z.input<(typeof commands)[T]>): CommandEnvelope => {
  const id = newId();
  return { ...envelopeOf(type, payload, { commandId: id, correlationId: id }), issuedAt: now() };
};
const send = (e: CommandEnvelope): Promise<CommandResult> => bus.send(e, { context: 'moderation', waitMs: 15_000 });

/** What the process manager will do, done by the test over the real bus and store. */
const drive = async (first: CommandEnvelope): Promise<CommandResult[]> => {
  const results: CommandResult[] = [];
  const queue = [first];
  while (queue.length > 0) {
    const envelope = queue.shift()!;
    const result = await send(envelope);
    results.push(result);
    if (result.status === 'accepted' && result.eventCount > 0) {
      const { events } = await store.readStream(result.streamId);
      for (const e of events.filter((x) => x.causationId === envelope.id)) queue.push(...reactToModerationEvent(e, now()));
    }
    if (result.status === 'rejected') {
      const outcome = bulkRejectionOutcome(envelope, result, now());
      if (outcome) queue.push(outcome);
    }
  }
  return results;
};

const memberOf = async (userId: string) => memberRecordAsOf((await store.readStream(memberRecordStreamId(GUILD, userId))).events, Number.MAX_SAFE_INTEGER);
const caseOf = async (n: number) => caseAsOf((await store.readStream(caseStreamId(GUILD, n))).events, Number.MAX_SAFE_INTEGER);

describe('moderation on the real bus and JetStream store', () => {
  it('a ban goes member record → counter → case; Discord’s answer bans the member', async () => {
    const target = { id: '310000000000000001', name: 'raider' };
    const results = await drive(fresh('BanMember', { target, reason: 'raid', durationSeconds: 3600 }));
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const opened = await caseOf(1);
    expect(opened).toMatchObject({ status: 'opened', action: 'ban', target, outcome: 'pending' });
    await drive(fresh('RecordDiscordActionSucceeded', { caseNumber: 1, actionId: 'case-1-sanction' }));
    expect((await memberOf(target.id)).ban).toMatchObject({ status: 'active', caseNumber: 1 });
    expect(await caseOf(1)).toMatchObject({ outcome: 'done', expiry: { status: 'scheduled' } });

    const again = await send(fresh('BanMember', { target }));
    expect(again).toMatchObject({ status: 'rejected', code: 'ALREADY_BANNED' });
  });

  it('bad input is rejected with the field and appends nothing', async () => {
    const before = await store.headPosition();
    const result = await send({ ...fresh('TimeoutMember', { target: { id: '310000000000000002' }, durationSeconds: 1 }), payload: { target: { id: '310000000000000002' }, durationSeconds: 0 } });
    expect(result).toMatchObject({ status: 'rejected', code: 'INVALID_COMMAND', details: { field: 'payload.durationSeconds' } });
    expect(await send({ ...fresh('WarnMember', { target: { id: '310000000000000002' } }), type: 'Nope' })).toMatchObject({ status: 'rejected', code: 'UNKNOWN_COMMAND' });
    expect(await store.headPosition()).toBe(before);
  });

  it('case numbers stay unique and gapless when two workers allocate at once (OCC on the counter stream)', async () => {
    const slice = moderationSlices.caseNumber;
    const workers = [1, 2].map(() =>
      commandHandler({ store, decider: slice.decider, streamIdOf: slice.streamIdOf, toCommand: slice.toCommand, maxTries: 20 }),
    );
    const { version: startVersion, events: startEvents } = await store.readStream(guildCasesStreamId(GUILD));
    expect(startVersion).toBeGreaterThan(0);
    const request = (i: number): ModerationRequest => ({
      requestId: `concurrent-${i}`, origin: 'guildhall', action: 'warn', target: { id: '310000000000000003', name: null },
      moderator: { kind: 'system', id: 's', name: 's' }, reason: null, durationSeconds: null, expiresAt: null,
      deleteMessageSeconds: null, bulkId: null, auditLogEntryId: null, liftsCaseNumber: null, requestedAt: now(),
    });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => workers[i % 2]!(fresh('AllocateCaseNumber', { request: request(i) }))),
    );
    expect(outcomes.every((o) => o.status === 'accepted' && o.eventCount === 1)).toBe(true);
    const { events } = await store.readStream(guildCasesStreamId(GUILD));
    const numbers = events.slice(startEvents.length).map((e) => (e.payload as { caseNumber: number }).caseNumber);
    const last = startEvents.length;
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => last + i + 1));
  });

  it('two workers banning the same member at once: one ban, one ALREADY_BANNED (OCC on the member stream)', async () => {
    const slice = moderationSlices.memberRecord;
    const workers = [1, 2].map(() =>
      commandHandler({ store, decider: slice.decider, streamIdOf: slice.streamIdOf, toCommand: slice.toCommand, maxTries: 20 }),
    );
    const target = { id: '310000000000000004', name: null };
    const outcomes = await Promise.all(workers.map((w) => w(fresh('BanMember', { target }))));
    expect(outcomes.map((o) => (o.status === 'accepted' ? 'accepted' : o.code)).sort()).toEqual(['ALREADY_BANNED', 'accepted']);
    const { events } = await store.readStream(memberRecordStreamId(GUILD, target.id));
    expect(events.filter((e) => e.type === 'ModerationActionRequested')).toHaveLength(1);
  });
});
