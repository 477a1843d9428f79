import { z } from 'zod';
import { FactMemberSchema, FactUserSchema, InstantSchema, SnowflakeSchema } from './common.js';

export const MemberJoinedSchema = z.object({ member: FactMemberSchema });

export const MemberLeftSchema = z.object({
  user: FactUserSchema,
  /** What the bot last knew of the member (null when it was not cached). */
  lastKnown: z
    .object({ nick: z.string().nullable(), roleIds: z.array(SnowflakeSchema), joinedAt: InstantSchema.nullable() })
    .nullable(),
});

const MemberStateSchema = z.object({
  nick: z.string().nullable(),
  roleIds: z.array(SnowflakeSchema),
  communicationDisabledUntil: InstantSchema.nullable(),
  pending: z.boolean(),
});

export const MemberUpdatedSchema = z.object({
  user: FactUserSchema,
  /** Null when the member was not cached before the update. */
  before: MemberStateSchema.nullable(),
  after: MemberStateSchema,
  rolesAdded: z.array(SnowflakeSchema),
  rolesRemoved: z.array(SnowflakeSchema),
  nickChanged: z.boolean(),
});

export const memberFacts = {
  'member-joined': MemberJoinedSchema,
  'member-left': MemberLeftSchema,
  'member-updated': MemberUpdatedSchema,
} as const;
