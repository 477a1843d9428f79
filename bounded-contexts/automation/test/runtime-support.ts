import { randomBytes } from 'node:crypto';
import { CommandBus, connectNats, createLogger, ensureDatabase, JetStreamEventStore, type CommandResult } from '@guildhall/eventing';
import { deleteStreams, dropTestDatabase, NATS_URL, uniqueNames } from '@guildhall/eventing/testing';
import { newId, type Actor, type CommandEnvelope } from '@guildhall/kernel';
import { register as registerMessaging } from '@guildhall/messaging/handler';
import pg from 'pg';
import { automationHandler } from '../src/handler.js';
import type { AutomationDeps } from '../src/runtime/automation-part.js';

export const logger = createLogger('automation-runtime-test', process.env.LOG_LEVEL ?? 'silent');
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const databaseUrl = (name: string): string => {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/** A clock the test moves by hand; starts at the real time so JetStream and logs look sane. */
export class ManualClock {
  private at: number;
  constructor(start: Date = new Date()) {
    this.at = start.getTime();
  }
  readonly now = (): Date => new Date(this.at);
  iso(): string {
    return new Date(this.at).toISOString();
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export type RuntimeWorld = Readonly<{ deps: AutomationDeps; pool: pg.Pool; store: JetStreamEventStore; bus: CommandBus; dispose(): Promise<void> }>;

/**
 * One isolated world per test file: its own JetStream names and database, the automation and
 * messaging handlers on the bus (messaging's is the real one: a scheduled post is its SendMessage).
 */
export const createRuntimeWorld = async (tag: string): Promise<RuntimeWorld> => {
  const names = uniqueNames(tag);
  const database = `gh_test_${tag}_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(database);
  await ensureDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const nc = await connectNats(NATS_URL, `automation-${tag}-test`);
  const store = await JetStreamEventStore.create({ nc, ...names.events, logger });
  const bus = await CommandBus.create({ nc, logger, ...names.bus, ackWaitMs: 5_000, maxAttempts: 3, backoffMs: [100] });
  const handle = automationHandler(store);
  const automation = await bus.handle('automation', handle);
  const messaging = await registerMessaging(bus, store);
  const deps: AutomationDeps = { nc, store, bus, pool, ...names.events, logger, handle };
  return {
    deps,
    pool,
    store,
    bus,
    dispose: async () => {
      await automation.stop();
      await messaging.stop();
      await bus.close();
      await store.close();
      await pool.end();
      await deleteStreams(nc, names);
      await nc.close();
      await dropTestDatabase(url);
    },
  };
};

export { eventually } from '@guildhall/eventing/testing';

export const ANN: Actor = { kind: 'dashboard-user', id: '200000000000000001', name: 'Ann' };
export const BOT: Actor = { kind: 'system', id: 'guildhall-discord-bot', name: 'Guildhall bot' };

export const command = (guildId: string, type: string, payload: unknown, issuedAt: string, actor: Actor = ANN): CommandEnvelope => {
  const id = newId();
  return { id, type, issuedAt, guildId, actor, source: 'web', correlationId: id, causationId: null, payload };
};

export const send = (bus: CommandBus, c: CommandEnvelope, context = 'automation'): Promise<CommandResult> => bus.send(c, { context, waitMs: 15_000 });
