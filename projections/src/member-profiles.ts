import type { EventEnvelope } from '@guildhall/kernel';
import type { Projection } from '@guildhall/eventing';
import { memberEvents, parseCommunityEvent, type DiscordUser, type MemberEvent } from '@guildhall/community';
import {
  evolveMemberRecord,
  initialMemberRecord,
  memberRecordEvents,
  parseModerationEvent,
  type MemberRecordEvent,
  type MemberRecordState,
} from '@guildhall/moderation';
import type { PoolClient } from 'pg';
import { envelopeColumns, envelopeColumnsDdl, envelopeValues, withCommitIndex } from './envelope-columns.js';
import { memberKey, memberKeyArrays } from './member-key.js';
import { insertRows, upsertOn, type Column } from './sql.js';

/**
 * Read model `member_profiles`: per member of a guild, who they are (username, global name,
 * nickname, roles), whether they are in the guild (joins, leaves), their moderation record (the
 * moderation context's evolveMemberRecord: banned? timed out?), and a history of joins, leaves,
 * name and role changes. Their cases are listed from the `cases` read model (by target).
 */
export const MEMBER_PROFILES_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.members (
  guild_id text NOT NULL,
  user_id text NOT NULL,
  username text,
  global_name text,
  bot boolean,
  nickname text,
  moderation_name text,
  presence text NOT NULL,
  roles text[],
  first_joined_at timestamptz,
  joined_at timestamptz,
  left_at timestamptz,
  join_count integer NOT NULL,
  leave_count integer NOT NULL,
  ban_status text,
  ban_case_number integer,
  ban_expires_at timestamptz,
  timeout_status text,
  timeout_case_number integer,
  timeout_expires_at timestamptz,
  case_count integer NOT NULL,
  moderation jsonb NOT NULL,
  first_seen_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_position bigint NOT NULL,
  PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX members_by_name ON ${s}.members (guild_id, lower(username));
CREATE TABLE ${s}.member_history (
  guild_id text NOT NULL,
  user_id text NOT NULL,
  idx integer NOT NULL,
  kind text NOT NULL,
  ${envelopeColumnsDdl},
  details jsonb NOT NULL,
  PRIMARY KEY (guild_id, user_id, position, idx, kind)
);
`;

const MEMBER_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['user_id', 'text'],
  ['username', 'text'],
  ['global_name', 'text'],
  ['bot', 'boolean'],
  ['nickname', 'text'],
  ['moderation_name', 'text'],
  ['presence', 'text'],
  ['roles', 'text[]'],
  ['first_joined_at', 'timestamptz'],
  ['joined_at', 'timestamptz'],
  ['left_at', 'timestamptz'],
  ['join_count', 'integer'],
  ['leave_count', 'integer'],
  ['ban_status', 'text'],
  ['ban_case_number', 'integer'],
  ['ban_expires_at', 'timestamptz'],
  ['timeout_status', 'text'],
  ['timeout_case_number', 'integer'],
  ['timeout_expires_at', 'timestamptz'],
  ['case_count', 'integer'],
  ['moderation', 'jsonb'],
  ['first_seen_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['last_position', 'bigint'],
];
const HISTORY_COLUMNS: readonly Column[] = [
  ['guild_id', 'text'],
  ['user_id', 'text'],
  ['idx', 'integer'],
  ['kind', 'text'],
  ...envelopeColumns,
  ['details', 'jsonb'],
];

type MemberRow = {
  guild_id: string;
  user_id: string;
  username: string | null;
  global_name: string | null;
  bot: boolean | null;
  nickname: string | null;
  moderation_name: string | null;
  presence: 'unknown' | 'present' | 'left';
  roles: string[] | null;
  first_joined_at: string | null;
  joined_at: string | null;
  left_at: string | null;
  join_count: number;
  leave_count: number;
  moderation: MemberRecordState;
  first_seen_at: string;
  updated_at: string;
  last_position: number;
};

type Parsed =
  | Readonly<{ kind: 'community'; userId: string; event: MemberEvent; envelope: EventEnvelope; idx: number }>
  | Readonly<{ kind: 'moderation'; userId: string; event: MemberRecordEvent; envelope: EventEnvelope; idx: number }>;

const parse = (envelope: EventEnvelope, idx: number): Parsed | undefined => {
  if (Object.hasOwn(memberEvents, envelope.type)) {
    const event = parseCommunityEvent(envelope) as MemberEvent | undefined;
    return event && { kind: 'community', userId: event.data.user.id, event, envelope, idx };
  }
  if (Object.hasOwn(memberRecordEvents, envelope.type)) {
    const event = parseModerationEvent(envelope) as MemberRecordEvent | undefined;
    return event && { kind: 'moderation', userId: event.data.target.id, event, envelope, idx };
  }
  return undefined;
};

/** Rows read back hold what this projection wrote: ISO instants, the evolve's plain JSON state. */
const fromDb = (r: Record<string, unknown>): MemberRow => {
  const t = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));
  return {
    ...(r as unknown as MemberRow),
    first_joined_at: t(r.first_joined_at),
    joined_at: t(r.joined_at),
    left_at: t(r.left_at),
    first_seen_at: t(r.first_seen_at)!,
    updated_at: t(r.updated_at)!,
    last_position: Number(r.last_position),
  };
};

const fresh = (guildId: string, userId: string, at: string): MemberRow => ({
  guild_id: guildId,
  user_id: userId,
  username: null,
  global_name: null,
  bot: null,
  nickname: null,
  moderation_name: null,
  presence: 'unknown',
  roles: null,
  first_joined_at: null,
  joined_at: null,
  left_at: null,
  join_count: 0,
  leave_count: 0,
  moderation: initialMemberRecord(),
  first_seen_at: at,
  updated_at: at,
  last_position: 0,
});

type History = Readonly<{ kind: string; details: Readonly<Record<string, unknown>> }>;

/** Username / global name changes are seen on any member fact that carries the user. */
const nameChange = (m: MemberRow, user: DiscordUser): History | undefined => {
  if (m.username === null) return undefined;
  if (m.username === user.username && m.global_name === user.globalName) return undefined;
  return {
    kind: 'name_changed',
    details: { before: { username: m.username, globalName: m.global_name }, after: { username: user.username, globalName: user.globalName } },
  };
};

const applyCommunity = (m: MemberRow, e: MemberEvent): History[] => {
  const history: History[] = [];
  const renamed = nameChange(m, e.data.user);
  if (renamed) history.push(renamed);
  m.username = e.data.user.username;
  m.global_name = e.data.user.globalName;
  m.bot = e.data.user.bot;
  switch (e.type) {
    case 'MemberJoined': {
      const d = e.data;
      m.presence = 'present';
      m.joined_at = d.joinedAt;
      m.first_joined_at ??= d.joinedAt;
      m.left_at = null;
      m.roles = [...d.roles];
      m.nickname = d.nickname;
      m.join_count += 1;
      history.push({ kind: 'joined', details: { joinedAt: d.joinedAt, rejoined: d.rejoined, roles: d.roles, nickname: d.nickname } });
      break;
    }
    case 'MemberLeft': {
      const d = e.data;
      m.presence = 'left';
      m.left_at = d.leftAt;
      m.leave_count += 1;
      history.push({ kind: 'left', details: { leftAt: d.leftAt, joinedAt: d.joinedAt, roles: d.roles } });
      break;
    }
    case 'MemberRolesChanged': {
      const d = e.data;
      if (m.presence === 'unknown') m.presence = 'present';
      m.roles = [...d.after];
      history.push({ kind: 'roles_changed', details: { before: d.before, after: d.after, added: d.added, removed: d.removed } });
      break;
    }
    case 'MemberNicknameChanged': {
      const d = e.data;
      if (m.presence === 'unknown') m.presence = 'present';
      m.nickname = d.after;
      history.push({ kind: 'nickname_changed', details: { before: d.before, after: d.after } });
      break;
    }
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
  return history;
};

const moderationColumns = (s: MemberRecordState) => ({
  ban_status: s.ban?.status ?? null,
  ban_case_number: s.ban?.caseNumber ?? null,
  ban_expires_at: s.ban?.expiresAt ?? null,
  timeout_status: s.timeout?.status ?? null,
  timeout_case_number: s.timeout?.caseNumber ?? null,
  timeout_expires_at: s.timeout?.expiresAt ?? null,
  case_count: s.caseNumbers.length,
});

const applyProfiles = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  const parsed = withCommitIndex(events).flatMap(([e, idx]) => {
    const p = parse(e, idx);
    return p ? [p] : [];
  });
  if (parsed.length === 0) return;
  const [guilds, users] = memberKeyArrays(parsed.map((p) => ({ guildId: p.envelope.guildId, userId: p.userId })));
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT guild_id, user_id, username, global_name, bot, nickname, moderation_name, presence, roles, first_joined_at, joined_at,
            left_at, join_count, leave_count, moderation, first_seen_at, updated_at, last_position
       FROM ${schema}.members WHERE (guild_id, user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [guilds, users],
  );
  const members = new Map(rows.map((r) => [memberKey(r.guild_id as string, r.user_id as string), fromDb(r)]));
  const history: Record<string, unknown>[] = [];
  const touched = new Set<string>();
  for (const p of parsed) {
    const { envelope } = p;
    const key = memberKey(envelope.guildId, p.userId);
    const m = members.get(key) ?? fresh(envelope.guildId, p.userId, envelope.occurredAt);
    members.set(key, m);
    touched.add(key);
    m.updated_at = envelope.occurredAt;
    m.last_position = envelope.position;
    if (p.kind === 'moderation') {
      m.moderation = evolveMemberRecord(m.moderation, p.event);
      m.moderation_name = p.event.data.target.name ?? m.moderation_name;
      continue;
    }
    for (const h of applyCommunity(m, p.event)) {
      history.push({ guild_id: envelope.guildId, user_id: p.userId, idx: p.idx, kind: h.kind, ...envelopeValues(envelope), details: h.details });
    }
  }
  const upserts = [...touched].map((k) => {
    const m = members.get(k)!;
    return { ...m, ...moderationColumns(m.moderation) };
  });
  await insertRows(client, `${schema}.members`, MEMBER_COLUMNS, upserts, upsertOn(['guild_id', 'user_id'], MEMBER_COLUMNS));
  await insertRows(client, `${schema}.member_history`, HISTORY_COLUMNS, history);
};

/**
 * Member search for pickers (searchMembers): a trigram index over the names a moderator types
 * (username, global name, nickname), and the id for prefix matches; the member list's filters.
 */
export const MEMBER_PROFILES_MIGRATION_V2 = (s: string): string => `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX members_name_trgm ON ${s}.members USING gin ((lower(coalesce(username, '') || ' ' || coalesce(global_name, '') || ' ' || coalesce(nickname, ''))) gin_trgm_ops);
CREATE INDEX members_by_id ON ${s}.members (guild_id, user_id text_pattern_ops);
CREATE INDEX members_by_joined ON ${s}.members (guild_id, joined_at, user_id);
`;

export const memberProfilesProjection: Projection = {
  name: 'member_profiles',
  migrations: [MEMBER_PROFILES_MIGRATION_V1, MEMBER_PROFILES_MIGRATION_V2],
  eventTypes: [...Object.keys(memberEvents), ...Object.keys(memberRecordEvents)],
  apply: (events, { client, schema }) => applyProfiles(events, client, schema),
};
