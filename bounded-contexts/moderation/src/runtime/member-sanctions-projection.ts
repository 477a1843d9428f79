import type { Projection, ProjectionContext } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import { memberRecordEvents, type MemberRecordEvent } from '../member-record/events.js';
import { evolveMemberRecord, initialMemberRecord, type MemberRecordState } from '../member-record/state.js';
import { parseModerationEvent } from '../moderation-events.js';

export const MEMBER_SANCTIONS = 'moderation_sanctions';

/**
 * One row per member with a moderation record: the record folded by the member record's own
 * evolve (`state`), and what reconciliation asks of it: banned (pending or in force) and the
 * timeout's end. `sanctioned` indexes the members Guildhall believes banned or timed out.
 */
export const MEMBER_SANCTIONS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.members (
  guild_id text NOT NULL,
  user_id text NOT NULL,
  state jsonb NOT NULL,
  banned boolean NOT NULL,
  timeout_until timestamptz,
  PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX members_sanctioned ON ${s}.members (guild_id) WHERE banned OR timeout_until IS NOT NULL;
`;

const EVENT_TYPES = Object.keys(memberRecordEvents);

const isMemberRecordEvent = (e: ReturnType<typeof parseModerationEvent>): e is MemberRecordEvent =>
  e !== undefined && Object.hasOwn(memberRecordEvents, e.type);

/** A pending timeout has no end yet (it counts from when Discord applies it); treat it as "until further notice". */
const timeoutUntil = (s: MemberRecordState): string | null =>
  s.timeout === null ? null : (s.timeout.expiresAt ?? '9999-12-31T23:59:59.000Z');

const load = async (ctx: ProjectionContext, guildId: string, userId: string): Promise<MemberRecordState> => {
  const { rows } = await ctx.client.query<{ state: MemberRecordState }>(
    `SELECT state FROM ${ctx.schema}.members WHERE guild_id = $1 AND user_id = $2`,
    [guildId, userId],
  );
  return rows[0]?.state ?? initialMemberRecord();
};

/**
 * Read model `moderation_sanctions`, private to the moderation service (like the expiry
 * schedule, on the same kind of runner): whom Guildhall believes banned or timed out, per guild,
 * so a Discord snapshot after downtime can be compared with it without reading every stream.
 */
export const memberSanctionsProjection: Projection = {
  name: MEMBER_SANCTIONS,
  migrations: [MEMBER_SANCTIONS_MIGRATION_V1],
  eventTypes: EVENT_TYPES,
  apply: async (events: readonly EventEnvelope[], ctx) => {
    // Fold the batch per member in order, then write each member once.
    const touched = new Map<string, { guildId: string; userId: string; state: MemberRecordState }>();
    for (const e of events) {
      const event = parseModerationEvent(e);
      if (!isMemberRecordEvent(event)) continue;
      const userId = event.data.target.id;
      const key = `${e.guildId}/${userId}`;
      const current = touched.get(key) ?? { guildId: e.guildId, userId, state: await load(ctx, e.guildId, userId) };
      touched.set(key, { ...current, state: evolveMemberRecord(current.state, event) });
    }
    for (const { guildId, userId, state } of touched.values()) {
      await ctx.client.query(
        `INSERT INTO ${ctx.schema}.members (guild_id, user_id, state, banned, timeout_until) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (guild_id, user_id) DO UPDATE SET state = EXCLUDED.state, banned = EXCLUDED.banned, timeout_until = EXCLUDED.timeout_until`,
        [guildId, userId, JSON.stringify(state), state.ban !== null, timeoutUntil(state)],
      );
    }
  },
};
