import { z } from 'zod';

/** Who caused a change. Audit-grade: every event names a kind, a stable id and a display name. */
export const ActorSchema = z.object({
  kind: z.enum(['discord-user', 'dashboard-user', 'system', 'automation']),
  id: z.string().min(1),
  name: z.string(),
});
export type Actor = z.infer<typeof ActorSchema>;

/** Where a change came from (`automod`: an automod rule acted on its own; the actor is the rule). */
export const SourceSchema = z.enum(['web', 'slash-command', 'discord', 'scheduler', 'api', 'automod']);
export type Source = z.infer<typeof SourceSchema>;

/** Metadata every event and command carries, copied from command to the events it produces. */
export const MessageMetaSchema = z.object({
  guildId: z.string().min(1),
  actor: ActorSchema,
  source: SourceSchema,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
});
export type MessageMeta = z.infer<typeof MessageMetaSchema>;

/**
 * A stored event. `version` and `position` are defined by the store: on JetStream both are
 * stream sequences (the version of a stream is the sequence of its last commit, the position is
 * the commit's global sequence), so events appended together share them.
 */
export const EventEnvelopeSchema = MessageMetaSchema.extend({
  id: z.string().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  streamId: z.string().min(1),
  version: z.number().int().positive(),
  position: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  payload: z.unknown(),
});
export type EventEnvelope<P = unknown> = Omit<z.infer<typeof EventEnvelopeSchema>, 'payload'> & {
  payload: P;
};

/** An event about to be appended: the store assigns streamId, version and position. */
export const NewEventSchema = EventEnvelopeSchema.omit({ streamId: true, version: true, position: true });
export type NewEvent<P = unknown> = Omit<z.infer<typeof NewEventSchema>, 'payload'> & { payload: P };

/** A command as it travels on the bus (`cmd.<context>.<command>`). */
export const CommandEnvelopeSchema = MessageMetaSchema.extend({
  id: z.string().min(1),
  type: z.string().min(1),
  issuedAt: z.iso.datetime(),
  payload: z.unknown(),
});
export type CommandEnvelope<P = unknown> = Omit<z.infer<typeof CommandEnvelopeSchema>, 'payload'> & {
  payload: P;
};
