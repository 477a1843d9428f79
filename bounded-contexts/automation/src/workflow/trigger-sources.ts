import { SnowflakeSchema, type EventEnvelope } from '@guildhall/kernel';
import { z } from 'zod';
import type { TriggerFact } from './trigger.js';

/**
 * The triggers, read from other contexts' events (community's MemberJoined, moderation's
 * CaseOpened) and from the bot's message facts. Each is parsed with the fields a workflow uses
 * only, so a context adding fields never breaks a workflow; anything else is not a trigger.
 */
const MemberJoinedPayload = z.object({ user: z.object({ id: SnowflakeSchema, username: z.string(), globalName: z.string().nullable().default(null), bot: z.boolean().default(false) }), rejoined: z.boolean().default(false) });
const CaseOpenedPayload = z.object({
  caseNumber: z.number().int(),
  action: z.string(),
  target: z.object({ id: SnowflakeSchema, name: z.string().nullable().default(null) }),
  moderator: z.object({ name: z.string() }),
  reason: z.string().nullable().default(null),
});
const MessageCreatedPayload = z.object({
  messageId: SnowflakeSchema,
  channelId: SnowflakeSchema,
  author: z.object({ id: SnowflakeSchema, username: z.string().nullable(), globalName: z.string().nullable(), bot: z.boolean() }),
  content: z.string().nullable(),
  mentionedUserIds: z.array(SnowflakeSchema).default([]),
  createdAt: z.iso.datetime(),
});
/** The bot's fact envelope (gateway/discord's FactEnvelopeSchema), the part a workflow needs. */
export const MessageFactSchema = z.object({ id: z.string().min(1).max(200), type: z.literal('message-created'), guildId: SnowflakeSchema, payload: MessageCreatedPayload });
export type MessageFact = z.output<typeof MessageFactSchema>;

export const triggerFromEvent = (e: EventEnvelope): TriggerFact | null => {
  if (e.type === 'MemberJoined') {
    const p = MemberJoinedPayload.safeParse(e.payload);
    if (!p.success) return null;
    const u = p.data.user;
    const name = (u.globalName ?? u.username).slice(0, 100);
    return { kind: 'member-joined', sourceId: e.id, userId: u.id, userName: name, channelId: null, fields: { 'user.id': u.id, 'user.name': name, 'user.bot': String(u.bot), 'member.rejoined': String(p.data.rejoined) }, at: e.occurredAt };
  }
  if (e.type === 'CaseOpened') {
    const p = CaseOpenedPayload.safeParse(e.payload);
    if (!p.success) return null;
    const c = p.data;
    const name = (c.target.name ?? c.target.id).slice(0, 100);
    return {
      kind: 'case-opened',
      sourceId: e.id,
      userId: c.target.id,
      userName: name,
      channelId: null,
      fields: { 'user.id': c.target.id, 'user.name': name, 'case.number': String(c.caseNumber), 'case.action': c.action, 'case.reason': c.reason ?? '', 'moderator.name': c.moderator.name },
      at: e.occurredAt,
    };
  }
  return null;
};

export const triggerFromMessageFact = (f: MessageFact, at: string): TriggerFact => {
  const a = f.payload.author;
  const name = (a.globalName ?? a.username ?? a.id).slice(0, 100);
  return {
    kind: 'message-posted',
    sourceId: f.id,
    userId: a.id,
    userName: name,
    channelId: f.payload.channelId,
    fields: { 'user.id': a.id, 'user.name': name, 'user.bot': String(a.bot), 'channel.id': f.payload.channelId, 'message.content': (f.payload.content ?? '').slice(0, 6000), 'message.mentions': String(f.payload.mentionedUserIds.length) },
    at,
  };
};
