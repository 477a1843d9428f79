import type { Projection } from '@guildhall/eventing';
import { automodHitEvents, automodRuleEvents, parseAutomodHitEvent, parseAutomodRuleEvent } from '@guildhall/automation';
import type { EventEnvelope } from '@guildhall/kernel';
import type { PoolClient } from 'pg';

/**
 * Read model `automod_rules`: each guild's rules as of their last edit (`rules`), every edit,
 * enable and disable (`rule_history`, the rule's history), and every hit with its message and
 * what became of the delete (`hits`: the dry-run log, too). `hits.content` is personal data (the
 * hit event's `subject.content`).
 */
export const AUTOMOD_RULES_MIGRATION_V1 = (s: string): string => `
CREATE TABLE ${s}.rules (
  guild_id text NOT NULL,
  rule_id text NOT NULL,
  name text NOT NULL,
  trigger_kind text NOT NULL,
  revision integer NOT NULL,
  enabled boolean NOT NULL,
  dry_run boolean NOT NULL,
  definition jsonb NOT NULL,
  created_by jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_by jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  hits integer NOT NULL DEFAULT 0,
  last_hit_at timestamptz,
  PRIMARY KEY (guild_id, rule_id)
);
CREATE TABLE ${s}.rule_history (
  guild_id text NOT NULL,
  rule_id text NOT NULL,
  position bigint NOT NULL,
  seq integer NOT NULL,
  type text NOT NULL,
  revision integer NOT NULL,
  changed text[] NOT NULL,
  definition jsonb,
  actor jsonb NOT NULL,
  source text NOT NULL,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, rule_id, position, seq)
);
CREATE TABLE ${s}.hits (
  guild_id text NOT NULL,
  rule_id text NOT NULL,
  subject_key text NOT NULL,
  position bigint NOT NULL,
  revision integer NOT NULL,
  dry_run boolean NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL,
  subject_kind text NOT NULL,
  message_id text,
  channel_id text,
  user_id text NOT NULL,
  user_name text NOT NULL,
  content text,
  actions jsonb NOT NULL,
  delete_status text,
  delete_detail text,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (guild_id, rule_id, subject_key)
);
CREATE INDEX hits_by_time ON ${s}.hits (guild_id, position);
`;

const apply = async (events: readonly EventEnvelope[], client: PoolClient, s: string): Promise<void> => {
  const seqs = new Map<number, number>();
  for (const e of events) {
    const seq = seqs.get(e.position) ?? 0;
    seqs.set(e.position, seq + 1);
    const rule = parseAutomodRuleEvent(e);
    if (rule) {
      const d = rule.data;
      const actor = JSON.stringify(e.actor);
      switch (rule.type) {
        case 'AutomodRuleCreated':
        case 'AutomodRuleUpdated': {
          const def = rule.data.definition;
          await client.query(
            `INSERT INTO ${s}.rules (guild_id, rule_id, name, trigger_kind, revision, enabled, dry_run, definition, created_by, created_at, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, false, $6, $7, $8, $9, $8, $9)
             ON CONFLICT (guild_id, rule_id) DO UPDATE SET name = EXCLUDED.name, trigger_kind = EXCLUDED.trigger_kind, revision = EXCLUDED.revision,
               dry_run = EXCLUDED.dry_run, definition = EXCLUDED.definition, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
            [e.guildId, d.ruleId, def.name, def.trigger.kind, d.revision, def.dryRun, JSON.stringify(def), actor, e.occurredAt],
          );
          break;
        }
        case 'AutomodRuleEnabled':
        case 'AutomodRuleDisabled':
          await client.query(`UPDATE ${s}.rules SET enabled = $3, updated_by = $4, updated_at = $5 WHERE guild_id = $1 AND rule_id = $2`, [
            e.guildId,
            d.ruleId,
            rule.type === 'AutomodRuleEnabled',
            actor,
            e.occurredAt,
          ]);
          break;
        default: {
          const unknown: never = rule;
          return unknown;
        }
      }
      await client.query(
        `INSERT INTO ${s}.rule_history (guild_id, rule_id, position, seq, type, revision, changed, definition, actor, source, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
        [
          e.guildId,
          d.ruleId,
          e.position,
          seq,
          rule.type,
          d.revision,
          rule.type === 'AutomodRuleUpdated' ? rule.data.changed : [],
          rule.type === 'AutomodRuleCreated' || rule.type === 'AutomodRuleUpdated' ? JSON.stringify(rule.data.definition) : null,
          actor,
          e.source,
          e.occurredAt,
        ],
      );
      continue;
    }
    const hit = parseAutomodHitEvent(e);
    if (!hit) continue;
    switch (hit.type) {
      case 'AutomodRuleHit': {
        const d = hit.data;
        const sub = d.subject;
        const key = sub.kind === 'message' ? `message-${sub.messageId}` : `join-${sub.userId}`;
        const { rowCount } = await client.query(
          `INSERT INTO ${s}.hits (guild_id, rule_id, subject_key, position, revision, dry_run, reason, at, subject_kind, message_id, channel_id, user_id, user_name, content, actions, delete_status, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT DO NOTHING`,
          [
            e.guildId,
            d.ruleId,
            key,
            e.position,
            d.revision,
            d.dryRun,
            d.reason,
            d.at,
            sub.kind,
            sub.kind === 'message' ? sub.messageId : null,
            sub.kind === 'message' ? sub.channelId : null,
            sub.kind === 'message' ? sub.authorId : sub.userId,
            sub.kind === 'message' ? sub.authorName : sub.userName,
            sub.kind === 'message' ? sub.content : null,
            JSON.stringify(d.actions),
            !d.dryRun && sub.kind === 'message' && d.actions.some((a) => a.kind === 'delete') ? 'pending' : null,
            e.occurredAt,
          ],
        );
        if (rowCount) await client.query(`UPDATE ${s}.rules SET hits = hits + 1, last_hit_at = greatest(last_hit_at, $3) WHERE guild_id = $1 AND rule_id = $2`, [e.guildId, d.ruleId, e.occurredAt]);
        break;
      }
      case 'AutomodMessageDeleted':
      case 'AutomodMessageDeleteFailed':
        await client.query(`UPDATE ${s}.hits SET delete_status = $4, delete_detail = $5 WHERE guild_id = $1 AND rule_id = $2 AND subject_key = $3`, [
          e.guildId,
          hit.data.ruleId,
          `message-${hit.data.messageId}`,
          hit.type === 'AutomodMessageDeleted' ? 'deleted' : 'failed',
          hit.type === 'AutomodMessageDeleteFailed' ? hit.data.reason : null,
        ]);
        break;
      default: {
        const unknown: never = hit;
        return unknown;
      }
    }
  }
};

export const automodRulesProjection: Projection = {
  name: 'automod_rules',
  migrations: [AUTOMOD_RULES_MIGRATION_V1],
  eventTypes: [...Object.keys(automodRuleEvents), ...Object.keys(automodHitEvents)],
  apply: (events, { client, schema }) => apply(events, client, schema),
};
