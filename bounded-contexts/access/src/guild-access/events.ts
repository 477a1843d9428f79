import { ActorSchema, type EventEnvelope, eventFromEnvelope, type EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { GrantableLevelSchema, GrantSubjectSchema, ScopeSchema } from '../levels.js';

const Instant = z.iso.datetime();

/** Who granted what to whom, when, until when. */
export const AccessGrantedSchema = z.object({
  grantId: z.string().min(1),
  subject: GrantSubjectSchema,
  level: GrantableLevelSchema,
  expiresAt: Instant.nullable(),
  reason: z.string().nullable(),
  grantedBy: ActorSchema,
  grantedAt: Instant,
});
export const AccessRevokedSchema = z.object({
  grantId: z.string().min(1),
  subject: GrantSubjectSchema,
  level: GrantableLevelSchema,
  reason: z.string().nullable(),
  revokedBy: ActorSchema,
  revokedAt: Instant,
});
export const ApiTokenIssuedSchema = z.object({
  tokenId: z.string().min(1),
  name: z.string(),
  scopes: z.array(ScopeSchema),
  expiresAt: Instant.nullable(),
  secretHash: z.string(),
  issuedBy: ActorSchema,
  issuedAt: Instant,
});
export const ApiTokenRevokedSchema = z.object({ tokenId: z.string().min(1), reason: z.string().nullable(), revokedBy: ActorSchema, revokedAt: Instant });

export const guildAccessEvents = {
  AccessGranted: AccessGrantedSchema,
  AccessRevoked: AccessRevokedSchema,
  ApiTokenIssued: ApiTokenIssuedSchema,
  ApiTokenRevoked: ApiTokenRevokedSchema,
} as const;
export type GuildAccessEvent = EventOf<typeof guildAccessEvents>;
export const ACCESS_EVENT_TYPES = Object.keys(guildAccessEvents) as (keyof typeof guildAccessEvents)[];

/** A stored event of this context, typed; undefined for any other context's event. */
export const parseAccessEvent = (e: Pick<EventEnvelope, 'type' | 'payload' | 'streamId' | 'version'>): GuildAccessEvent | undefined =>
  eventFromEnvelope(guildAccessEvents, e);
