import { RuleDefinitionSchema, type RuleDefinition } from '@guildhall/automation';
import { ActorSchema, type Actor, type Source } from '@guildhall/kernel';
import { z } from 'zod';
import { iso, isoOf, num, readModel, type Db } from './db.js';
import { decodeCursor, encodeCursor, GuildIdSchema, LimitSchema, pageOf, parseQuery, type Page } from './query-input.js';

const RuleId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -');

export type AutomodRuleView = Readonly<{
  ruleId: string;
  name: string;
  triggerKind: string;
  revision: number;
  enabled: boolean;
  dryRun: boolean;
  definition: RuleDefinition;
  createdBy: Actor;
  createdAt: string;
  updatedBy: Actor;
  updatedAt: string;
  hits: number;
  lastHitAt: string | null;
}>;

type RuleRow = {
  rule_id: string;
  name: string;
  trigger_kind: string;
  revision: number;
  enabled: boolean;
  dry_run: boolean;
  definition: unknown;
  created_by: unknown;
  created_at: Date;
  updated_by: unknown;
  updated_at: Date;
  hits: number;
  last_hit_at: Date | null;
};

const ruleOf = (r: RuleRow): AutomodRuleView => ({
  ruleId: r.rule_id,
  name: r.name,
  triggerKind: r.trigger_kind,
  revision: r.revision,
  enabled: r.enabled,
  dryRun: r.dry_run,
  definition: RuleDefinitionSchema.parse(r.definition),
  createdBy: ActorSchema.parse(r.created_by),
  createdAt: isoOf(r.created_at),
  updatedBy: ActorSchema.parse(r.updated_by),
  updatedAt: isoOf(r.updated_at),
  hits: r.hits,
  lastHitAt: iso(r.last_hit_at),
});

export const AutomodRulesInputSchema = z.object({ guildId: GuildIdSchema }).strict();

/** A guild's automod rules, by name. */
export const listAutomodRules = async (db: Db, input: z.input<typeof AutomodRulesInputSchema>): Promise<AutomodRuleView[]> => {
  const f = parseQuery('listAutomodRules', AutomodRulesInputSchema, input);
  const { rows } = await db.query<RuleRow>(`SELECT * FROM ${readModel('automod_rules')}.rules WHERE guild_id = $1 ORDER BY lower(name), rule_id`, [f.guildId]);
  return rows.map(ruleOf);
};

export const AutomodRuleInputSchema = z.object({ guildId: GuildIdSchema, ruleId: RuleId }).strict();

export const getAutomodRule = async (db: Db, input: z.input<typeof AutomodRuleInputSchema>): Promise<AutomodRuleView | null> => {
  const f = parseQuery('getAutomodRule', AutomodRuleInputSchema, input);
  const { rows } = await db.query<RuleRow>(`SELECT * FROM ${readModel('automod_rules')}.rules WHERE guild_id = $1 AND rule_id = $2`, [f.guildId, f.ruleId]);
  return rows[0] ? ruleOf(rows[0]) : null;
};

export type AutomodRuleHistoryEntry = Readonly<{
  type: string;
  revision: number;
  changed: readonly string[];
  definition: RuleDefinition | null;
  actor: Actor;
  source: Source;
  occurredAt: string;
}>;

/** Every edit, enable and disable of a rule, oldest first. */
export const listAutomodRuleHistory = async (db: Db, input: z.input<typeof AutomodRuleInputSchema>): Promise<AutomodRuleHistoryEntry[]> => {
  const f = parseQuery('listAutomodRuleHistory', AutomodRuleInputSchema, input);
  const { rows } = await db.query<{ type: string; revision: number; changed: string[]; definition: unknown; actor: unknown; source: Source; occurred_at: Date }>(
    `SELECT * FROM ${readModel('automod_rules')}.rule_history WHERE guild_id = $1 AND rule_id = $2 ORDER BY position, seq`,
    [f.guildId, f.ruleId],
  );
  return rows.map((r) => ({
    type: r.type,
    revision: r.revision,
    changed: r.changed,
    definition: r.definition === null ? null : RuleDefinitionSchema.parse(r.definition),
    actor: ActorSchema.parse(r.actor),
    source: r.source,
    occurredAt: isoOf(r.occurred_at),
  }));
};

export type AutomodHitView = Readonly<{
  ruleId: string;
  revision: number;
  dryRun: boolean;
  reason: string;
  at: string;
  subjectKind: 'message' | 'join';
  messageId: string | null;
  channelId: string | null;
  userId: string;
  userName: string;
  content: string | null;
  actions: readonly string[];
  /** pending | deleted | failed; null when the rule does not delete (or only logged). */
  deleteStatus: string | null;
  deleteDetail: string | null;
  recordedAt: string;
}>;

export const AutomodHitsInputSchema = z
  .object({ guildId: GuildIdSchema, ruleId: RuleId.optional(), dryRun: z.boolean().optional(), limit: LimitSchema, cursor: z.string().max(500).optional() })
  .strict();

const HitKey = z.tuple([z.number(), z.string(), z.string()]);

/** Hits (the live log; `dryRun: true` is the dry-run log), newest first, keyset-paginated. */
export const listAutomodHits = async (db: Db, input: z.input<typeof AutomodHitsInputSchema>): Promise<Page<AutomodHitView>> => {
  const f = parseQuery('listAutomodHits', AutomodHitsInputSchema, input);
  const after = f.cursor ? decodeCursor('listAutomodHits', 'desc', f.cursor, HitKey) : null;
  const { rows } = await db.query<{
    rule_id: string;
    subject_key: string;
    position: string;
    revision: number;
    dry_run: boolean;
    reason: string;
    at: Date;
    subject_kind: 'message' | 'join';
    message_id: string | null;
    channel_id: string | null;
    user_id: string;
    user_name: string;
    content: string | null;
    actions: { kind: string }[];
    delete_status: string | null;
    delete_detail: string | null;
    recorded_at: Date;
  }>(
    `SELECT * FROM ${readModel('automod_rules')}.hits
      WHERE guild_id = $1 AND ($2::text IS NULL OR rule_id = $2) AND ($3::boolean IS NULL OR dry_run = $3)
        AND ($4::bigint IS NULL OR (position, rule_id, subject_key) < ($4::bigint, $5::text, $6::text))
      ORDER BY position DESC, rule_id DESC, subject_key DESC LIMIT $7`,
    [f.guildId, f.ruleId ?? null, f.dryRun ?? null, after?.[0] ?? null, after?.[1] ?? '', after?.[2] ?? '', f.limit + 1],
  );
  return pageOf(
    rows,
    f.limit,
    (r) => ({
      ruleId: r.rule_id,
      revision: r.revision,
      dryRun: r.dry_run,
      reason: r.reason,
      at: isoOf(r.at),
      subjectKind: r.subject_kind,
      messageId: r.message_id,
      channelId: r.channel_id,
      userId: r.user_id,
      userName: r.user_name,
      content: r.content,
      actions: r.actions.map((a) => a.kind),
      deleteStatus: r.delete_status,
      deleteDetail: r.delete_detail,
      recordedAt: isoOf(r.recorded_at),
    }),
    (r) => encodeCursor('listAutomodHits', 'desc', [num(r.position), r.rule_id, r.subject_key]),
  );
};
