import type { CommandBus, CommandHandlerFn, EventStore, Logger, OpenEvents } from '@guildhall/eventing';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Pool } from 'pg';

/** What the automation service hands each of its parts (scheduler, automod, workflows …). */
export type AutomationDeps = Readonly<{
  nc: NatsConnection;
  store: EventStore;
  bus: CommandBus;
  /** The service's database: its private read models (and their runners' checkpoints). */
  pool: Pool;
  /** The EVENTS stream the store writes to, and its subject prefix (for reactors over events). */
  streamName: string;
  subjectPrefix: string;
  logger: Logger;
  /** The bot's facts stream (message-posted workflows); absent: those triggers are off (a test stack without the bot's facts). */
  discordFacts?: Readonly<{ streamName: string; subjectPrefix: string }>;
  /** The store's `open` (crypto-shredding): a part that reads events straight off the stream runs them through it. As stored when absent. */
  open?: OpenEvents;
  /** The `cmd.automation.*` handler in this process: a part may decide its own commands locally. */
  handle: CommandHandlerFn;
}>;

export type RunningPart = Readonly<{ stop: () => Promise<void> }>;

/** One moving part of the automation service: a reactor, a scheduler, a projection runner. */
export type AutomationPart = Readonly<{
  name: string;
  start: (deps: AutomationDeps) => Promise<RunningPart>;
}>;
