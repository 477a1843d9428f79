import { type CommandEnvelope, deterministicId, InfraError } from '@guildhall/kernel';
import { headers } from '@nats-io/nats-core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandBus } from '../src/command-bus/command-bus.js';
import type { CommandHandlerFn } from '../src/command-bus/command-consumer.js';
import { commandHandler } from '../src/command-bus/command-handler.js';
import { JetStreamEventStore } from '../src/event-store/jetstream-event-store.js';
import { currentCorrelationId } from '../src/logger.js';
import { connectNats } from '../src/nats-connection.js';
import {
  counterDecider,
  counterStreamId,
  deleteStreams,
  envelope,
  eventually,
  NATS_URL,
  testLogger,
  toCounterCommand,
  uniqueNames,
} from './command-bus-support.js';

const names = uniqueNames('bus');
let nc: NatsConnection;
let store: JetStreamEventStore;
let bus: CommandBus;
let counter: CommandHandlerFn;

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'command-bus-test');
  store = await JetStreamEventStore.create({ nc, ...names.events, logger: testLogger });
  bus = await CommandBus.create({
    nc,
    logger: testLogger,
    ...names.bus,
    ackWaitMs: 2_000,
    maxAttempts: 3,
    backoffMs: [100, 200],
  });
  counter = commandHandler({ store, decider: counterDecider, streamIdOf: counterStreamId, toCommand: toCounterCommand });
});

afterAll(async () => {
  await bus?.close();
  await store?.close();
  if (nc) {
    await deleteStreams(nc, names);
    await nc.close();
  }
});

const countingHandler = (inner: CommandHandlerFn) => {
  const calls: { id: string; at: number }[] = [];
  const handler: CommandHandlerFn = async (e) => {
    calls.push({ id: e.id, at: Date.now() });
    return inner(e);
  };
  return { handler, calls };
};

describe('CommandBus against the real NATS', () => {
  it('sends, waits, and gets the accepted decision with the stream version', async () => {
    const consumer = await bus.handle('accepting', counter);
    try {
      const cmd = envelope({ counter: 'accept', by: 2 });
      const result = await bus.send(cmd, { context: 'accepting', waitMs: 10_000 });
      expect(result).toMatchObject({ status: 'accepted', commandId: cmd.id, streamId: 'counter.counter.accept', eventCount: 1 });
      if (result.status !== 'accepted') throw new Error('unreachable');
      expect(result.version).toBeGreaterThan(0);
      expect(result.position).toBe(result.version);

      const stored = await store.readStream('counter.counter.accept');
      expect(stored.version).toBe(result.version);
      expect(stored.events).toHaveLength(1);
      expect(stored.events[0]).toMatchObject({
        id: deterministicId(cmd.id, 0),
        type: 'Incremented',
        payload: { by: 2, total: 2 },
        guildId: cmd.guildId,
        actor: cmd.actor,
        source: cmd.source,
        correlationId: cmd.correlationId,
        causationId: cmd.id,
      });
      // Later, from the results bucket.
      expect(await bus.result(cmd.id)).toEqual(result);
    } finally {
      await consumer.stop();
    }
  });

  it('runs the handler with the command correlation id, so its log lines carry it', async () => {
    const seen: (string | undefined)[] = [];
    const consumer = await bus.handle('correlated', async (e) => {
      seen.push(currentCorrelationId());
      return counter(e);
    });
    try {
      const cmd = envelope({ counter: 'correlated', by: 1 });
      await bus.send(cmd, { context: 'correlated', waitMs: 10_000 });
      expect(seen).toEqual([cmd.correlationId]);
    } finally {
      await consumer.stop();
    }
  });

  it('records a domain rejection as a result with its code, appends nothing and acks', async () => {
    const consumer = await bus.handle('rejecting', counter);
    try {
      const cmd = envelope({ counter: 'reject', by: 5, limit: 3 });
      const result = await bus.send(cmd, { context: 'rejecting', waitMs: 10_000 });
      expect(result).toEqual({
        status: 'rejected',
        commandId: cmd.id,
        code: 'COUNTER_LIMIT',
        message: 'counter would pass its limit 3',
        details: { total: 0, limit: 3 },
      });
      expect((await store.readStream('counter.counter.reject')).version).toBe(0);

      const invalid = envelope({ counter: 'reject', by: 'many' });
      expect(await bus.send(invalid, { context: 'rejecting', waitMs: 10_000 })).toMatchObject({
        status: 'rejected',
        code: 'INVALID_COMMAND',
        details: { field: 'payload.by' },
      });
      expect(await bus.deadLetters({ context: 'rejecting' })).toEqual([]);
    } finally {
      await consumer.stop();
    }
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(names.bus.streamName, 'rejecting-handler');
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('refuses an invalid envelope with INVALID_COMMAND naming the field and publishes nothing', async () => {
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info(names.bus.streamName)).state.last_seq;
    const bad = { ...envelope({ counter: 'x', by: 1 }), actor: { kind: 'robot', id: 'r', name: 'R' } };
    const error = await bus.send(bad as unknown as CommandEnvelope, { context: 'nowhere', waitMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraError);
    expect(error).toMatchObject({ code: 'INVALID_COMMAND', details: { field: 'actor.kind' } });
    expect((error as Error).message).toContain('actor.kind');

    const dotted = await bus.send(envelope({}, { type: 'a.b' }), { context: 'nowhere' }).catch((e: unknown) => e);
    expect(dotted).toMatchObject({ code: 'INVALID_COMMAND', details: { field: 'type' } });
    const badContext = await bus.send(envelope({}), { context: 'a>b' }).catch((e: unknown) => e);
    expect(badContext).toMatchObject({ code: 'INVALID_COMMAND', details: { field: 'context' } });
    expect((await jsm.streams.info(names.bus.streamName)).state.last_seq).toBe(before);
  });

  it('returns pending past the timeout; the command still completes and result() gives the outcome', async () => {
    const slow: CommandHandlerFn = async (e) => {
      await new Promise((r) => setTimeout(r, 600));
      return counter(e);
    };
    const consumer = await bus.handle('slow', slow);
    try {
      const cmd = envelope({ counter: 'slow', by: 1 });
      expect(await bus.send(cmd, { context: 'slow', waitMs: 100 })).toEqual({ status: 'pending', commandId: cmd.id });
      expect(await bus.result(cmd.id)).toEqual({ status: 'pending', commandId: cmd.id });
      const later = await bus.result(cmd.id, { waitMs: 10_000 });
      expect(later).toMatchObject({ status: 'accepted', commandId: cmd.id, eventCount: 1 });
      expect(await bus.result(cmd.id)).toEqual(later);
    } finally {
      await consumer.stop();
    }
  });

  it('gives a waiter the outcome that was decided before it started waiting', async () => {
    const consumer = await bus.handle('early', counter);
    try {
      const cmd = envelope({ counter: 'early', by: 1 });
      await bus.send(cmd, { context: 'early' });
      const settled = await eventually(async () => {
        const r = await bus.result(cmd.id);
        return r.status === 'pending' ? undefined : r;
      });
      // A resend of a settled command answers at once from the bucket.
      expect(await bus.send(cmd, { context: 'early', waitMs: 5_000 })).toEqual(settled);
    } finally {
      await consumer.stop();
    }
  });

  it('has one effect for the same command sent twice, even past the dedupe window', async () => {
    const { handler, calls } = countingHandler(counter);
    const consumer = await bus.handle('twice', handler);
    try {
      const cmd = envelope({ counter: 'twice', by: 1 });
      const [a, b] = await Promise.all([
        bus.send(cmd, { context: 'twice', waitMs: 10_000 }),
        bus.send(cmd, { context: 'twice', waitMs: 10_000 }),
      ]);
      expect(a).toMatchObject({ status: 'accepted', eventCount: 1 });
      expect(b).toEqual(a);

      // A resend the stream's dedupe window no longer catches (simulated with another msg id).
      const js = jetstream(nc);
      await js.publish(`${names.bus.subjectPrefix}.twice.Increment`, JSON.stringify(cmd), { msgID: `${cmd.id}-late` });
      const third = envelope({ counter: 'twice', by: 1 });
      await bus.send(third, { context: 'twice', waitMs: 10_000 });

      const stored = await store.readStream('counter.counter.twice');
      expect(stored.events.map((e) => e.causationId)).toEqual([cmd.id, third.id]);
      expect(calls.filter((c) => c.id === cmd.id)).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });

  it('dead-letters malformed messages with body, headers and reason, and keeps consuming', async () => {
    const consumer = await bus.handle('malformed', counter);
    try {
      const js = jetstream(nc);
      const h = headers();
      h.set('X-Test', 'garbage');
      await js.publish(`${names.bus.subjectPrefix}.malformed.Increment`, 'not json {', { headers: h });
      await js.publish(`${names.bus.subjectPrefix}.malformed.Increment`, JSON.stringify({ id: 'half', type: 'Increment' }));
      const good = envelope({ counter: 'malformed', by: 1 });
      await js.publish(`${names.bus.subjectPrefix}.malformed.Other`, JSON.stringify(good));

      const after = envelope({ counter: 'malformed', by: 1 });
      expect(await bus.send(after, { context: 'malformed', waitMs: 10_000 })).toMatchObject({ status: 'accepted' });

      const letters = await eventually(async () => {
        const l = await bus.deadLetters({ context: 'malformed' });
        return l.length >= 3 ? l : undefined;
      });
      expect(letters).toHaveLength(3);
      const [notJson, notEnvelope, mismatch] = letters;
      expect(notJson).toMatchObject({ context: 'malformed', command: 'Increment', attempts: 1, body: 'not json {', bodyEncoding: 'utf8', commandId: null });
      expect(notJson?.reason).toContain('not JSON');
      expect(notJson?.headers['X-Test']).toEqual(['garbage']);
      expect(notEnvelope?.reason).toMatch(/not a CommandEnvelope.*issuedAt/);
      expect(notEnvelope?.commandId).toBe('half');
      expect(mismatch?.reason).toContain('does not match subject command Other');
      expect(mismatch?.command).toBe('Other');
      expect((await store.readStream('counter.counter.malformed')).events).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.info(names.bus.streamName, 'malformed-handler');
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('retries a throwing handler with backoff, then dead-letters it and records a failure', async () => {
    const { handler, calls } = countingHandler(async () => {
      throw new Error('boom: store on fire');
    });
    const consumer = await bus.handle('throwing', handler);
    try {
      const cmd = envelope({ counter: 'throwing', by: 1 });
      const result = await bus.send(cmd, { context: 'throwing', waitMs: 15_000 });
      expect(result).toMatchObject({ status: 'failed', commandId: cmd.id, attempts: 3 });
      expect(calls).toHaveLength(3);
      const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
      expect(gaps[0]).toBeGreaterThanOrEqual(90);
      expect(gaps[1]).toBeGreaterThanOrEqual(180);

      const [letter] = await bus.deadLetters({ context: 'throwing' });
      expect(letter).toMatchObject({ commandId: cmd.id, attempts: 3, command: 'Increment', bodyEncoding: 'utf8' });
      expect(letter?.reason).toContain('boom: store on fire');
      expect(JSON.parse(letter!.body)).toMatchObject({ id: cmd.id, payload: { counter: 'throwing', by: 1 } });
    } finally {
      await consumer.stop();
    }
    // Fixed handler: the context goes on, and the dead letter can be replayed from its record.
    const next = await bus.handle('throwing', counter);
    try {
      expect(await bus.send(envelope({ counter: 'throwing', by: 1 }), { context: 'throwing', waitMs: 10_000 })).toMatchObject({
        status: 'accepted',
      });
      const [letter] = await bus.deadLetters({ context: 'throwing' });
      await jetstream(nc).publish(letter!.subject, letter!.body, { msgID: `replay-${letter!.commandId}` });
      const replayed = await eventually(async () => {
        const r = await bus.result(letter!.commandId!);
        return r.status === 'accepted' ? r : undefined;
      });
      expect(replayed).toMatchObject({ eventCount: 1 });
      expect((await store.readStream('counter.counter.throwing')).events).toHaveLength(2);
    } finally {
      await next.stop();
    }
  }, 20_000);

  it('accepts 30 concurrent increments on one stream from two workers thanks to the conflict retry', async () => {
    // Two workers on the context's consumer, each with its own handler (as two processes would be):
    // within one the stream is serialized, between them the version check and the retry decide.
    const worker = () => commandHandler({ store, decider: counterDecider, streamIdOf: counterStreamId, toCommand: toCounterCommand });
    const a = await bus.handle('concurrent', worker(), { concurrency: 8 });
    const b = await bus.handle('concurrent', worker(), { concurrency: 8 });
    const consumer = { stop: () => Promise.all([a.stop(), b.stop()]) };
    try {
      const commands = Array.from({ length: 30 }, () => envelope({ counter: 'concurrent', by: 1 }));
      const results = await Promise.all(commands.map((c) => bus.send(c, { context: 'concurrent', waitMs: 20_000 })));
      expect(results.map((r) => r.status)).toEqual(Array(30).fill('accepted'));
      const stored = await store.readStream('counter.counter.concurrent');
      expect(stored.events).toHaveLength(30);
      expect(stored.events.map((e) => (e.payload as { total: number }).total)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(new Set(stored.events.map((e) => e.causationId))).toEqual(new Set(commands.map((c) => c.id)));
      expect(await bus.deadLetters({ context: 'concurrent' })).toEqual([]);
    } finally {
      await consumer.stop();
    }
  }, 30_000);

  it('stop() lets the commands in flight settle before it resolves', async () => {
    let started = 0;
    const slow: CommandHandlerFn = async (e) => {
      started++;
      await new Promise((r) => setTimeout(r, 300));
      return counter(e);
    };
    const consumer = await bus.handle('draining', slow, { concurrency: 3 });
    const commands = Array.from({ length: 3 }, (_, i) => envelope({ counter: `draining${i}`, by: 1 }));
    for (const c of commands) await bus.send(c, { context: 'draining' });
    await eventually(async () => (started === 3 ? true : undefined));
    await consumer.stop();
    for (const c of commands) expect((await bus.result(c.id)).status).toBe('accepted');
  });
});
