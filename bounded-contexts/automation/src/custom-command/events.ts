import { ActorSchema, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { Instant, Snowflake } from './field-schemas.js';
import { CustomCommandDefinitionSchema } from './definition.js';

const Version = z.number().int().min(1);
const Id = z.string().min(1);

export const customCommandEvents = {
  CustomCommandCreated: z.object({ commandId: Id, version: Version, definition: CustomCommandDefinitionSchema, by: ActorSchema, at: Instant }),
  CustomCommandUpdated: z.object({ commandId: Id, version: Version, definition: CustomCommandDefinitionSchema, by: ActorSchema, at: Instant }),
  /** `restoredVersion`'s definition became version `version`. */
  CustomCommandRolledBack: z.object({ commandId: Id, version: Version, restoredVersion: Version, definition: CustomCommandDefinitionSchema, by: ActorSchema, at: Instant }),
  CustomCommandDeleted: z.object({ commandId: Id, name: z.string(), by: ActorSchema, at: Instant }),
  /** A member ran it; `counters` are the values after this run's increment (what its reply shows). */
  CustomCommandRan: z.object({
    commandId: Id,
    version: Version,
    interactionId: Snowflake,
    userId: Snowflake,
    channelId: Snowflake,
    counters: z.record(z.string(), z.number().int()),
    at: Instant,
  }),
} as const;
export type CustomCommandEvent = EventOf<typeof customCommandEvents>;
export type CustomCommandEventType = keyof typeof customCommandEvents;
