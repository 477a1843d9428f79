import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraError, newId, type EventEnvelope, type NewEvent } from '@guildhall/kernel';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, createLogger, EventStoreErrorCodes, JetStreamEventStore, NO_STREAM } from '../src/index.js';
import { newEvent, newStreamId } from './event-store.contract.js';
import { freePort, PrivateNatsServer } from '../src/testing/index.js';

const WRITERS = 4;
const COMMITS_PER_WRITER = 60;
const KILL_AFTER = 80; // acknowledged commits, of 240

let server: PrivateNatsServer;
let dir: string;
let nc: NatsConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guildhall-nats-'));
  server = new PrivateNatsServer(await freePort(), dir);
  await server.start();
  nc = await connectNats(server.url, 'event-store-restart-test');
});

afterAll(async () => {
  await nc?.close();
  await server?.kill();
  await rm(dir, { recursive: true, force: true });
});

describe('JetStreamEventStore across a nats-server crash and restart', () => {
  it('keeps every acknowledged append exactly once, and the subscription delivers each once', { timeout: 60_000 }, async () => {
    const store = await JetStreamEventStore.create({ nc, publishTimeoutMs: 1_000, logger: createLogger('test', 'silent') });
    const received: EventEnvelope[] = [];
    const sub = store.subscribeAll();
    const reading = (async () => {
      for await (const e of sub) received.push(e);
    })();

    const acked = new Map<string, { streamId: string; expected: number; events: NewEvent[]; eventIds: string[]; position: number }>();
    const stats = { retries: 0, duplicates: 0, unexpected: [] as string[] };
    const writer = async () => {
      const id = newStreamId();
      let version = NO_STREAM;
      for (let i = 0; i < COMMITS_PER_WRITER; i++) {
        const events = [newEvent(), newEvent()];
        const commitId = newId();
        for (;;) {
          try {
            const r = await store.append(id, events, version, { commitId });
            if (r.duplicate) stats.duplicates++;
            acked.set(commitId, { streamId: id, expected: version, events, eventIds: events.map((e) => e.id), position: r.position });
            version = r.version;
            break;
          } catch (err) {
            // Only "not acknowledged" may be retried; a conflict here would mean dedupe failed.
            if (!(err instanceof InfraError && err.code === EventStoreErrorCodes.EVENT_STORE_UNAVAILABLE)) {
              stats.unexpected.push(String(err));
              throw err;
            }
            stats.retries++;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      }
    };
    const writing = Promise.all(Array.from({ length: WRITERS }, writer));

    while (acked.size < KILL_AFTER) await new Promise((r) => setTimeout(r, 5));
    const down = performance.now();
    await server.kill();
    await new Promise((r) => setTimeout(r, 300));
    await server.start();
    const restartMs = performance.now() - down;
    await writing;
    const writtenMs = performance.now() - down;

    expect(stats.unexpected).toEqual([]);
    const ackedIds = [...acked.values()].flatMap((c) => c.eventIds).sort();
    expect(ackedIds).toHaveLength(WRITERS * COMMITS_PER_WRITER * 2);
    const stored = await store.readAll();
    expect(stored.map((e) => e.id).sort()).toEqual(ackedIds);
    for (const c of acked.values()) {
      expect(stored.filter((e) => e.position === c.position).map((e) => e.id)).toEqual(c.eventIds);
    }

    // The dedupe state survives the crash: retrying a commit acknowledged before it is a duplicate.
    const [firstId, first] = [...acked.entries()][0]!;
    expect(await store.append(first.streamId, first.events, first.expected, { commitId: firstId })).toEqual({
      version: first.position,
      position: first.position,
      duplicate: true,
    });

    const deadline = Date.now() + 20_000;
    while (received.length < stored.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const subscribedMs = performance.now() - down;
    expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    await sub.close();
    await reading;
    await store.close();
    console.info(
      `[jetstream restart] server back ${restartMs.toFixed(0)} ms after kill; writers done ${writtenMs.toFixed(0)} ms after kill ` +
        `with ${stats.retries} retries, ${stats.duplicates} duplicates (landed before the crash, ack lost); ` +
        `subscription caught up ${subscribedMs.toFixed(0)} ms after kill`,
    );
  });
});
