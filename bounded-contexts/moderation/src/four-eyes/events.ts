import { ActorSchema, SnowflakeSchema, type DomainEvent, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { InstantSchema } from '../moderation-schemas.js';
import { FourEyesActSchema } from './commands.js';

export const FourEyesConfiguredSchema = z.object({
  acts: z.array(FourEyesActSchema),
  bulkThreshold: z.number().int().positive(),
  expirySeconds: z.number().int().positive(),
  staffChannelId: SnowflakeSchema.nullable().default(null),
  configuredBy: ActorSchema,
  configuredAt: InstantSchema,
});

export const fourEyesEvents = {
  FourEyesConfigured: FourEyesConfiguredSchema,
} as const;
export type FourEyesEvent = EventOf<typeof fourEyesEvents>;
export type FourEyesConfigured = DomainEvent<'FourEyesConfigured', z.output<typeof FourEyesConfiguredSchema>>;
