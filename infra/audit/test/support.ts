import { auditNames, auditSecret, Chainer, connectNats, createLogger, createSealer, JetStreamEventStore, NO_STREAM, type AuditSecret } from '@guildhall/eventing';
import { uniqueNames } from '@guildhall/eventing/testing';
import { newId, type NewEvent } from '@guildhall/kernel';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll } from 'vitest';

export const SECRET = 'audit-test-secret-0123456789';
export const secret: AuditSecret = auditSecret(SECRET);
export const logger = createLogger('audit-test', 'silent');

export const event = (guildId: string, payload: unknown = { n: 1 }): NewEvent => ({
  id: newId(),
  type: 'ThingHappened',
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  guildId,
  actor: { kind: 'dashboard-user', id: 'u1', name: 'Ada' },
  source: 'web',
  correlationId: newId(),
  causationId: null,
  payload,
});

/** A fresh events stream (and its chain/audit streams) with `n` sealed commits over guilds g1/g2. */
export const auditWorld = async (nc: NatsConnection, n: number) => {
  const names = uniqueNames('audit');
  const { streamName, subjectPrefix } = names.events;
  const an = auditNames(streamName, subjectPrefix);
  const store = await JetStreamEventStore.create({ nc, streamName, subjectPrefix, logger, sealer: createSealer(secret.sealKey) });
  for (let i = 0; i < n; i++) await store.append(`test.thing.${newId()}`, [event(i % 2 === 0 ? 'g1' : 'g2', { i })], NO_STREAM);
  const streams = [streamName, an.chainStream, an.auditStream];
  return { names, streamName, subjectPrefix, an, store, streams, env: { EVENTS_STREAM: streamName, EVENTS_SUBJECT_PREFIX: subjectPrefix, AUDIT_SECRET: SECRET } };
};

export const openChainer = (nc: NatsConnection, w: { streamName: string; subjectPrefix: string }) =>
  Chainer.open({ nc, streamName: w.streamName, subjectPrefix: w.subjectPrefix, secret, logger });

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** One NATS connection for a test file; every stream pushed on `made` is deleted after it. */
export const useNats = (name: string) => {
  const t = { nc: undefined as unknown as NatsConnection, jsm: undefined as unknown as JetStreamManager, made: [] as string[] };
  beforeAll(async () => {
    t.nc = await connectNats(NATS_URL, name);
    t.jsm = await jetstreamManager(t.nc);
  });
  afterAll(async () => {
    for (const s of t.made) await t.jsm.streams.delete(s).catch(() => undefined);
    await t.nc.close();
  });
  return t;
};
