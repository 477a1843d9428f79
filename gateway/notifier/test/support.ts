import type { EventStore } from '@guildhall/eventing';
import { newId, type EventEnvelope, type NewEvent } from '@guildhall/kernel';

export const GUILD = '100000000000000001';
export const MEMBER = '300000000000000001';

/** Appends a triggering event as its context would have (the notifier only reads it). */
export const appendEvent = async (store: EventStore, streamId: string, guildId: string, type: string, payload: unknown): Promise<string> => {
  const id = newId();
  const event: NewEvent = {
    id,
    type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    guildId,
    actor: { kind: 'dashboard-user', id: '200000000000000001', name: 'Ada' },
    source: 'web',
    correlationId: id,
    causationId: null,
    payload,
  };
  await store.append(streamId, [event], 'any');
  return id;
};

export const decidedPayload = (guildId: string, caseNumber: number, appellantId: string) => ({
  appealId: `${guildId}-${caseNumber}-1`,
  guildId,
  caseNumber,
  appellantId,
  decision: 'approved' as const,
  reason: 'The evidence did not hold up.',
  decidedBy: { kind: 'dashboard-user' as const, id: '200000000000000002', name: 'Bo' },
  decidedAt: new Date().toISOString(),
  lifts: 'ban' as const,
});

export const eventsOf = async (store: EventStore, type: string): Promise<readonly EventEnvelope[]> => (await store.readAll()).filter((e) => e.type === type);
