import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../src/logger.js';
import { connectNats } from '../src/nats-connection.js';
import { readDeadLetters } from '../src/command-bus/dead-letters.js';
import { PermanentFailure, startReactor, type Decoded, type RawMessage, type Reactor } from '../src/reactor/reactor.js';
import { eventually, NATS_URL } from '../src/testing/index.js';
import { freePort, PrivateNatsServer } from '../src/testing/index.js';

const logger = createLogger('reactor-test', process.env.LOG_LEVEL ?? 'silent');
const Job = z.object({ id: z.string(), key: z.string().default('k'), fail: z.number().int().default(0), permanent: z.boolean().default(false), slowMs: z.number().int().default(0) });
type Job = z.infer<typeof Job>;

const decodeJob = (m: RawMessage): Decoded<Job> => {
  try {
    const r = Job.safeParse(JSON.parse(new TextDecoder().decode(m.data)));
    return r.success ? { ok: true, value: r.data } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}` };
  }
};

/** A work stream and a dead-letter stream of this test only. */
const makeStreams = async (jsm: JetStreamManager, tag: string) => {
  const id = `${tag}_${Math.random().toString(16).slice(2, 10)}`;
  const names = { stream: `RX_${id}`, subject: `rx_${id}`, dlqStream: `RXDLQ_${id}`, dlqPrefix: `rxdlq_${id}` };
  await jsm.streams.add({ name: names.stream, subjects: [`${names.subject}.>`], storage: StorageType.File, retention: RetentionPolicy.Limits });
  await jsm.streams.add({ name: names.dlqStream, subjects: [`${names.dlqPrefix}.>`], storage: StorageType.File });
  return names;
};

describe('the reactor against the real NATS', () => {
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  const streams: string[] = [];

  beforeAll(async () => {
    nc = await connectNats(NATS_URL, 'reactor-test');
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
    await nc.close();
  });

  const setup = async (tag: string) => {
    const n = await makeStreams(jsm, tag);
    streams.push(n.stream, n.dlqStream);
    return n;
  };

  const start = (n: Awaited<ReturnType<typeof setup>>, handle: (j: Job, attempt: number, signal: AbortSignal) => Promise<void>, extra: Partial<Parameters<typeof startReactor<Job>>[0]> = {}, conn = nc): Promise<Reactor> =>
    startReactor<Job>({
      nc: conn,
      logger,
      name: 'worker',
      stream: n.stream,
      filterSubject: `${n.subject}.>`,
      deadLetters: { stream: n.dlqStream, prefix: n.dlqPrefix },
      decode: decodeJob,
      label: (j) => ({ context: 'jobs', command: 'job', commandId: j?.id ?? null }),
      handle: (j, ctx) => handle(j, ctx.deliveryCount, ctx.signal),
      ackWaitMs: 2_000,
      maxAttempts: 3,
      backoffMs: [50],
      ...extra,
    });

  it('handles each message once; a malformed one is dead-lettered with the reason and does not block the next', async () => {
    const n = await setup('basic');
    const seen: string[] = [];
    const r = await start(n, async (j) => void seen.push(j.id));
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: '1' }));
    await js.publish(`${n.subject}.a`, 'not json {');
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: 2 }));
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: '3' }));
    await eventually(async () => (seen.length === 2 ? true : undefined), 10_000, 'two good jobs');
    const letters = await eventually(async () => {
      const l = await readDeadLetters(jsm, { stream: n.dlqStream, prefix: n.dlqPrefix });
      return l.length === 2 ? l : undefined;
    }, 10_000, 'two dead letters');
    await r.stop();
    expect(seen).toEqual(['1', '3']);
    expect(letters.map((l) => l.reason)).toEqual([expect.stringMatching(/^malformed: not JSON/), expect.stringMatching(/^malformed: id: /)]);
    expect(letters[0]).toMatchObject({ consumer: 'worker', stream: n.stream, streamSequence: 2, body: 'not json {', bodyEncoding: 'utf8', attempts: 1 });
    expect(r.stats()).toMatchObject({ handled: 2, malformed: 2, deadLettered: 2 });
    // Nothing is left for redelivery: every message was acked.
    const info = await jsm.consumers.info(n.stream, 'worker');
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });

  it('retries a failing handler with backoff, dead-letters it after maxAttempts; a PermanentFailure at once', async () => {
    const n = await setup('retry');
    const attempts = new Map<string, number>();
    const dead: string[] = [];
    const r = await start(
      n,
      async (j, attempt) => {
        attempts.set(j.id, attempt);
        if (j.permanent) throw new PermanentFailure(`job ${j.id} can never work`);
        if (attempt <= j.fail) throw new Error(`transient failure ${attempt}`);
      },
      { onDeadLetter: async (j, reason) => void dead.push(`${j?.id}: ${reason}`) },
    );
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: 'flaky', fail: 2 }));
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: 'doomed', fail: 99 }));
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: 'poison', permanent: true }));
    await eventually(async () => (dead.length === 2 && r.stats().handled === 1 ? true : undefined), 15_000, 'settled');
    await r.stop();
    expect(attempts.get('flaky')).toBe(3);
    expect(attempts.get('doomed')).toBe(3);
    expect(attempts.get('poison')).toBe(1);
    expect(dead.sort()).toEqual(['doomed: failed after 3 attempts: Error: transient failure 3', 'poison: job poison can never work']);
    const letters = await readDeadLetters(jsm, { stream: n.dlqStream, prefix: n.dlqPrefix });
    expect(letters.map((l) => [l.commandId, l.attempts]).sort()).toEqual([['doomed', 3], ['poison', 1]]);
  });

  it('keeps one key in order while other keys run side by side', async () => {
    const n = await setup('order');
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const r = await start(
      n,
      async (j) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((res) => setTimeout(res, j.slowMs));
        log.push(`${j.key}:${j.id}`);
        running--;
      },
      { concurrency: 4, keyOf: (j) => j.key },
    );
    for (let i = 0; i < 6; i++) await js.publish(`${n.subject}.a`, JSON.stringify({ id: String(i), key: 'a', slowMs: 30 - i * 5 }));
    for (let i = 0; i < 3; i++) await js.publish(`${n.subject}.a`, JSON.stringify({ id: String(i), key: 'b', slowMs: 5 }));
    await eventually(async () => (log.length === 9 ? true : undefined), 10_000, 'nine jobs');
    await r.stop();
    expect(log.filter((l) => l.startsWith('a:'))).toEqual(['a:0', 'a:1', 'a:2', 'a:3', 'a:4', 'a:5']);
    expect(log.filter((l) => l.startsWith('b:'))).toEqual(['b:0', 'b:1', 'b:2']);
    expect(maxRunning).toBeGreaterThan(1);
  });

  it('re-creates its consumer when an operator deletes it, and goes on', async () => {
    const n = await setup('deleted');
    const seen: string[] = [];
    const r = await start(n, async (j) => void seen.push(j.id));
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: 'before' }));
    await eventually(async () => (seen.includes('before') ? true : undefined), 10_000, 'first job');
    await jsm.consumers.delete(n.stream, 'worker');
    // Published while no consumer exists: a re-created consumer delivers everything stored, so
    // 'before' comes again (handlers are idempotent by id) and 'after' is not lost.
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: 'after' }));
    await eventually(async () => (seen.includes('after') ? true : undefined), 20_000, 'job after the delete');
    await r.stop();
    expect(r.stats().restarts).toBeGreaterThanOrEqual(1);
    await expect(jsm.consumers.info(n.stream, 'worker')).resolves.toBeDefined();
  });

  it('stop() hands back a message whose handler is waiting (nak on the abort signal): the next worker takes it at once', async () => {
    const n = await setup('stop');
    let started = false;
    const first = await start(n, (_, __, signal) => {
      started = true;
      return new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }, { ackWaitMs: 30_000 });
    await js.publish(`${n.subject}.a`, JSON.stringify({ id: 'long' }));
    await eventually(async () => (started ? true : undefined), 10_000, 'handler started');
    await first.stop();
    const seen: string[] = [];
    const t0 = Date.now();
    const second = await start(n, async (j) => void seen.push(j.id), { ackWaitMs: 30_000 });
    await eventually(async () => (seen.length === 1 ? true : undefined), 10_000, 'redelivered job');
    await second.stop();
    expect(seen).toEqual(['long']);
    // Well under the 30 s ack wait: it was naked, not left to expire.
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('survives a NATS restart: messages published before and after it are all handled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reactor-nats-'));
    const server = new PrivateNatsServer(await freePort(), dir);
    await server.start();
    const pnc = await connectNats(server.url, 'reactor-restart-test');
    try {
      const pjsm = await jetstreamManager(pnc);
      const pjs = jetstream(pnc);
      const n = await makeStreams(pjsm, 'restart');
      const seen: string[] = [];
      const r = await start(n, async (j) => void seen.push(j.id), {}, pnc);
      for (let i = 0; i < 5; i++) await pjs.publish(`${n.subject}.a`, JSON.stringify({ id: `a${i}` }), { msgID: `a${i}` });
      await eventually(async () => (seen.length === 5 ? true : undefined), 10_000, 'first five');
      await server.kill();
      await server.start();
      await eventually(async () => {
        for (let i = 0; i < 5; i++) await pjs.publish(`${n.subject}.a`, JSON.stringify({ id: `b${i}` }), { msgID: `b${i}` });
        return true;
      }, 20_000, 'publish after restart');
      await eventually(async () => (new Set(seen).size === 10 ? true : undefined), 30_000, 'all ten');
      await r.stop();
      expect(new Set(seen).size).toBe(10);
      expect(seen.filter((s) => s.startsWith('b')).sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    } finally {
      await pnc.close().catch(() => undefined);
      await server.kill();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
