import { parseCommunityEvent } from '@guildhall/community';
import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { parseModerationEvent } from '@guildhall/moderation';
import type { PoolClient } from 'pg';
import { insertRows, type Column } from './sql.js';

/**
 * Read model `analytics`: counters for the dashboard's charts, in UTC hour buckets (the queries
 * fold them into hours, days, weeks or months).
 * - `member_flow`: joins and leaves per hour (net growth = joins − leaves).
 * - `moderation_actions`: cases opened per hour and action (warn, timeout, ban, …).
 * - `moderators`: per moderator, cases opened and how many of those were later lifted
 *   (`case_moderators` remembers who opened each case, so a lift is credited to them).
 * - `activity_heat`: events per UTC weekday (0 = Sunday) × hour: joins, leaves, messages posted,
 *   edited and deleted, cases opened — what the event store records of a guild's activity.
 * - `message_flow` (v2): messages posted per hour and channel (MessagePosted, as the gateway saw
 *   them: bots' messages included), for messages per bucket and per channel.
 * Each batch is folded in memory and written with one multi-row statement per table.
 */
export const ANALYTICS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.member_flow (
  guild_id text NOT NULL,
  hour timestamptz NOT NULL,
  joins integer NOT NULL,
  leaves integer NOT NULL,
  PRIMARY KEY (guild_id, hour)
);
CREATE TABLE ${s}.moderation_actions (
  guild_id text NOT NULL,
  hour timestamptz NOT NULL,
  action text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (guild_id, hour, action)
);
CREATE TABLE ${s}.case_moderators (
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  moderator_id text NOT NULL,
  PRIMARY KEY (guild_id, case_number)
);
CREATE TABLE ${s}.moderators (
  guild_id text NOT NULL,
  moderator_id text NOT NULL,
  moderator_name text NOT NULL,
  moderator_kind text NOT NULL,
  actions integer NOT NULL,
  lifted integer NOT NULL,
  PRIMARY KEY (guild_id, moderator_id)
);
CREATE TABLE ${s}.activity_heat (
  guild_id text NOT NULL,
  weekday smallint NOT NULL,
  hour smallint NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (guild_id, weekday, hour)
);
`;

/** v2: messages posted per hour and channel (the community context records MessagePosted since the message-history work). */
export const ANALYTICS_MIGRATION_V2 = (s: string): string => `
CREATE TABLE ${s}.message_flow (
  guild_id text NOT NULL,
  hour timestamptz NOT NULL,
  channel_id text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (guild_id, hour, channel_id)
);
`;

const COMMUNITY_TYPES = ['MemberJoined', 'MemberLeft', 'MessagePosted', 'MessageEdited', 'MessageDeleted'] as const;
const MODERATION_TYPES = ['CaseOpened', 'CaseLifted'] as const;

const FLOW: readonly Column[] = [['guild_id', 'text'], ['hour', 'timestamptz'], ['joins', 'integer'], ['leaves', 'integer']];
const ACTIONS: readonly Column[] = [['guild_id', 'text'], ['hour', 'timestamptz'], ['action', 'text'], ['n', 'integer']];
const CASE_MODS: readonly Column[] = [['guild_id', 'text'], ['case_number', 'integer'], ['moderator_id', 'text']];
const MODS: readonly Column[] = [
  ['guild_id', 'text'],
  ['moderator_id', 'text'],
  ['moderator_name', 'text'],
  ['moderator_kind', 'text'],
  ['actions', 'integer'],
  ['lifted', 'integer'],
];
const MESSAGES: readonly Column[] = [['guild_id', 'text'], ['hour', 'timestamptz'], ['channel_id', 'text'], ['n', 'integer']];
const HEAT: readonly Column[] = [['guild_id', 'text'], ['weekday', 'smallint'], ['hour', 'smallint'], ['n', 'integer']];

const SEP = '\u001f';
/** The UTC hour an instant falls in, as ISO text. */
export const hourOf = (iso: string): string => `${new Date(iso).toISOString().slice(0, 13)}:00:00.000Z`;

const bump = <T extends Record<string, unknown>>(m: Map<string, T>, key: string, init: () => T, f: (row: T) => void) => {
  let row = m.get(key);
  if (!row) {
    row = init();
    m.set(key, row);
  }
  f(row);
};

const applyAnalytics = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  const flow = new Map<string, { guild_id: string; hour: string; joins: number; leaves: number }>();
  const actions = new Map<string, { guild_id: string; hour: string; action: string; n: number }>();
  const heat = new Map<string, { guild_id: string; weekday: number; hour: number; n: number }>();
  const messages = new Map<string, { guild_id: string; hour: string; channel_id: string; n: number }>();
  const mods = new Map<string, { guild_id: string; moderator_id: string; moderator_name: string; moderator_kind: string; actions: number; lifted: number }>();
  const opened = new Map<string, { guild_id: string; case_number: number; moderator_id: string }>();
  const lifts: { guild_id: string; case_number: number }[] = [];

  const heatAt = (g: string, iso: string) => {
    const d = new Date(iso);
    const weekday = d.getUTCDay();
    const hour = d.getUTCHours();
    bump(heat, `${g}${SEP}${weekday}${SEP}${hour}`, () => ({ guild_id: g, weekday, hour, n: 0 }), (r) => void (r.n += 1));
  };

  for (const e of events) {
    const g = e.guildId;
    const c = parseCommunityEvent(e);
    if (c?.type === 'MemberJoined' || c?.type === 'MemberLeft') {
      const hour = hourOf(e.occurredAt);
      bump(flow, `${g}${SEP}${hour}`, () => ({ guild_id: g, hour, joins: 0, leaves: 0 }), (r) => void (c.type === 'MemberJoined' ? (r.joins += 1) : (r.leaves += 1)));
      heatAt(g, e.occurredAt);
      continue;
    }
    if (c?.type === 'MessagePosted') {
      // Bucketed by when Discord says it was posted (a fact may be recorded a little later).
      const hour = hourOf(c.data.createdAt);
      const channel = c.data.channelId;
      bump(messages, `${g}${SEP}${hour}${SEP}${channel}`, () => ({ guild_id: g, hour, channel_id: channel, n: 0 }), (r) => void (r.n += 1));
      heatAt(g, c.data.createdAt);
      continue;
    }
    if (c?.type === 'MessageEdited' || c?.type === 'MessageDeleted') {
      heatAt(g, e.occurredAt);
      continue;
    }
    const m = parseModerationEvent(e);
    if (m?.type === 'CaseOpened') {
      const d = m.data;
      const hour = hourOf(d.openedAt);
      bump(actions, `${g}${SEP}${hour}${SEP}${d.action}`, () => ({ guild_id: g, hour, action: d.action, n: 0 }), (r) => void (r.n += 1));
      bump(
        mods,
        `${g}${SEP}${d.moderator.id}`,
        () => ({ guild_id: g, moderator_id: d.moderator.id, moderator_name: d.moderator.name, moderator_kind: d.moderator.kind, actions: 0, lifted: 0 }),
        (r) => {
          r.actions += 1;
          r.moderator_name = d.moderator.name;
        },
      );
      opened.set(`${g}${SEP}${d.caseNumber}`, { guild_id: g, case_number: d.caseNumber, moderator_id: d.moderator.id });
      heatAt(g, d.openedAt);
    } else if (m?.type === 'CaseLifted') {
      lifts.push({ guild_id: g, case_number: m.data.caseNumber });
    }
  }

  await insertRows(client, `${schema}.case_moderators`, CASE_MODS, [...opened.values()], 'ON CONFLICT (guild_id, case_number) DO NOTHING');
  // A lift is credited to whoever opened the case: opened earlier (table) or in this batch (map).
  if (lifts.length > 0) {
    const known = await client.query<{ guild_id: string; case_number: number; moderator_id: string }>(
      `SELECT guild_id, case_number, moderator_id FROM ${schema}.case_moderators WHERE (guild_id, case_number) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [lifts.map((l) => l.guild_id), lifts.map((l) => l.case_number)],
    );
    const by = new Map(known.rows.map((r) => [`${r.guild_id}${SEP}${r.case_number}`, r.moderator_id]));
    for (const l of lifts) {
      const moderatorId = by.get(`${l.guild_id}${SEP}${l.case_number}`);
      if (!moderatorId) continue;
      bump(mods, `${l.guild_id}${SEP}${moderatorId}`, () => ({ guild_id: l.guild_id, moderator_id: moderatorId, moderator_name: '', moderator_kind: '', actions: 0, lifted: 0 }), (r) => void (r.lifted += 1));
    }
  }
  await insertRows(client, `${schema}.member_flow`, FLOW, [...flow.values()], 'ON CONFLICT (guild_id, hour) DO UPDATE SET joins = member_flow.joins + EXCLUDED.joins, leaves = member_flow.leaves + EXCLUDED.leaves');
  await insertRows(client, `${schema}.moderation_actions`, ACTIONS, [...actions.values()], 'ON CONFLICT (guild_id, hour, action) DO UPDATE SET n = moderation_actions.n + EXCLUDED.n');
  await insertRows(client, `${schema}.message_flow`, MESSAGES, [...messages.values()], 'ON CONFLICT (guild_id, hour, channel_id) DO UPDATE SET n = message_flow.n + EXCLUDED.n');
  await insertRows(client, `${schema}.activity_heat`, HEAT, [...heat.values()], 'ON CONFLICT (guild_id, weekday, hour) DO UPDATE SET n = activity_heat.n + EXCLUDED.n');
  // A lift-only row carries no name: keep the stored one (the moderator opened a case before).
  await insertRows(
    client,
    `${schema}.moderators`,
    MODS,
    [...mods.values()],
    `ON CONFLICT (guild_id, moderator_id) DO UPDATE SET
       moderator_name = CASE WHEN EXCLUDED.moderator_name = '' THEN moderators.moderator_name ELSE EXCLUDED.moderator_name END,
       moderator_kind = CASE WHEN EXCLUDED.moderator_kind = '' THEN moderators.moderator_kind ELSE EXCLUDED.moderator_kind END,
       actions = moderators.actions + EXCLUDED.actions,
       lifted = moderators.lifted + EXCLUDED.lifted`,
  );
};

export const analyticsProjection: Projection = {
  name: 'analytics',
  migrations: [ANALYTICS_MIGRATION_V1, ANALYTICS_MIGRATION_V2],
  eventTypes: [...COMMUNITY_TYPES, ...MODERATION_TYPES],
  apply: (events, { client, schema }) => applyAnalytics(events, client, schema),
};
