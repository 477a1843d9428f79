import type { EventEnvelope } from '@guildhall/kernel';
import type { Projection } from '@guildhall/eventing';
import { parseCommunityEvent } from '@guildhall/community';
import { parseModerationEvent } from '@guildhall/moderation';
import type { PoolClient } from 'pg';
import { memberKey, memberKeyArrays } from './member-key.js';
import { insertRows, upsertOn, type Column } from './sql.js';

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

type GuildRow = {
  guild_id: string;
  sampled_member_count: number | null;
  member_delta: number;
  online: number | null;
  idle: number | null;
  dnd: number | null;
  offline: number | null;
  sampled_at: string | null;
  updated_at: string;
};
type OpenAction = { guild_id: string; case_number: number; action: string; target_id: string; target_name: string | null; due_at: string; scheduled_at: string };

const GUILD_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['sampled_member_count', 'integer'],
  ['member_delta', 'integer'],
  ['online', 'integer'],
  ['idle', 'integer'],
  ['dnd', 'integer'],
  ['offline', 'integer'],
  ['sampled_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const PRESENT_COLUMNS: readonly Column[] = [['guild_id', 'text'], ['user_id', 'text'], ['present', 'boolean']];
const DAY_COLUMNS: readonly Column[] = [['guild_id', 'text'], ['day', 'date'], ['n', 'integer']];
const OPEN_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['case_number', 'integer'],
  ['action', 'text'],
  ['target_id', 'text'],
  ['target_name', 'text'],
  ['due_at', 'timestamptz'],
  ['scheduled_at', 'timestamptz'],
];

const isoOrNull = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : (v as string | null));

/**
 * The batch is folded in memory (guild rows, who is present, cases per day, open actions) and
 * written with one statement per table: a rebuild replays thousands of events per batch.
 */
const applyOverview = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  type Parsed = { e: EventEnvelope; community: ReturnType<typeof parseCommunityEvent>; moderation: ReturnType<typeof parseModerationEvent> };
  const parsed: Parsed[] = events.map((e) => ({ e, community: parseCommunityEvent(e), moderation: parseModerationEvent(e) }));
  const guildIds = [...new Set(events.map((e) => e.guildId))];
  const memberKeys = parsed.flatMap(({ e, community: c }) =>
    c?.type === 'MemberJoined' || c?.type === 'MemberLeft' ? [{ guildId: e.guildId, userId: c.data.user.id }] : [],
  );
  const [guildRows, presentRows] = await Promise.all([
    client.query<Record<string, unknown>>(`SELECT * FROM ${schema}.guilds WHERE guild_id = ANY($1::text[])`, [guildIds]),
    memberKeys.length === 0
      ? { rows: [] }
      : client.query<{ guild_id: string; user_id: string; present: boolean }>(
          `SELECT guild_id, user_id, present FROM ${schema}.present WHERE (guild_id, user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          memberKeyArrays(memberKeys),
        ),
  ]);
  const guilds = new Map<string, GuildRow>(
    guildRows.rows.map((r) => [
      r.guild_id as string,
      { ...(r as unknown as GuildRow), sampled_at: isoOrNull(r.sampled_at), updated_at: isoOrNull(r.updated_at)! },
    ]),
  );
  const present = new Map(presentRows.rows.map((r) => [memberKey(r.guild_id, r.user_id), r.present]));
  const presentChanged = new Set<string>();
  const guildChanged = new Set<string>();
  const days = new Map<string, { guild_id: string; day: string; n: number }>();
  const open = new Map<string, OpenAction | null>();
  const guildOf = (id: string, at: string): GuildRow => {
    let g = guilds.get(id);
    if (!g) {
      g = { guild_id: id, sampled_member_count: null, member_delta: 0, online: null, idle: null, dnd: null, offline: null, sampled_at: null, updated_at: at };
      guilds.set(id, g);
    }
    guildChanged.add(id);
    g.updated_at = at;
    return g;
  };
  for (const { e, community, moderation } of parsed) {
    const g = e.guildId;
    if (community?.type === 'MemberJoined' || community?.type === 'MemberLeft') {
      const key = memberKey(g, community.data.user.id);
      const was = present.get(key);
      const joined = community.type === 'MemberJoined';
      // A join counts unless they were already in; a leave counts unless already gone (a member
      // from before Guildhall watched was in the sampled count, so their leave counts).
      guildOf(g, e.occurredAt).member_delta += joined ? (was === true ? 0 : 1) : was === false ? 0 : -1;
      present.set(key, joined);
      presentChanged.add(key);
    } else if (community?.type === 'PresenceCountsRecorded') {
      const d = community.data;
      Object.assign(guildOf(g, e.occurredAt), {
        sampled_member_count: d.memberCount,
        member_delta: 0,
        online: d.online,
        idle: d.idle,
        dnd: d.dnd,
        offline: d.offline,
        sampled_at: d.observedAt,
      });
    }
    switch (moderation?.type) {
      case 'CaseOpened': {
        guildOf(g, e.occurredAt);
        const day = moderation.data.openedAt.slice(0, 10);
        const key = `${g}\u001f${day}`;
        const d = days.get(key) ?? { guild_id: g, day, n: 0 };
        d.n += 1;
        days.set(key, d);
        break;
      }
      case 'ExpiryScheduled': {
        const d = moderation.data;
        open.set(`${g}\u001f${d.caseNumber}`, {
          guild_id: g,
          case_number: d.caseNumber,
          action: d.action,
          target_id: d.target.id,
          target_name: d.target.name,
          due_at: d.dueAt,
          scheduled_at: d.scheduledAt,
        });
        break;
      }
      case 'ExpiryCancelled':
      case 'CaseExpired':
      case 'CaseLifted':
        open.set(`${g}\u001f${moderation.data.caseNumber}`, null);
        break;
      default:
        break;
    }
  }
  const changedGuilds = [...guildChanged].map((id) => guilds.get(id)!);
  await insertRows(client, `${schema}.guilds`, GUILD_COLUMNS, changedGuilds, upsertOn(['guild_id'], GUILD_COLUMNS));
  const presentOut = [...presentChanged].map((k) => {
    const [guild_id, user_id] = k.split('\u001f') as [string, string];
    return { guild_id, user_id, present: present.get(k)! };
  });
  await insertRows(client, `${schema}.present`, PRESENT_COLUMNS, presentOut, upsertOn(['guild_id', 'user_id'], PRESENT_COLUMNS));
  await insertRows(client, `${schema}.case_days`, DAY_COLUMNS, [...days.values()], 'ON CONFLICT (guild_id, day) DO UPDATE SET n = case_days.n + EXCLUDED.n');
  const scheduled = [...open.values()].filter((o): o is OpenAction => o !== null);
  const closed = [...open.entries()].filter(([, o]) => o === null).map(([k]) => k.split('\u001f') as [string, string]);
  if (closed.length > 0) {
    await client.query(
      `DELETE FROM ${schema}.open_temporary_actions WHERE (guild_id, case_number) IN (SELECT * FROM unnest($1::text[], $2::int[]))`,
      [closed.map(([g]) => g), closed.map(([, n]) => Number(n))],
    );
  }
  await insertRows(client, `${schema}.open_temporary_actions`, OPEN_COLUMNS, scheduled, upsertOn(['guild_id', 'case_number'], OPEN_COLUMNS));
};

export const guildOverviewProjection: Projection = {
  name: 'guild_overview',
  migrations: [GUILD_OVERVIEW_MIGRATION_V1],
  eventTypes: [...COMMUNITY_TYPES, ...MODERATION_TYPES],
  apply: (events, { client, schema }) => applyOverview(events, client, schema),
};
