import { deterministicId, type CommandEnvelope, type EventEnvelope } from '@guildhall/kernel';
import type { z } from 'zod';
import type { commands, ModerationCommandType } from './command-routing.js';

/**
 * A command a process manager sends because of a stored event. Its id is derived from the event
 * (and a key), so reacting twice to the same event sends the same command, which the bus and the
 * deciders deduplicate. It keeps the event's guild, actor, source and correlation id.
 */
export const causedBy = <T extends ModerationCommandType>(
  event: Pick<EventEnvelope, 'id' | 'guildId' | 'actor' | 'source' | 'correlationId'>,
  type: T,
  payload: z.input<(typeof commands)[T]>,
  now: string,
  key: string = type,
): CommandEnvelope => ({
  id: deterministicId('moderation-process', event.id, key),
  type,
  issuedAt: now,
  guildId: event.guildId,
  actor: event.actor,
  source: event.source,
  correlationId: event.correlationId,
  causationId: event.id,
  payload,
});
