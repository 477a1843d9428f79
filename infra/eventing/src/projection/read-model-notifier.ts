import type { NatsConnection } from '@nats-io/nats-core';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { readModelSubject } from './projection-names.js';

/** Payload of `rm.<guildId>.<model>` (core NATS): the read model now includes this position. */
export const ReadModelNotificationSchema = z.object({ position: z.number().int().nonnegative() });
export type ReadModelNotification = z.infer<typeof ReadModelNotificationSchema>;

/** Publishes `rm.<guildId>.<model>` once per guild, after the batch is committed. */
export const notifyReadModel = (
  nc: NatsConnection,
  model: string,
  guilds: Iterable<string>,
  position: number,
  logger: Logger,
): void => {
  const payload = JSON.stringify({ position } satisfies ReadModelNotification);
  for (const guildId of guilds) {
    const subject = readModelSubject(guildId, model);
    if (!subject) {
      logger.warn({ projection: model, guildId }, `guild id "${guildId}" is not a subject token; no rm notification`);
      continue;
    }
    nc.publish(subject, payload);
  }
};
