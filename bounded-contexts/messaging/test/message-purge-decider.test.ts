import { commandFromEnvelope, DeciderSpecification, DomainError } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  messagePurgeCommands, messagePurgeDecider, messagePurgeStreamId, MessagesPurgedSchema, MessagesPurgeRequestedSchema, type MessagePurgeCommand, type MessagePurgeEvent,
} from '../src/index.js';
import { ANN, CHANNEL, GUILD, NOW } from './fixtures.js';

type Type = keyof typeof messagePurgeCommands;
const command = <T extends Type>(type: T, payload: z.input<(typeof messagePurgeCommands)[T]>, id = 'purge-1'): Extract<MessagePurgeCommand, { type: T }> =>
  commandFromEnvelope(messagePurgeCommands, {
    id, type, issuedAt: NOW, guildId: GUILD, actor: ANN, source: 'web', correlationId: id, causationId: null, payload,
  }) as Extract<MessagePurgeCommand, { type: T }>;

const spec = DeciderSpecification.for(messagePurgeDecider);
const requested: MessagePurgeEvent = {
  type: 'MessagesPurgeRequested',
  data: { requestId: 'purge-1', channelId: CHANNEL, count: 5, userId: null, reason: 'spam wave', requestedBy: ANN, requestedAt: NOW },
};
const MEMBER = '300000000000000001';
const purged = (deletedCount = 5, skippedCount = 0): MessagePurgeEvent => ({ type: 'MessagesPurged', data: { requestId: 'purge-1', channelId: CHANNEL, deletedCount, skippedCount, purgedAt: NOW } });
const failed: MessagePurgeEvent = {
  type: 'MessagesPurgeFailed',
  data: { requestId: 'purge-1', channelId: CHANNEL, discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions', failedAt: NOW },
};
const failure = { requestId: 'purge-1', discordErrorCode: 50013, httpStatus: 403, reason: 'Missing Permissions' };

const invalidField = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'INVALID_COMMAND') return e.details['field'];
    throw e;
  }
  throw new Error('expected INVALID_COMMAND');
};

describe('PurgeMessages', () => {
  it('requests the purge, under the command id, with the invoker and reason', () => {
    spec.given([]).when(command('PurgeMessages', { channelId: CHANNEL, count: 5, reason: 'spam wave' })).then([requested]);
  });
  it('has no reason unless given one (blank is none)', () => {
    spec.given([]).when(command('PurgeMessages', { channelId: CHANNEL, count: 1 })).then([
      { type: 'MessagesPurgeRequested', data: { requestId: 'purge-1', channelId: CHANNEL, count: 1, userId: null, reason: null, requestedBy: ANN, requestedAt: NOW } },
    ]);
  });
  it("asks for one member's messages only when given a member", () => {
    spec.given([]).when(command('PurgeMessages', { channelId: CHANNEL, count: 20, userId: MEMBER, reason: 'spam wave' })).then([
      { type: 'MessagesPurgeRequested', data: { requestId: 'purge-1', channelId: CHANNEL, count: 20, userId: MEMBER, reason: 'spam wave', requestedBy: ANN, requestedAt: NOW } },
    ]);
  });
  it('refuses a member that is not a snowflake, naming the field', () => {
    for (const userId of ['bob', '', '1'.repeat(21), '12a']) expect(invalidField(() => command('PurgeMessages', { channelId: CHANNEL, count: 5, userId }))).toBe('payload.userId');
  });
  it('reads a request stored before the member filter as anyone’s messages', () => {
    const { userId: _dropped, ...before } = (requested as Extract<MessagePurgeEvent, { type: 'MessagesPurgeRequested' }>).data;
    expect(MessagesPurgeRequestedSchema.parse(before).userId).toBeNull();
    expect(MessagesPurgedSchema.parse({ requestId: 'purge-1', channelId: CHANNEL, deletedCount: 2, purgedAt: NOW }).skippedCount).toBe(0);
  });
  it('is idempotent for a resent command, also after its outcome', () => {
    spec.given([requested]).when(command('PurgeMessages', { channelId: CHANNEL, count: 5, reason: 'spam wave' })).then([]);
    spec.given([requested, purged()]).when(command('PurgeMessages', { channelId: CHANNEL, count: 5, reason: 'spam wave' })).then([]);
  });
  it('takes 1 to 100 whole messages, nothing else', () => {
    expect(command('PurgeMessages', { channelId: CHANNEL, count: 100 }).data.count).toBe(100);
    for (const count of [0, -1, 101, 2.5]) expect(invalidField(() => command('PurgeMessages', { channelId: CHANNEL, count }))).toBe('payload.count');
    expect(invalidField(() => command('PurgeMessages', { channelId: 'general', count: 5 }))).toBe('payload.channelId');
    expect(invalidField(() => command('PurgeMessages', { channelId: CHANNEL, count: 5, reason: 'x'.repeat(401) }))).toBe('payload.reason');
  });
  it('lives on its own stream per request', () => {
    expect(messagePurgeStreamId(GUILD, 'purge-1')).toBe(`messaging.purge.${GUILD}-purge-1`);
  });
});

describe('purge outcomes', () => {
  it('records how many messages Discord deleted (fewer than asked when the channel had fewer)', () => {
    spec.given([requested]).when(command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 3 })).then([purged(3)]);
  });
  it('records how many chosen messages were too old to bulk-delete (skipped, not a failure)', () => {
    spec.given([requested]).when(command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 2, skippedCount: 3 })).then([purged(2, 3)]);
    spec.given([requested, purged(2, 3)]).when(command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 2, skippedCount: 3 })).then([]);
    spec.given([requested, purged(2, 3)]).when(command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 2, skippedCount: 0 })).thenRejects('PURGE_ALREADY_SETTLED');
    expect(invalidField(() => command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 2, skippedCount: -1 }))).toBe('payload.skippedCount');
  });
  it('records a failure with Discord’s reason', () => {
    spec.given([requested]).when(command('RecordMessagesPurgeFailed', failure)).then([failed]);
  });
  it('records one outcome: a repeat is a no-op, a contradiction is refused', () => {
    spec.given([requested, purged()]).when(command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 5 })).then([]);
    spec.given([requested, purged()]).when(command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 4 })).thenRejects('PURGE_ALREADY_SETTLED');
    spec.given([requested, purged()]).when(command('RecordMessagesPurgeFailed', failure)).thenRejects('PURGE_ALREADY_SETTLED');
    spec.given([requested, failed]).when(command('RecordMessagesPurgeFailed', failure)).then([]);
    spec.given([requested, failed]).when(command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 5 })).thenRejects('PURGE_ALREADY_SETTLED');
  });
  it('refuses an outcome for an unknown request', () => {
    spec.given([]).when(command('RecordMessagesPurged', { requestId: 'nope', deletedCount: 1 })).thenRejects('PURGE_NOT_FOUND');
    spec.given([]).when(command('RecordMessagesPurgeFailed', { ...failure, requestId: 'nope' })).thenRejects('PURGE_NOT_FOUND');
  });
  it('refuses a deleted count outside 0..100', () => {
    expect(invalidField(() => command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: 101 }))).toBe('payload.deletedCount');
    expect(invalidField(() => command('RecordMessagesPurged', { requestId: 'purge-1', deletedCount: -1 }))).toBe('payload.deletedCount');
  });
});
