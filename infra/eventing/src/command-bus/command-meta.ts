import type { CommandEnvelope, CommandMeta } from '@guildhall/kernel';

/** The meta a decider sees: the envelope's who/where/why, the command id, and the decision time. */
export const commandMetaOf = (envelope: CommandEnvelope, now: Date): CommandMeta => ({
  guildId: envelope.guildId,
  actor: envelope.actor,
  source: envelope.source,
  correlationId: envelope.correlationId,
  causationId: envelope.causationId,
  commandId: envelope.id,
  now: now.toISOString(),
});
