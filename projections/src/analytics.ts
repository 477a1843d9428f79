import { parseAutomodHitEvent, type AutomodRuleHit } from '@guildhall/automation';
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
 * - `response_times` (v3): per case that answered a trigger, its moderator and the seconds from
 *   the trigger to the action, for the per-moderator median. Two triggers:
 *   a member's report (ReportResolved acted: filed → the case that resolved it, credited to the
 *   moderator who acted), and an automod flag (`automod_flags`: the earliest unanswered
 *   AutomodRuleHit, not a dry run, whose rule took no sanction — alert / delete only — on a
 *   member) answered by the next case a human (not automation, not the system) opens on that
 *   member within FLAG_WINDOW_SECONDS; a case opened from a report counts as the report's answer.
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

/** v3: time from a report or an automod flag to the action that answered it. */
export const ANALYTICS_MIGRATION_V3 = (s: string): string => `
CREATE TABLE ${s}.response_times (
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  moderator_id text NOT NULL,
  trigger text NOT NULL,
  seconds double precision NOT NULL,
  PRIMARY KEY (guild_id, case_number)
);
CREATE INDEX response_times_by_moderator ON ${s}.response_times (guild_id, moderator_id);
CREATE TABLE ${s}.automod_flags (
  guild_id text NOT NULL,
  member_id text NOT NULL,
  flagged_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, member_id)
);
`;

/** An automod flag older than this when a human acts on the member is not what the action answered. */
export const FLAG_WINDOW_SECONDS = 7 * 24 * 3600;
const SANCTIONS: ReadonlySet<string> = new Set(['warn', 'timeout', 'kick', 'ban']);
const HUMAN_KINDS: ReadonlySet<string> = new Set(['discord-user', 'dashboard-user']);

/** The member an alert-only, live automod hit flags for a human; null when the rule sanctioned by itself (or was a dry run). */
export const flaggedMember = (hit: AutomodRuleHit['data']): string | null => {
  if (hit.dryRun || hit.actions.some((a) => SANCTIONS.has(a.kind))) return null;
  return hit.subject.kind === 'message' ? hit.subject.authorId : hit.subject.userId;
};

const COMMUNITY_TYPES = ['MemberJoined', 'MemberLeft', 'MessagePosted', 'MessageEdited', 'MessageDeleted'] as const;
const MODERATION_TYPES = ['CaseOpened', 'CaseLifted', 'ReportResolved'] as const;
const AUTOMATION_TYPES = ['AutomodRuleHit'] as const;
const RESPONSES: readonly Column[] = [['guild_id', 'text'], ['case_number', 'integer'], ['moderator_id', 'text'], ['trigger', 'text'], ['seconds', 'double precision']];
const FLAGS: readonly Column[] = [['guild_id', 'text'], ['member_id', 'text'], ['flagged_at', 'timestamptz']];

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
  const responses = new Map<string, { guild_id: string; case_number: number; moderator_id: string; trigger: string; seconds: number }>();
  // guild/member → the pending flag's time (null: answered in this batch), starting from the stored ones.
  const flags = await pendingFlags(events, client, schema);
  const flagsTouched = new Set<string>();
  const flagsAnswered = new Set<string>();

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
      const key = `${g}${SEP}${d.target.id}`;
      const flaggedAt = flags.get(key);
      if (HUMAN_KINDS.has(d.moderator.kind) && flaggedAt) {
        const seconds = (Date.parse(d.openedAt) - Date.parse(flaggedAt)) / 1000;
        // A report's case is the report's answer (ReportResolved records it); the flag is answered all the same.
        if (d.reportId === undefined && seconds >= 0 && seconds <= FLAG_WINDOW_SECONDS) {
          responses.set(`${g}${SEP}${d.caseNumber}`, { guild_id: g, case_number: d.caseNumber, moderator_id: d.moderator.id, trigger: 'automod', seconds });
        }
        if (seconds >= 0) {
          flags.set(key, null);
          flagsTouched.add(key);
          flagsAnswered.add(key);
        }
      }
    } else if (m?.type === 'CaseLifted') {
      lifts.push({ guild_id: g, case_number: m.data.caseNumber });
    } else if (m?.type === 'ReportResolved' && m.data.resolution.kind === 'acted') {
      const d = m.data;
      const caseNumber = d.resolution.kind === 'acted' ? d.resolution.caseNumber : 0;
      const seconds = Math.max(0, (Date.parse(d.resolvedAt) - Date.parse(d.filedAt)) / 1000);
      responses.set(`${g}${SEP}${caseNumber}`, { guild_id: g, case_number: caseNumber, moderator_id: d.resolvedBy.id, trigger: 'report', seconds });
    } else {
      const a = parseAutomodHitEvent(e);
      const member = a?.type === 'AutomodRuleHit' ? flaggedMember(a.data) : null;
      if (a?.type === 'AutomodRuleHit' && member !== null) {
        const key = `${g}${SEP}${member}`;
        // The earliest unanswered flag is the one the next action answers.
        if (!flags.get(key)) {
          flags.set(key, a.data.at);
          flagsTouched.add(key);
        }
      }
    }
  }

  const keyParts = (key: string) => key.split(SEP) as [string, string];
  // Answered flags go first; a flag raised after its answer in the same batch is then the only one.
  const answered = [...flagsAnswered].map(keyParts);
  if (answered.length > 0) {
    await client.query(`DELETE FROM ${schema}.automod_flags WHERE (guild_id, member_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [answered.map((k) => k[0]), answered.map((k) => k[1])]);
  }
  const raised = [...flagsTouched].flatMap((k) => {
    const at = flags.get(k);
    if (!at) return [];
    const [guild_id, member_id] = keyParts(k);
    return [{ guild_id, member_id, flagged_at: at }];
  });
  await insertRows(client, `${schema}.automod_flags`, FLAGS, raised, 'ON CONFLICT (guild_id, member_id) DO UPDATE SET flagged_at = LEAST(automod_flags.flagged_at, EXCLUDED.flagged_at)');
  await insertRows(client, `${schema}.response_times`, RESPONSES, [...responses.values()], 'ON CONFLICT (guild_id, case_number) DO NOTHING');

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

/** The stored pending flags of the members this batch opens cases on (one query per batch, none without cases). */
const pendingFlags = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<Map<string, string | null>> => {
  const members: [string, string][] = [];
  for (const e of events) {
    if (e.type !== 'CaseOpened') continue;
    const m = parseModerationEvent(e);
    if (m?.type === 'CaseOpened' && HUMAN_KINDS.has(m.data.moderator.kind)) members.push([e.guildId, m.data.target.id]);
  }
  const flags = new Map<string, string | null>();
  if (members.length === 0) return flags;
  const r = await client.query<{ guild_id: string; member_id: string; flagged_at: Date }>(
    `SELECT guild_id, member_id, flagged_at FROM ${schema}.automod_flags WHERE (guild_id, member_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [members.map((m) => m[0]), members.map((m) => m[1])],
  );
  for (const row of r.rows) flags.set(`${row.guild_id}${SEP}${row.member_id}`, row.flagged_at.toISOString());
  return flags;
};

export const analyticsProjection: Projection = {
  name: 'analytics',
  migrations: [ANALYTICS_MIGRATION_V1, ANALYTICS_MIGRATION_V2, ANALYTICS_MIGRATION_V3],
  eventTypes: [...COMMUNITY_TYPES, ...MODERATION_TYPES, ...AUTOMATION_TYPES],
  apply: (events, { client, schema }) => applyAnalytics(events, client, schema),
};
