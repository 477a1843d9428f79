import { PermanentFailure, startReactor, type CommandBus, type Reactor } from '@guildhall/eventing';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { decodeFact, type DiscordFact as Fact } from '../facts/index.js';
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
  private readonly stats: FactRouterStats = { facts: 0, commands: 0, malformed: 0, routeErrors: 0 };
  private reactor: Reactor | undefined;
  private stopping = false;

  private constructor(private readonly opts: FactRouterOptions) {}

  static async start(opts: FactRouterOptions): Promise<FactRouter> {
    const router = new FactRouter(opts);
    router.reactor = await startReactor<Fact>({
      nc: opts.nc,
      logger: opts.logger,
      name: opts.consumerName,
      stream: opts.stream,
      filterSubject: `${opts.subjectPrefix}.>`,
      deadLetters: { stream: opts.bus.config.deadLetterStream, prefix: opts.bus.config.deadLetterPrefix },
      decode: (m) => {
        const d = decodeFact(m.data);
        return 'reason' in d ? { ok: false, reason: d.reason } : { ok: true, value: d.fact };
      },
      label: (fact) => ({ context: opts.consumerName, command: fact?.type ?? '_', commandId: fact?.id ?? null }),
      // One guild's facts in order; guilds side by side.
      keyOf: (fact) => fact.guildId,
      concurrency: opts.concurrency ?? 32,
      prefetch: 256,
      ackWaitMs: opts.ackWaitMs ?? 30_000,
      maxAttempts: 10,
      backoffMs: [2_000, 5_000, 15_000],
      onDeadLetter: async (fact) => {
        if (fact) router.stats.routeErrors++;
        else router.stats.malformed++;
      },
      handle: (fact) => router.route(fact),
    });
    return router;
  }

  snapshot(): FactRouterStats {
    return { ...this.stats };
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    await Promise.race([this.reactor?.stop(), new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  /** Sends the fact's commands; a route that throws (a pure function) dead-letters the fact once the others are sent. */
  private async route(fact: Fact): Promise<void> {
    const commands: RoutedCommand[] = [];
    const refused: string[] = [];
    for (const route of this.opts.routes) {
      try {
        commands.push(...route(fact));
      } catch (err) {
        refused.push(err instanceof Error ? err.message : String(err));
      }
    }
    for (const c of commands) await this.send(c);
    this.stats.facts++;
    if (refused.length > 0) throw new PermanentFailure(`fact route failed on ${fact.type} ${fact.id}: ${refused.join('; ')}`);
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
