import { SnowflakeSchema } from '@guildhall/kernel';
import { RE2JS } from 're2js';
import { z } from 'zod';

const Seconds = z.number().int().min(1).max(86_400);
/** Longest window a rule may look back over: the live reactor keeps this much history per guild. */
export const MAX_WINDOW_SECONDS = 86_400;

const HostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name such as example.com')
  .transform((h) => h.replace(/^www\./, ''));

/** One word or phrase, matched case-insensitively on word boundaries. */
const WordSchema = z.string().trim().min(1).max(100);
/** An RE2 pattern: compiled at save, so one that RE2 cannot run in linear time is refused here, never at run time. */
const PatternSchema = z
  .string()
  .min(1)
  .max(500)
  .superRefine((p, ctx) => {
    const why = patternError(p);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });

/** Why RE2 refuses a pattern (back-references, look-arounds and other constructs that need backtracking), or null. */
export const patternError = (pattern: string): string | null => {
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return `not a linear-time (RE2) pattern: ${message}; back-references and look-arounds would backtrack, so they are not accepted`;
  }
};

export const TRIGGER_KINDS = ['message-rate', 'duplicates', 'mention-spam', 'invite-links', 'links', 'words', 'caps', 'raid'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const AutomodTriggerSchema = z.discriminatedUnion(
  'kind',
  [
    /** More than `maxMessages` from one member within `perSeconds`. */
    z.object({ kind: z.literal('message-rate'), maxMessages: z.number().int().min(2).max(100), perSeconds: Seconds }).strict(),
    /** The same text (case and spacing ignored) more than `maxDuplicates` times from one member within `perSeconds`. */
    z.object({ kind: z.literal('duplicates'), maxDuplicates: z.number().int().min(1).max(50), perSeconds: Seconds }).strict(),
    /** More than `maxMentions` users and roles (@everyone counts as one) in one message. */
    z.object({ kind: z.literal('mention-spam'), maxMentions: z.number().int().min(1).max(100) }).strict(),
    /** Discord invites, except to the listed codes (e.g. the server's own). */
    z.object({ kind: z.literal('invite-links'), allowedCodes: z.array(z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be an invite code')).max(50).default([]) }).strict(),
    /** deny: links to these hosts (and their subdomains); allow: links to any other host. */
    z.object({ kind: z.literal('links'), mode: z.enum(['allow', 'deny']), hosts: z.array(HostSchema).min(1).max(200) }).strict(),
    z
      .object({ kind: z.literal('words'), words: z.array(WordSchema).max(200).default([]), patterns: z.array(PatternSchema).max(50).default([]) })
      .strict()
      .refine((t) => t.words.length + t.patterns.length > 0, { message: 'give at least one word or pattern', path: ['words'] }),
    /** Messages of at least `minLength` letters whose share of capitals exceeds `maxRatio`. */
    z.object({ kind: z.literal('caps'), minLength: z.number().int().min(1).max(2000).default(10), maxRatio: z.number().min(0).max(1).default(0.7) }).strict(),
    /** More than `joins` joins within `perSeconds`; with `maxAccountAgeDays`, only accounts younger than that count. */
    z
      .object({ kind: z.literal('raid'), joins: z.number().int().min(1).max(1000), perSeconds: Seconds, maxAccountAgeDays: z.number().int().min(1).max(3650).nullable().default(null) })
      .strict(),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? `unknown trigger: kind must be one of ${TRIGGER_KINDS.join(', ')}` : undefined) },
);
export type AutomodTrigger = z.output<typeof AutomodTriggerSchema>;

export const ACTION_KINDS = ['delete', 'warn', 'timeout', 'kick', 'ban', 'alert'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ActionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('delete') }).strict(),
    z.object({ kind: z.literal('warn') }).strict(),
    z.object({ kind: z.literal('timeout'), durationSeconds: z.number().int().min(60).max(28 * 86_400) }).strict(),
    z.object({ kind: z.literal('kick') }).strict(),
    z.object({ kind: z.literal('ban'), deleteMessageSeconds: z.number().int().min(0).max(604_800).default(0) }).strict(),
    /** A line in the staff channel about the hit. */
    z.object({ kind: z.literal('alert'), channelId: SnowflakeSchema }).strict(),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? `unknown action: kind must be one of ${ACTION_KINDS.join(', ')}` : undefined) },
);
export type AutomodAction = z.output<typeof ActionSchema>;

/** The Discord permission each action needs of the bot (checked at save against what the bot has). */
export const ACTION_PERMISSION: Readonly<Record<ActionKind, 'MANAGE_MESSAGES' | 'MODERATE_MEMBERS' | 'KICK_MEMBERS' | 'BAN_MEMBERS' | 'SEND_MESSAGES' | null>> = {
  delete: 'MANAGE_MESSAGES',
  warn: null,
  timeout: 'MODERATE_MEMBERS',
  kick: 'KICK_MEMBERS',
  ban: 'BAN_MEMBERS',
  alert: 'SEND_MESSAGES',
};

export const RuleDefinitionSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    trigger: AutomodTriggerSchema,
    actions: z.array(ActionSchema).min(1).max(6),
    exemptRoleIds: z.array(SnowflakeSchema).max(50).default([]),
    exemptChannelIds: z.array(SnowflakeSchema).max(100).default([]),
    /** Only logs what it would have done. */
    dryRun: z.boolean().default(false),
  })
  .strict()
  .superRefine((r, ctx) => {
    const kinds = r.actions.map((a) => a.kind);
    kinds.forEach((k, i) => {
      if (kinds.indexOf(k) !== i) ctx.addIssue({ code: 'custom', path: ['actions', i, 'kind'], message: `${k} is listed twice` });
    });
    if (r.trigger.kind === 'raid') {
      const i = kinds.indexOf('delete');
      if (i >= 0) ctx.addIssue({ code: 'custom', path: ['actions', i, 'kind'], message: 'a raid rule fires on joins: there is no message to delete' });
    }
  });
export type RuleDefinition = z.output<typeof RuleDefinitionSchema>;
export type RuleDefinitionInput = z.input<typeof RuleDefinitionSchema>;
