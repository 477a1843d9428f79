import type { JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { factSubject, validateFact, type DiscordFact } from '../facts/index.js';
import { KeyedQueue } from '@guildhall/eventing';

export type FactPublisherStats = { published: number; duplicates: number; invalid: number; retries: number; pending: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes facts on `<prefix>.<guildId>.<type>` with `Nats-Msg-Id` = fact id. Facts of one
 * guild are published in the order they were seen; a NATS outage is retried with backoff until
 * it ends (facts wait in memory), so a NATS restart delays facts but loses none while the bot runs.
 */
export class FactPublisher {
  private readonly queue = new KeyedQueue();
  private readonly stats: FactPublisherStats = { published: 0, duplicates: 0, invalid: 0, retries: 0, pending: 0 };
  private stopped = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly subjectPrefix: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Queues facts (or a promise of them, for facts that need a lookup first) behind the
   * guild's earlier facts. Invalid facts are our bug: logged, never published.
   */
  publish(guildId: string, facts: readonly DiscordFact[] | Promise<readonly DiscordFact[]>): Promise<void> {
    this.stats.pending++;
    return this.queue
      .run(guildId, async () => {
        let list: readonly DiscordFact[];
        try {
          list = await facts;
        } catch (err) {
          this.logger.warn({ err, guildId }, 'could not build facts; skipped');
          return;
        }
        for (const fact of list) await this.publishOne(fact);
      })
      .finally(() => {
        this.stats.pending--;
      });
  }

  private async publishOne(fact: DiscordFact): Promise<void> {
    const checked = validateFact(fact);
    if ('reason' in checked) {
      this.stats.invalid++;
      this.logger.error({ factType: fact.type, factId: fact.id, reason: checked.reason }, 'invalid fact not published');
      return;
    }
    const subject = factSubject(this.subjectPrefix, fact.guildId, fact.type);
    const data = JSON.stringify(checked.fact);
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const ack = await this.js.publish(subject, data, { msgID: fact.id, timeout: 5_000 });
        if (ack.duplicate) this.stats.duplicates++;
        else this.stats.published++;
        return;
      } catch (err) {
        this.stats.retries++;
        if (attempt === 0 || attempt % 20 === 0) this.logger.warn({ err, subject, factId: fact.id, attempt }, 'fact publish failed; retrying');
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  snapshot(): FactPublisherStats {
    return { ...this.stats };
  }

  /** Waits for queued facts (bounded by `timeoutMs`), then stops retrying. */
  async close(timeoutMs = 5_000): Promise<void> {
    await Promise.race([this.queue.idle(), sleep(timeoutMs)]);
    this.stopped = true;
  }
}
