import { SnowflakeSchema, type CommandOf } from '@guildhall/kernel';
import { z } from 'zod';
import { RuleIdSchema } from '../automod-rule/commands.js';
import { ActionSchema } from '../automod-rule/rule-schema.js';

const Instant = z.iso.datetime();

export const HitSubjectSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    messageId: SnowflakeSchema,
    channelId: SnowflakeSchema,
    authorId: SnowflakeSchema,
    authorName: z.string().max(100),
    /** Personal data (crypto-shredding target, like MessagePosted.content): what the message said. */
    content: z.string().max(4000).nullable(),
  }),
  z.object({ kind: z.literal('join'), userId: SnowflakeSchema, userName: z.string().max(100) }),
]);
export type HitSubject = z.output<typeof HitSubjectSchema>;

/** The message or member a hit is about: one hit per rule and subject. */
export const subjectKey = (s: HitSubject): string => (s.kind === 'message' ? `message-${s.messageId}` : `join-${s.userId}`);

/** Commands of a rule's hits of one day (stream `automation.automod-hits.<guildId>-<ruleId>-<yyyymmdd>`). */
export const automodHitCommands = {
  /** From the live reactor: the rule fired; `actions` are what it does (none are done in dry-run). */
  RecordAutomodHit: z.object({
    ruleId: RuleIdSchema,
    ruleName: z.string().min(1).max(100),
    revision: z.number().int().min(1),
    dryRun: z.boolean(),
    reason: z.string().min(1).max(500),
    /** When the message was posted or the member joined (the stream's day). */
    at: Instant,
    subject: HitSubjectSchema,
    actions: z.array(ActionSchema).max(6),
  }),
  /** From the bot's action executor: the message is gone, or Discord refused. */
  RecordAutomodDeleteOutcome: z.object({
    ruleId: RuleIdSchema,
    at: Instant,
    messageId: SnowflakeSchema,
    deleted: z.boolean(),
    reason: z.string().max(1000).nullable().default(null),
  }),
} as const;
export type AutomodHitCommand = CommandOf<typeof automodHitCommands>;
