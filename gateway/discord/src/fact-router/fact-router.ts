import { metrics, type CommandBus } from '@guildhall/eventing';
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { ensureDurableConsumer } from '../durable-consumer.js';
import { decodeFact } from '../facts/index.js';
import { KeyedQueue } from '../keyed-queue.js';
import { Semaphore } from '../semaphore.js';
import type { FactRoute, RoutedCommand } from './fact-route.js';

export type FactRouterOptions = Readonly<{
  nc: NatsConnection;
  bus: CommandBus;
  routes: readonly FactRoute[];
  stream: string;
  subjectPrefix: string;
  consumerName: string;
  concurrency?: number;
  ackWaitMs?: number;
  logger: Logger;
}>;

export type FactRouterStats = { facts: number; commands: number; malformed: number; routeErrors: number };

/**
 * Turns facts into the contexts' commands: a durable consumer of `<prefix>.>` on the DISCORD
 * stream. A fact is acked once its commands are on the bus; their ids derive from the fact id,
 * so a redelivered or replayed fact changes nothing twice. One guild's facts go in order.
 */
export class FactRouter {
  private readonly queue = new KeyedQueue();
  private readonly slots: Semaphore;
  private readonly stats: FactRouterStats = { facts: 0, commands: 0, malformed: 0, routeErrors: 0 };
  private messages: ConsumerMessages | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private stopping = false;

  private constructor(private readonly opts: FactRouterOptions) {
    this.slots = new Semaphore(opts.concurrency ?? 32);
  }

  static async start(opts: FactRouterOptions): Promise<FactRouter> {
    const router = new FactRouter(opts);
    const jsm = await jetstreamManager(opts.nc);
    await ensureDurableConsumer(jsm, {
      stream: opts.stream,
      name: opts.consumerName,
      filterSubject: `${opts.subjectPrefix}.>`,
      ackWaitMs: opts.ackWaitMs ?? 30_000,
      maxAckPending: 1_000,
    });
    const consumer = await jetstream(opts.nc).consumers.get(opts.stream, opts.consumerName);
    router.messages = await consumer.consume({ max_messages: 256, expires: 5_000 });
    router.loopDone = router.loop(router.messages);
    return router;
  }

  snapshot(): FactRouterStats {
    return { ...this.stats };
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    await Promise.race([this.loopDone.then(() => this.queue.idle()), new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  private async loop(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      if (this.stopping) break;
      metrics.delivered(this.opts.consumerName, m.info.pending, m.redelivered);
      await this.slots.acquire();
      void this.process(m).finally(() => this.slots.release());
    }
  }

  private process(m: JsMsg): Promise<void> {
    const decoded = decodeFact(m.data);
    if ('reason' in decoded) {
      this.stats.malformed++;
      this.opts.logger.warn({ subject: m.subject, seq: m.seq, reason: decoded.reason }, 'malformed fact skipped');
      m.term();
      return Promise.resolve();
    }
    const { fact } = decoded;
    const commands: RoutedCommand[] = [];
    for (const route of this.opts.routes) {
      try {
        commands.push(...route(fact));
      } catch (err) {
        this.stats.routeErrors++;
        this.opts.logger.error({ err, factId: fact.id, type: fact.type }, 'fact route failed; fact skipped by that route');
      }
    }
    return this.queue.run(fact.guildId, async () => {
      try {
        for (const c of commands) await this.send(c);
        this.stats.facts++;
        m.ack();
      } catch (err) {
        this.opts.logger.warn({ err, factId: fact.id }, 'fact not routed; it will be delivered again');
        m.nak(2_000);
      }
    });
  }

  private async send(c: RoutedCommand): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.bus.send(c.command, { context: c.context });
        this.stats.commands++;
        return;
      } catch (err) {
        if ((err as { code?: unknown }).code === 'INVALID_COMMAND') {
          this.opts.logger.error({ err, command: c.command }, 'routed command is invalid; dropped');
          return;
        }
        if (this.stopping || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
