import type { EventEnvelope } from '@guildhall/kernel';
import type { Projection } from '@guildhall/eventing';
import { memberEvents, messageEvents, parseCommunityEvent, type DiscordUser } from '@guildhall/community';
import { messagingEvents, parseMessagingEvent } from '@guildhall/messaging';
import type { PoolClient } from 'pg';
import { parseModerationEvent } from '@guildhall/moderation';
import { envelopeColumns, envelopeColumnsDdl, envelopeValues, withCommitIndex } from './envelope-columns.js';
import { insertRows, type Column } from './sql.js';

/**
 * Read model `activity_feed`: what happened in a guild, newest first: joins, leaves, role and
 * nickname changes, message edits and deletes, cases opened and ended, messages sent from the
 * dashboard. One row per event that matters, with a one-line summary and the details.
 */
export const ACTIVITY_FEED_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.activity (
  guild_id text NOT NULL,
  idx integer NOT NULL,
  kind text NOT NULL,
  ${envelopeColumnsDdl},
  user_id text,
  user_name text,
  channel_id text,
  message_id text,
  case_number integer,
  summary text NOT NULL,
  details jsonb NOT NULL,
  PRIMARY KEY (guild_id, position, idx)
);
CREATE INDEX activity_by_kind ON ${s}.activity (guild_id, kind, position, idx);
CREATE INDEX activity_by_user ON ${s}.activity (guild_id, user_id, position, idx);
CREATE INDEX activity_by_channel ON ${s}.activity (guild_id, channel_id, position, idx);
CREATE INDEX activity_by_time ON ${s}.activity (guild_id, occurred_at, position);
CREATE TABLE ${s}.outgoing_requests (
  guild_id text NOT NULL,
  request_id text NOT NULL,
  requested_by_id text NOT NULL,
  requested_by_name text NOT NULL,
  preview text,
  PRIMARY KEY (guild_id, request_id)
);
`;

const COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['idx', 'integer'],
  ['kind', 'text'],
  ...envelopeColumns,
  ['user_id', 'text'],
  ['user_name', 'text'],
  ['channel_id', 'text'],
  ['message_id', 'text'],
  ['case_number', 'integer'],
  ['summary', 'text'],
  ['details', 'jsonb'],
];

export const ACTIVITY_KINDS = [
  'member_joined',
  'member_left',
  'member_roles_changed',
  'member_nickname_changed',
  'message_edited',
  'message_deleted',
  'case_opened',
  'case_expired',
  'case_lifted',
  'case_action_failed',
  'message_sent',
  'message_send_failed',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

type Activity = Readonly<{
  kind: ActivityKind;
  user: Readonly<{ id: string; name: string | null }> | null;
  channelId?: string | null;
  messageId?: string | null;
  caseNumber?: number | null;
  summary: string;
  details: Readonly<Record<string, unknown>>;
}>;

const nameOf = (u: DiscordUser): string => u.globalName ?? u.username;
const ref = (u: DiscordUser) => ({ id: u.id, name: nameOf(u) });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const PAST: Readonly<Record<string, string>> = {
  warn: 'warned',
  note: 'noted',
  timeout: 'timed out',
  untimeout: 'removed the timeout of',
  kick: 'kicked',
  ban: 'banned',
  unban: 'unbanned',
};

/** Who asked for a dashboard message (from its MessageSendRequested), for the sent/failed line. */
export type OutgoingRequest = Readonly<{ requestedById: string; requestedByName: string; preview: string | null }>;

const PREVIEW = 80;
const preview = (content: string | null): string | null =>
  content === null ? null : content.length <= PREVIEW ? content : `${content.slice(0, PREVIEW - 1)}…`;

/** The activity an event stands for, if any (other events are not in the feed). */
export const activityOf = (e: EventEnvelope, requestOf: (requestId: string) => OutgoingRequest | undefined = () => undefined): Activity | undefined => {
  if (Object.hasOwn(memberEvents, e.type) || Object.hasOwn(messageEvents, e.type)) {
    const ev = parseCommunityEvent(e);
    switch (ev?.type) {
      case 'MemberJoined':
        return {
          kind: 'member_joined',
          user: ref(ev.data.user),
          summary: `${nameOf(ev.data.user)} ${ev.data.rejoined ? 'rejoined' : 'joined'}`,
          details: { joinedAt: ev.data.joinedAt, rejoined: ev.data.rejoined, bot: ev.data.user.bot },
        };
      case 'MemberLeft':
        return { kind: 'member_left', user: ref(ev.data.user), summary: `${nameOf(ev.data.user)} left`, details: { joinedAt: ev.data.joinedAt } };
      case 'MemberRolesChanged': {
        const { added, removed } = ev.data;
        const parts = [added.length ? `+${plural(added.length, 'role')}` : '', removed.length ? `−${plural(removed.length, 'role')}` : ''].filter(Boolean);
        return {
          kind: 'member_roles_changed',
          user: ref(ev.data.user),
          summary: `${nameOf(ev.data.user)}: ${parts.join(', ') || 'roles recorded'}`,
          details: { added, removed, after: ev.data.after },
        };
      }
      case 'MemberNicknameChanged':
        return {
          kind: 'member_nickname_changed',
          user: ref(ev.data.user),
          summary: `${nameOf(ev.data.user)} is now ${ev.data.after ?? 'without a nickname'}`,
          details: { before: ev.data.before, after: ev.data.after },
        };
      case 'MessageEdited':
        return {
          kind: 'message_edited',
          user: ev.data.author && ref(ev.data.author),
          channelId: ev.data.channelId,
          messageId: ev.data.messageId,
          summary: `${ev.data.author ? nameOf(ev.data.author) : 'someone'} edited a message`,
          details: { before: ev.data.before, after: ev.data.after, editedAt: ev.data.editedAt },
        };
      case 'MessageDeleted':
        return {
          kind: 'message_deleted',
          user: ev.data.author && ref(ev.data.author),
          channelId: ev.data.channelId,
          messageId: ev.data.messageId,
          summary: `a message by ${ev.data.author ? nameOf(ev.data.author) : 'someone'} was deleted`,
          details: { content: ev.data.content },
        };
      default:
        return undefined;
    }
  }
  if (Object.hasOwn(messagingEvents, e.type)) {
    const ev = parseMessagingEvent(e);
    switch (ev?.type) {
      case 'MessageSent': {
        const r = requestOf(ev.data.requestId);
        return {
          kind: 'message_sent',
          user: null,
          channelId: ev.data.channelId,
          messageId: ev.data.messageId,
          summary: `${r?.requestedByName ?? 'the dashboard'} sent a message${r?.preview ? `: ${r.preview}` : ''}`,
          details: { requestId: ev.data.requestId, requestedBy: r?.requestedById ?? null },
        };
      }
      case 'MessageSendFailed': {
        const r = requestOf(ev.data.requestId);
        return {
          kind: 'message_send_failed',
          user: null,
          channelId: ev.data.channelId,
          summary: `a message from ${r?.requestedByName ?? 'the dashboard'} could not be sent: ${ev.data.reason}`,
          details: { requestId: ev.data.requestId, requestedBy: r?.requestedById ?? null, reason: ev.data.reason, discordErrorCode: ev.data.discordErrorCode },
        };
      }
      default:
        return undefined;
    }
  }
  const ev = parseModerationEvent(e);
  switch (ev?.type) {
    case 'CaseOpened': {
      const d = ev.data;
      const target = d.target.name ?? d.target.id;
      return {
        kind: 'case_opened',
        user: d.target,
        caseNumber: d.caseNumber,
        summary: `${d.moderator.name} ${PAST[d.action] ?? d.action} ${target} (case #${d.caseNumber})${d.reason ? `: ${d.reason}` : ''}`,
        details: { action: d.action, origin: d.origin, moderator: d.moderator, reason: d.reason, expiresAt: d.expiresAt },
      };
    }
    case 'CaseExpired':
      return {
        kind: 'case_expired',
        user: ev.data.target,
        caseNumber: ev.data.caseNumber,
        summary: `the ${ev.data.action} of ${ev.data.target.name ?? ev.data.target.id} ended (case #${ev.data.caseNumber})`,
        details: { action: ev.data.action, dueAt: ev.data.dueAt },
      };
    case 'CaseLifted':
      return {
        kind: 'case_lifted',
        user: ev.data.target,
        caseNumber: ev.data.caseNumber,
        summary: `${ev.data.liftedBy.name} lifted the ${ev.data.action} of ${ev.data.target.name ?? ev.data.target.id} (case #${ev.data.caseNumber})`,
        details: { action: ev.data.action, byCaseNumber: ev.data.byCaseNumber },
      };
    case 'DiscordActionFailed':
      if (ev.data.purpose !== 'sanction') return undefined;
      return {
        kind: 'case_action_failed',
        user: ev.data.target,
        caseNumber: ev.data.caseNumber,
        summary: `Discord refused the ${ev.data.action} of case #${ev.data.caseNumber}: ${ev.data.reason}`,
        details: { action: ev.data.action, reason: ev.data.reason, discordErrorCode: ev.data.discordErrorCode, httpStatus: ev.data.httpStatus },
      };
    default:
      return undefined;
  }
};

/**
 * Remembers each dashboard message's requester (MessageSendRequested is not itself in the feed)
 * and returns those the batch's outcomes need, from the batch or from earlier batches.
 */
const outgoingRequests = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<Map<string, OutgoingRequest>> => {
  const found = new Map<string, OutgoingRequest>();
  const fresh: Record<string, unknown>[] = [];
  const wanted: { guildId: string; requestId: string }[] = [];
  for (const e of events) {
    if (!Object.hasOwn(messagingEvents, e.type)) continue;
    const ev = parseMessagingEvent(e);
    if (ev?.type === 'MessageSendRequested') {
      const r = { requestedById: ev.data.requestedBy.id, requestedByName: ev.data.requestedBy.name, preview: preview(ev.data.content) };
      found.set(`${e.guildId}\u001f${ev.data.requestId}`, r);
      fresh.push({ guild_id: e.guildId, request_id: ev.data.requestId, requested_by_id: r.requestedById, requested_by_name: r.requestedByName, preview: r.preview });
    } else if (ev) wanted.push({ guildId: e.guildId, requestId: ev.data.requestId });
  }
  await insertRows(client, `${schema}.outgoing_requests`, REQUEST_COLUMNS, fresh, 'ON CONFLICT (guild_id, request_id) DO NOTHING');
  const missing = wanted.filter((w) => !found.has(`${w.guildId}\u001f${w.requestId}`));
  if (missing.length > 0) {
    const { rows } = await client.query<{ guild_id: string; request_id: string; requested_by_id: string; requested_by_name: string; preview: string | null }>(
      `SELECT * FROM ${schema}.outgoing_requests WHERE (guild_id, request_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [missing.map((m) => m.guildId), missing.map((m) => m.requestId)],
    );
    for (const r of rows) {
      found.set(`${r.guild_id}\u001f${r.request_id}`, { requestedById: r.requested_by_id, requestedByName: r.requested_by_name, preview: r.preview });
    }
  }
  return found;
};

const REQUEST_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['request_id', 'text'],
  ['requested_by_id', 'text'],
  ['requested_by_name', 'text'],
  ['preview', 'text'],
];

export const activityFeedProjection: Projection = {
  name: 'activity_feed',
  migrations: [ACTIVITY_FEED_MIGRATION_V1],
  eventTypes: [
    ...Object.keys(memberEvents),
    ...Object.keys(messageEvents),
    ...Object.keys(messagingEvents),
    'CaseOpened',
    'CaseExpired',
    'CaseLifted',
    'DiscordActionFailed',
  ],
  apply: async (events, { client, schema }) => {
    const requests = await outgoingRequests(events, client, schema);
    const rows = withCommitIndex(events).flatMap(([e, idx]) => {
      const a = activityOf(e, (id) => requests.get(`${e.guildId}\u001f${id}`));
      if (!a) return [];
      return [
        {
          guild_id: e.guildId,
          idx,
          kind: a.kind,
          ...envelopeValues(e),
          user_id: a.user?.id ?? null,
          user_name: a.user?.name ?? null,
          channel_id: a.channelId ?? null,
          message_id: a.messageId ?? null,
          case_number: a.caseNumber ?? null,
          summary: a.summary,
          details: a.details,
        },
      ];
    });
    await insertRows(client, `${schema}.activity`, COLUMNS, rows);
  },
};
