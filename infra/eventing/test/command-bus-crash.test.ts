import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandBus } from '../src/command-bus/command-bus.js';
import type { CommandResult } from '../src/command-bus/command-result.js';
import { JetStreamEventStore } from '../src/event-store/jetstream-event-store.js';
import { connectNats } from '../src/nats-connection.js';
import { deleteStreams, envelope, NATS_URL, testLogger, uniqueNames } from './command-bus-support.js';

const names = uniqueNames('crash');
const context = 'crashing';
const workerScript = fileURLToPath(new URL('./fixtures/command-bus-worker.ts', import.meta.url));
const busConfig = { ...names.bus, ackWaitMs: 1_000 };
const workers = new Set<ChildProcess>();
let nc: NatsConnection;
let bus: CommandBus;
let store: JetStreamEventStore;

/** Starts a worker process (same Node as the tests, TypeScript through tsx) and waits for its word. */
const startWorker = async (hangAfterAppends: number, waitFor: 'ready' | 'hung'): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: {
      ...process.env,
      WORKER_CONFIG: JSON.stringify({ natsUrl: NATS_URL, context, bus: busConfig, events: names.events, maxPauseMs: 30, hangAfterAppends }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(waitFor)) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited before ${waitFor} (code ${code}, signal ${signal})`)));
  });
  return child;
};

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));

beforeAll(async () => {
  nc = await connectNats(NATS_URL, 'command-bus-crash-test');
  store = await JetStreamEventStore.create({ nc, ...names.events, logger: testLogger });
  bus = await CommandBus.create({ nc, logger: testLogger, ...busConfig });
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await store?.close();
  if (nc) {
    await deleteStreams(nc, names);
    await nc.close();
  }
});

describe('command bus worker killed with SIGKILL mid-stream', () => {
  it('loses no command and appends none twice once a new worker takes over', async () => {
    const commands = Array.from({ length: 40 }, (_, i) => envelope({ counter: `c${i % 4}`, by: 1 }));
    for (const c of commands) expect(await bus.send(c, { context })).toMatchObject({ status: 'pending' });
    // It settles some commands, then hangs right after its 10th append: killed there.
    const first = await startWorker(10, 'hung');
    first.kill('SIGKILL');
    await exited(first);

    const settled = (await Promise.all(commands.map((c) => bus.result(c.id)))).filter((r) => r.status !== 'pending');
    const appended = new Set((await store.readAll()).map((e) => e.causationId));
    // The kill interrupted work between an append and its result, or this test proves nothing.
    expect(settled.length).toBeGreaterThan(0);
    expect(appended.size).toBeGreaterThan(settled.length);
    expect(appended.size).toBeLessThan(commands.length);

    const second = await startWorker(0, 'ready');
    const results = await Promise.all(commands.map((c) => bus.result(c.id, { waitMs: 20_000 })));
    expect(results.map((r) => r.status)).toEqual(Array(commands.length).fill('accepted'));

    const events = await store.readAll();
    for (const [i, c] of commands.entries()) {
      const own = events.filter((e) => e.causationId === c.id);
      expect(own, `command ${i} commits`).toHaveLength(1);
      const result = results[i] as Extract<CommandResult, { status: 'accepted' }>;
      expect(result.version).toBe(own[0]!.version);
      expect(result.streamId).toBe(own[0]!.streamId);
    }
    expect(events).toHaveLength(commands.length);
    for (let k = 0; k < 4; k++) {
      const { events: stream } = await store.readStream(`counter.counter.c${k}`);
      expect(stream.map((e) => (e.payload as { total: number }).total)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    }
    expect(await bus.deadLetters()).toEqual([]);

    second.kill('SIGTERM');
    await exited(second);
    expect(second.exitCode).toBe(0);
  }, 60_000);
});
