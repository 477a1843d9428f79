import { ActorSchema, SnowflakeSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { Instant } from './field-schemas.js';
import { CustomCommandDefinitionSchema } from './definition.js';

const Version = z.number().int().min(1);
const Id = z.string().min(1);

export const customCommandEvents = {
  CustomCommandCreated: z.object({ commandId: Id, version: Version, definition: CustomCommandDefinitionSchema, by: ActorSchema, at: Instant }),
  CustomCommandUpdated: z.object({ commandId: Id, version: Version, definition: CustomCommandDefinitionSchema, by: ActorSchema, at: Instant }),
  /** `restoredVersion`'s definition became version `version`. */
  CustomCommandRolledBack: z.object({ commandId: Id, version: Version, restoredVersion: Version, definition: CustomCommandDefinitionSchema, by: ActorSchema, at: Instant }),
  CustomCommandDeleted: z.object({ commandId: Id, name: z.string(), by: ActorSchema, at: Instant }),
  /**
   * A member ran it: the rendered reply, the posts to send (through messaging) and the counters
   * after this run's increment. Role and DM actions follow as CustomCommandActionRequested.
   */
  CustomCommandRan: z.object({
    commandId: Id,
    version: Version,
    interactionId: SnowflakeSchema,
    userId: SnowflakeSchema,
    channelId: SnowflakeSchema,
    counters: z.record(z.string(), z.number().int()),
    reply: z.string(),
    ephemeral: z.boolean(),
    posts: z.array(z.object({ channelId: SnowflakeSchema, content: z.string() })),
    at: Instant,
  }),
  /** A role or DM action of a run, for the bot's action executor. */
  CustomCommandActionRequested: z.object({
    actionId: Id,
    commandId: Id,
    interactionId: SnowflakeSchema,
    kind: z.enum(['give-role', 'remove-role', 'dm']),
    userId: SnowflakeSchema,
    roleId: SnowflakeSchema.nullable(),
    content: z.string().nullable(),
    auditLogReason: z.string(),
    requestedAt: Instant,
  }),
  CustomCommandActionSucceeded: z.object({ actionId: Id, at: Instant }),
  CustomCommandActionFailed: z.object({ actionId: Id, reason: z.string(), discordErrorCode: z.number().int().nullable(), httpStatus: z.number().int().nullable(), at: Instant }),
} as const;
export type CustomCommandEvent = EventOf<typeof customCommandEvents>;
export type CustomCommandEventType = keyof typeof customCommandEvents;
