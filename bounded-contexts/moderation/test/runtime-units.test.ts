import { InfraError, type EventEnvelope } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { reactToModerationEvent } from '../src/index.js';
import { rejectionOf } from '../src/runtime/reaction-sender.js';
import {
  COMMAND_FAILED,
  expireCommand,
  expireCommandId,
  isBulkMemberCommand,
  loadModerationSettings,
  moderationEventsFilter,
} from '../src/runtime/index.js';
import { ANN, GUILD, NOW, envelopeOf, target } from './fixtures.js';

const bulkRequested: EventEnvelope = {
  id: 'evt-bulk',
  type: 'BulkActionRequested',
  schemaVersion: 1,
  streamId: `moderation.bulk.${GUILD}-bulk-1`,
  version: 1,
  position: 1,
  occurredAt: NOW,
  guildId: GUILD,
  actor: ANN,
  source: 'web',
  correlationId: 'corr-bulk',
  causationId: 'bulk-1',
  payload: {
    bulkId: 'bulk-1',
    action: 'kick',
    targets: [target, { id: '300000000000000002', name: null }],
    reason: 'raid',
    durationSeconds: null,
    deleteMessageSeconds: null,
    moderator: ANN,
    requestedAt: NOW,
  },
};

describe('process manager: which sends need their result', () => {
  it('a bulk fan-out’s member commands do; a single request and the internal chain commands do not', () => {
    const fanOut = reactToModerationEvent(bulkRequested, NOW);
    expect(fanOut).toHaveLength(2);
    expect(fanOut.every(isBulkMemberCommand)).toBe(true);
    expect(isBulkMemberCommand(envelopeOf('BanMember', { target }))).toBe(false);
    expect(isBulkMemberCommand(envelopeOf('RecordBulkMemberOutcome', { bulkId: 'bulk-1', userId: target.id, outcome: 'applied', caseNumber: 1 }))).toBe(false);
    expect(isBulkMemberCommand(envelopeOf('AllocateCaseNumber', { request: {} as never }))).toBe(false);
  });

  it('a rejection or a dead-lettered command is a member outcome; accepted and pending are not', () => {
    expect(rejectionOf({ status: 'rejected', commandId: 'c', code: 'ALREADY_BANNED', message: 'already banned', details: {} })).toEqual({
      code: 'ALREADY_BANNED',
      message: 'already banned',
    });
    expect(rejectionOf({ status: 'failed', commandId: 'c', reason: 'store down', attempts: 5 })).toEqual({ code: COMMAND_FAILED, message: 'store down' });
    expect(rejectionOf({ status: 'accepted', commandId: 'c', streamId: 's', version: 1, position: 1, eventCount: 1 })).toBeUndefined();
    expect(rejectionOf({ status: 'pending', commandId: 'c' })).toBeUndefined();
  });

  it('follows every moderation stream with one filter string (nats-server 2.9)', () => {
    expect(moderationEventsFilter('es')).toBe('es.moderation.>');
  });
});

describe('expiry scheduler: the command it fires', () => {
  const due = {
    guildId: GUILD,
    caseNumber: 7,
    action: 'ban' as const,
    targetId: target.id,
    dueAt: NOW,
    scheduledEventId: 'evt-scheduled',
    correlationId: 'corr-7',
  };

  it('has one id per case, whenever and however often it fires', () => {
    const a = expireCommand(due, new Date(NOW));
    const b = expireCommand(due, new Date(Date.parse(NOW) + 3_600_000));
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(expireCommandId(GUILD, 7));
    expect(expireCommandId(GUILD, 8)).not.toBe(a.id);
    expect(expireCommandId('100000000000000002', 7)).not.toBe(a.id);
  });

  it('is issued at the scheduler’s clock, in the case’s correlation, caused by ExpiryScheduled, from the scheduler', () => {
    const later = new Date(Date.parse(NOW) + 90_000);
    expect(expireCommand(due, later)).toMatchObject({
      type: 'ExpireCase',
      issuedAt: later.toISOString(),
      guildId: GUILD,
      source: 'scheduler',
      actor: { kind: 'system' },
      correlationId: 'corr-7',
      causationId: 'evt-scheduled',
      payload: { caseNumber: 7 },
    });
  });
});

describe('moderation service settings', () => {
  it('defaults for every tunable', () => {
    const s = loadModerationSettings({});
    expect(s).toMatchObject({ MODERATION_CONCURRENCY: 16, MODERATION_PROCESS_CONSUMER: 'moderation-process', EXPIRY_TICK_MS: 1_000, EVENTS_STREAM: 'EVENTS' });
  });

  it('names every bad variable (empty ones count as unset)', () => {
    let error: unknown;
    try {
      loadModerationSettings({ MODERATION_CONCURRENCY: '0', EXPIRY_TICK_MS: 'soon', MODERATION_PROCESS_CONSUMER: 'a.b', NATS_URL: '' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InfraError);
    const message = (error as InfraError).message;
    expect((error as InfraError).code).toBe('INVALID_SETTINGS');
    expect(message).toMatch(/MODERATION_CONCURRENCY: /);
    expect(message).toMatch(/EXPIRY_TICK_MS: /);
    expect(message).toMatch(/MODERATION_PROCESS_CONSUMER: must match/);
    expect(message).not.toMatch(/NATS_URL/);
  });

  it('refuses EventStoreDB by name (the adapter was removed), instead of silently using JetStream', () => {
    expect(() => loadModerationSettings({ EVENT_STORE: 'eventstoredb' })).toThrow(/EVENT_STORE: only jetstream: the EventStoreDB adapter was removed/);
  });
});
