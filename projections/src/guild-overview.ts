import type { EventEnvelope } from '@guildhall/kernel';
import type { Projection } from '@guildhall/eventing';
import { parseCommunityEvent } from '@guildhall/community';
import { parseModerationEvent } from '@guildhall/moderation';
import type { PoolClient } from 'pg';
import { memberKey, memberKeyArrays } from './member-key.js';

/**
 * Read model `guild_overview`: the dashboard's headline numbers per guild.
 * - members: the gateway's last presence sample (memberCount, online/idle/dnd/offline) plus the
 *   joins and leaves recorded since that sample (`member_delta`), so the count moves between
 *   samples; `present` remembers who is in, so a repeated join or leave is not counted twice.
 * - cases per UTC day (today / this week are sums over days at query time, so the model holds
 *   no clock).
 * - open temporary actions: bans and timeouts whose expiry is scheduled and not yet done.
 */
export const GUILD_OVERVIEW_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.guilds (
  guild_id text PRIMARY KEY,
  sampled_member_count integer,
  member_delta integer NOT NULL,
  online integer,
  idle integer,
  dnd integer,
  offline integer,
  sampled_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE TABLE ${s}.present (
  guild_id text NOT NULL,
  user_id text NOT NULL,
  present boolean NOT NULL,
  PRIMARY KEY (guild_id, user_id)
);
CREATE TABLE ${s}.case_days (
  guild_id text NOT NULL,
  day date NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (guild_id, day)
);
CREATE TABLE ${s}.open_temporary_actions (
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  action text NOT NULL,
  target_id text NOT NULL,
  target_name text,
  due_at timestamptz NOT NULL,
  scheduled_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, case_number)
);
CREATE INDEX open_temporary_actions_due ON ${s}.open_temporary_actions (guild_id, due_at);
`;

const COMMUNITY_TYPES = ['MemberJoined', 'MemberLeft', 'PresenceCountsRecorded'] as const;
const MODERATION_TYPES = ['CaseOpened', 'ExpiryScheduled', 'ExpiryCancelled', 'CaseExpired', 'CaseLifted'] as const;

const touchGuild = (client: PoolClient, schema: string, guildId: string, at: string) =>
  client.query(
    `INSERT INTO ${schema}.guilds (guild_id, member_delta, updated_at) VALUES ($1, 0, $2)
     ON CONFLICT (guild_id) DO UPDATE SET updated_at = EXCLUDED.updated_at`,
    [guildId, at],
  );

/**
 * Statement by statement in event order: the batch's events are few per guild compared with
 * the case and audit models, and each changes one or two small rows.
 */
const applyOverview = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  const joinsAndLeaves = events.filter((e) => e.type === 'MemberJoined' || e.type === 'MemberLeft');
  const present = new Map<string, boolean>();
  if (joinsAndLeaves.length > 0) {
    const keys = joinsAndLeaves.map((e) => ({ guildId: e.guildId, userId: (e.payload as { user?: { id?: string } })?.user?.id ?? '' }));
    const [guilds, users] = memberKeyArrays(keys);
    const { rows } = await client.query<{ guild_id: string; user_id: string; present: boolean }>(
      `SELECT guild_id, user_id, present FROM ${schema}.present WHERE (guild_id, user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [guilds, users],
    );
    for (const r of rows) present.set(memberKey(r.guild_id, r.user_id), r.present);
  }
  for (const e of events) {
    const g = e.guildId;
    const community = parseCommunityEvent(e);
    if (community?.type === 'MemberJoined' || community?.type === 'MemberLeft') {
      const key = memberKey(g, community.data.user.id);
      const was = present.get(key);
      const joined = community.type === 'MemberJoined';
      // A join counts unless they were already in; a leave counts unless already gone (a member
      // from before Guildhall watched was in the sampled count, so their leave counts).
      const delta = joined ? (was === true ? 0 : 1) : was === false ? 0 : -1;
      present.set(key, joined);
      await client.query(
        `INSERT INTO ${schema}.present (guild_id, user_id, present) VALUES ($1, $2, $3)
         ON CONFLICT (guild_id, user_id) DO UPDATE SET present = EXCLUDED.present`,
        [g, community.data.user.id, joined],
      );
      await client.query(
        `INSERT INTO ${schema}.guilds (guild_id, member_delta, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (guild_id) DO UPDATE SET member_delta = guilds.member_delta + EXCLUDED.member_delta, updated_at = EXCLUDED.updated_at`,
        [g, delta, e.occurredAt],
      );
      continue;
    }
    if (community?.type === 'PresenceCountsRecorded') {
      const d = community.data;
      await client.query(
        `INSERT INTO ${schema}.guilds (guild_id, sampled_member_count, member_delta, online, idle, dnd, offline, sampled_at, updated_at)
         VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (guild_id) DO UPDATE SET sampled_member_count = EXCLUDED.sampled_member_count, member_delta = 0,
           online = EXCLUDED.online, idle = EXCLUDED.idle, dnd = EXCLUDED.dnd, offline = EXCLUDED.offline,
           sampled_at = EXCLUDED.sampled_at, updated_at = EXCLUDED.updated_at`,
        [g, d.memberCount, d.online, d.idle, d.dnd, d.offline, d.observedAt, e.occurredAt],
      );
      continue;
    }
    const moderation = parseModerationEvent(e);
    switch (moderation?.type) {
      case 'CaseOpened':
        await touchGuild(client, schema, g, e.occurredAt);
        await client.query(
          `INSERT INTO ${schema}.case_days (guild_id, day, n) VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1)
           ON CONFLICT (guild_id, day) DO UPDATE SET n = case_days.n + 1`,
          [g, moderation.data.openedAt],
        );
        break;
      case 'ExpiryScheduled': {
        const d = moderation.data;
        await client.query(
          `INSERT INTO ${schema}.open_temporary_actions (guild_id, case_number, action, target_id, target_name, due_at, scheduled_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (guild_id, case_number) DO UPDATE SET action = EXCLUDED.action, target_id = EXCLUDED.target_id,
             target_name = EXCLUDED.target_name, due_at = EXCLUDED.due_at, scheduled_at = EXCLUDED.scheduled_at`,
          [g, d.caseNumber, d.action, d.target.id, d.target.name, d.dueAt, d.scheduledAt],
        );
        break;
      }
      case 'ExpiryCancelled':
      case 'CaseExpired':
      case 'CaseLifted':
        await client.query(`DELETE FROM ${schema}.open_temporary_actions WHERE guild_id = $1 AND case_number = $2`, [g, moderation.data.caseNumber]);
        break;
      default:
        break;
    }
  }
};

export const guildOverviewProjection: Projection = {
  name: 'guild_overview',
  migrations: [GUILD_OVERVIEW_MIGRATION_V1],
  eventTypes: [...COMMUNITY_TYPES, ...MODERATION_TYPES],
  apply: (events, { client, schema }) => applyOverview(events, client, schema),
};
