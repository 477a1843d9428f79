import { evolveCaseAppeals, parseAppealEvent, parseAppealSettingsEvent, type Appeal, type AppealEvent } from '@guildhall/appeals';
import type { Projection } from '@guildhall/eventing';
import type { EventEnvelope } from '@guildhall/kernel';
import type { PoolClient } from 'pg';

/**
 * Read model `appeals`: one row per appeal with its filterable columns and its state (the appeals
 * context's own evolve, so the read model never disagrees with the decider), and each guild's
 * appeal settings. The review queue lists by (guild, status, submitted_at); the member's record
 * finds a member's appeals by appellant across guilds. (The reminder sweep keeps its own schedule
 * in the appeals service.)
 */
export const APPEALS_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.appeals (
  appeal_id text PRIMARY KEY,
  guild_id text NOT NULL,
  case_number integer NOT NULL,
  appellant_id text NOT NULL,
  status text NOT NULL,
  reviewer_id text,
  case_moderator_id text NOT NULL,
  case_action text NOT NULL,
  submitted_at timestamptz NOT NULL,
  review_due_at timestamptz NOT NULL,
  reminded boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  state jsonb NOT NULL
);
CREATE INDEX appeals_by_status ON ${s}.appeals (guild_id, status, submitted_at, appeal_id);
CREATE INDEX appeals_by_case ON ${s}.appeals (guild_id, case_number, submitted_at);
CREATE INDEX appeals_by_appellant ON ${s}.appeals (appellant_id, submitted_at);
CREATE TABLE ${s}.appeal_settings (
  guild_id text PRIMARY KEY,
  settings jsonb NOT NULL,
  changed_by jsonb NOT NULL,
  changed_at timestamptz NOT NULL
);
`;

const write = async (client: PoolClient, schema: string, guildId: string, caseNumber: number, a: Appeal, at: string): Promise<void> => {
  await client.query(
    `INSERT INTO ${schema}.appeals (appeal_id, guild_id, case_number, appellant_id, status, reviewer_id, case_moderator_id, case_action, submitted_at, review_due_at, reminded, updated_at, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (appeal_id) DO UPDATE SET status = EXCLUDED.status, reviewer_id = EXCLUDED.reviewer_id, reminded = EXCLUDED.reminded, updated_at = EXCLUDED.updated_at, state = EXCLUDED.state`,
    [a.appealId, guildId, caseNumber, a.appellantId, a.status, a.reviewer?.id ?? null, a.appealedCase.moderatorId, a.appealedCase.action, a.submittedAt, a.reviewDueAt, a.remindedAt !== null, at, JSON.stringify(a)],
  );
};

const applyAppeal = async (client: PoolClient, schema: string, envelope: EventEnvelope, e: AppealEvent): Promise<void> => {
  const { appealId, guildId, caseNumber } = e.data;
  let before: Appeal[] = [];
  if (e.type !== 'AppealSubmitted') {
    const { rows } = await client.query<{ state: Appeal }>(`SELECT state FROM ${schema}.appeals WHERE appeal_id = $1`, [appealId]);
    if (!rows[0]) return;
    before = [rows[0].state];
  }
  const after = evolveCaseAppeals({ appeals: before }, e).appeals.find((a) => a.appealId === appealId);
  if (after) await write(client, schema, guildId, caseNumber, after, envelope.occurredAt);
};

const apply = async (events: readonly EventEnvelope[], client: PoolClient, schema: string): Promise<void> => {
  // In order, one statement each: an appeal's events usually come one at a time, minutes apart.
  for (const envelope of events) {
    const appeal = parseAppealEvent(envelope);
    if (appeal) {
      await applyAppeal(client, schema, envelope, appeal);
      continue;
    }
    const settings = parseAppealSettingsEvent(envelope);
    if (settings?.type === 'AppealSettingsChanged') {
      await client.query(
        `INSERT INTO ${schema}.appeal_settings (guild_id, settings, changed_by, changed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (guild_id) DO UPDATE SET settings = EXCLUDED.settings, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at`,
        [envelope.guildId, JSON.stringify(settings.data.settings), JSON.stringify(settings.data.changedBy), settings.data.changedAt],
      );
    }
  }
};

export const appealsProjection: Projection = {
  name: 'appeals',
  migrations: [APPEALS_MIGRATION_V1],
  eventTypes: ['AppealSubmitted', 'AppealAssigned', 'AppealDecided', 'AppealWithdrawn', 'AppealReminderDue', 'AppealSettingsChanged'],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
