import { InfraError } from '@guildhall/kernel';
import { Kvm, type KV } from '@nats-io/kv';
import { StorageType, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { type CommandResult, type SettledResult, SettledResultSchema } from './command-result.js';
import { resultKey, resultSubject } from './subjects.js';

/**
 * Settled outcomes: stored in a KV bucket (with a TTL) so `result(id)` works later and from any
 * process, and announced on a core-NATS subject so a waiting sender hears at once.
 *
 * No lost result: a waiter subscribes to the announcement *before* it reads the bucket, and the
 * handler writes the bucket *before* it announces. Either the read sees the outcome, or the
 * write comes after the subscription and so does the announcement.
 */
export class CommandResults {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly kv: KV,
    private readonly subjectPrefix: string,
  ) {}

  static async open(
    nc: NatsConnection,
    js: JetStreamClient,
    options: Readonly<{ bucket: string; ttlMs: number; subjectPrefix: string }>,
  ): Promise<CommandResults> {
    const kv = await new Kvm(js).create(options.bucket, {
      ttl: options.ttlMs,
      history: 1,
      storage: StorageType.File,
    });
    return new CommandResults(nc, kv, options.subjectPrefix);
  }

  /** Stores then announces; throws when the bucket write fails (the caller must not ack then). */
  async record(result: SettledResult): Promise<void> {
    const body = JSON.stringify(result);
    await this.kv.put(resultKey(result.commandId), body);
    this.nc.publish(resultSubject(this.subjectPrefix, result.commandId), body);
  }

  /** Re-announces an outcome already stored (a resent command that was settled before). */
  announce(result: SettledResult): void {
    this.nc.publish(resultSubject(this.subjectPrefix, result.commandId), JSON.stringify(result));
  }

  async get(commandId: string): Promise<SettledResult | undefined> {
    const entry = await this.kv.get(resultKey(commandId));
    if (!entry || entry.operation !== 'PUT') return undefined;
    return parseResult(entry.string(), commandId);
  }

  /**
   * Runs `action` (e.g. publishing the command) with the announcement subscription already in
   * place, then returns the outcome, or `pending` once `waitMs` has passed.
   */
  async waitFor(commandId: string, waitMs: number, action: () => Promise<void> = async () => {}): Promise<CommandResult> {
    if (waitMs <= 0) {
      await action();
      return (await this.get(commandId)) ?? { status: 'pending', commandId };
    }
    const sub = this.nc.subscribe(resultSubject(this.subjectPrefix, commandId), { max: 1 });
    try {
      const announced = firstAnnouncement(sub, commandId);
      // Marked handled: if we return early, the unsubscribe ends it without anyone awaiting.
      announced.catch(() => undefined);
      await action();
      const stored = await this.get(commandId);
      if (stored) return stored;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<CommandResult>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'pending', commandId }), waitMs);
      });
      try {
        return await Promise.race([announced, timeout]);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      sub.unsubscribe();
    }
  }
}

const firstAnnouncement = async (sub: Subscription, commandId: string): Promise<CommandResult> => {
  for await (const m of sub) return parseResult(m.string(), commandId);
  // The subscription closed (unsubscribed or connection closed) without an announcement.
  return { status: 'pending', commandId };
};

const parseResult = (text: string, commandId: string): SettledResult => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InfraError('INVALID_MESSAGE', `stored result of command ${commandId} is not JSON`, { commandId }, { cause: e });
  }
  const parsed = SettledResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InfraError('INVALID_MESSAGE', `stored result of command ${commandId} is invalid: ${issue?.path.join('.')}: ${issue?.message}`, {
      commandId,
    });
  }
  return parsed.data;
};
